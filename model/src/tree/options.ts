/**
 * Hyperparameter checks shared by the tree ensembles. Each throws a RangeError/TypeError naming
 * the option, its value and the rule, sklearn style.
 */

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be an integer ${range}, got ${String(value)}`);
  }
}

/** Throws unless `value` is null or an integer in [min, max]. */
export function checkOptionalInteger(name: string, value: unknown, min: number, max?: number): void {
  if (value !== null) checkInteger(name, value, min, max);
}

/** Throws unless `value` is a finite number in the interval; `open` excludes the lower bound. */
export function checkNumber(name: string, value: unknown, min: number, max: number, lowerOpen = false): void {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (lowerOpen ? value > min : value >= min) && value <= max;
  if (!ok) {
    const lower = lowerOpen ? `(${min}` : `[${min}`;
    const upper = max === Infinity ? 'Infinity)' : `${max}]`;
    throw new RangeError(`${name} must be a finite number in ${lower}, ${upper}, got ${String(value)}`);
  }
}

/** Throws on option names that the model does not know (typos would otherwise be silently ignored). */
export function checkKnownOptions(options: object, defaults: object, model: string): void {
  for (const key of Object.keys(options)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      throw new TypeError(`${model} has no option ${JSON.stringify(key)}; known options: ${Object.keys(defaults).join(', ')}`);
    }
  }
}

/** Total gain per feature scaled to sum to 1 (all zeros if no split was made). */
export function normaliseImportances(gain: Float64Array): Float64Array {
  let total = 0;
  for (let f = 0; f < gain.length; f++) total += gain[f];
  const out = new Float64Array(gain.length);
  if (total > 0) for (let f = 0; f < gain.length; f++) out[f] = gain[f] / total;
  return out;
}
