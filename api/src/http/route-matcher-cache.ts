import { createRequire } from 'node:module';

/**
 * Makes express-openapi-validator compile each route's matcher once instead of on every request.
 *
 * Its route lookup (openapi.metadata.js, lookupRoute in 5.6.2) calls path-to-regexp's
 * `pathToRegexp` for every documented route it scans, for every request: with our ~80 routes that
 * was about a fifth of the CPU time of POST /v1/score under load (path-to-regexp's parse, escape
 * and RegExp construction at the top of the profile). Upstream has an open fix (cdimascio/
 * express-openapi-validator#1217, "perf: cache route matchers"); until it ships, this wraps the
 * `pathToRegexp` export of the path-to-regexp instance the validator loads with a memo.
 *
 * The wrapper is transparent: `pathToRegexp` is a pure function of a string route and plain
 * options; its result (a non-global RegExp and the parameter keys) is only read, never mutated,
 * so sharing it between requests changes nothing. Other inputs (token data, arrays, options with
 * functions) pass straight through.
 */

type PathToRegexp = (path: unknown, options?: Record<string, unknown>) => { regexp: RegExp; keys: unknown[] };

/** Enough for every route of the spec many times over; a full memo starts afresh rather than grow. */
const MAX_ENTRIES = 2000;
const MEMOISED = Symbol.for('defaultrate.pathToRegexp.memoised');

/** Installs the memo (once per process; later calls do nothing). Returns the patched module, for tests. */
export function cacheValidatorRouteMatchers(): { pathToRegexp: PathToRegexp } {
  const require = createRequire(import.meta.url);
  const fromValidator = createRequire(require.resolve('express-openapi-validator'));
  const pathToRegexpModule = fromValidator('path-to-regexp') as { pathToRegexp: PathToRegexp & { [MEMOISED]?: true } };
  if (pathToRegexpModule.pathToRegexp[MEMOISED]) return pathToRegexpModule;

  const compile = pathToRegexpModule.pathToRegexp;
  // Route → options signature → matcher. The validator passes the same route strings every time
  // (their hashes are cached), so the outer lookup costs little; the signature is short.
  const memo = new Map<string, Map<string, ReturnType<PathToRegexp>>>();
  let size = 0;
  const memoised = Object.assign(
    (path: unknown, options?: Record<string, unknown>): ReturnType<PathToRegexp> => {
      const signature = typeof path === 'string' ? optionsSignature(options) : null;
      if (signature === null) return compile(path, options);
      let byOptions = memo.get(path as string);
      if (byOptions === undefined) {
        if (size >= MAX_ENTRIES) {
          memo.clear();
          size = 0;
        }
        byOptions = new Map();
        memo.set(path as string, byOptions);
      }
      let compiled = byOptions.get(signature);
      if (compiled === undefined) {
        compiled = compile(path, options);
        byOptions.set(signature, compiled);
        size++;
      }
      return compiled;
    },
    { [MEMOISED]: true as const },
  );
  pathToRegexpModule.pathToRegexp = memoised;
  return pathToRegexpModule;
}

/** The options as `name=value;` pairs, or null when one is an object or function (not memoised). */
function optionsSignature(options: Record<string, unknown> | undefined): string | null {
  let signature = '';
  for (const name in options) {
    const value = options[name];
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') return null;
    signature += `${name}=${String(value)};`;
  }
  return signature;
}
