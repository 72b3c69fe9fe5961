/** Parsed command line: the command and its `--flag value` pairs (`--flag` alone is "true"). */
export interface CliArgs {
  command: string | undefined;
  flags: Map<string, string>;
}

/** Parses `command --key value --switch`. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const flags = new Map<string, string>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
      else flags.set(a.slice(2), 'true');
    } else if (command === undefined) {
      command = a;
    } else {
      throw new RangeError(`unexpected argument ${JSON.stringify(a)}`);
    }
  }
  return { command, flags };
}
