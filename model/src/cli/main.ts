import { parseArgs } from './args.ts';
import { runEvaluate } from './evaluate-command.ts';
import { runScore } from './score-command.ts';
import { runTrain } from './train-command.ts';

const USAGE = `usage: npm run model -- <command> [flags]
  train     [--out model/artifacts/default-model-v1.json] [--data-dir dir] [--members gbm,rf,lr]
  evaluate  [--artifact path] [--data-dir dir]
  score     --in statements.csv --out scores.csv [--artifact path]
The data directory defaults to $DEFAULTRATE_DATA_DIR, else ../shared/data relative to the repository root.`;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

try {
  const { command, flags } = parseArgs(process.argv.slice(2));
  if (command === 'train') runTrain(flags, log);
  else if (command === 'evaluate') runEvaluate(flags, log);
  else if (command === 'score') runScore(flags, log);
  else {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = command === undefined || command === 'help' ? 0 : 2;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
