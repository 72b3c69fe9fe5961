/**
 * Helpers shared by the serialisable tree structures: JSON has no Infinity or NaN, and typed
 * arrays must be validated on the way back in.
 */

/** A number as JSON can carry it: finite numbers as-is, ±Infinity and NaN as strings. */
export function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** Inverse of `encodeNumber`. */
export function decodeNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (x === 'NaN') return NaN;
  throw new TypeError(`expected a number or "Infinity"/"-Infinity"/"NaN", got ${JSON.stringify(x)}`);
}

/** Reads `json[key]` as an array of numbers of the expected length, or throws a TypeError. */
export function readNumberArray(json: Record<string, unknown>, key: string, where: string, length?: number): number[] {
  const value = json[key];
  if (!Array.isArray(value)) throw new TypeError(`${where}.${key} must be an array`);
  if (length !== undefined && value.length !== length) {
    throw new TypeError(`${where}.${key} must have ${length} entries, got ${value.length}`);
  }
  return value.map(decodeNumber);
}

/**
 * Rounds to 9 significant digits, the precision of a float32. Applied to leaf values when a tree
 * is built, so JSON output is short and the round trip reproduces the model bit for bit.
 */
export function roundToFloat32Digits(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(9)) : x;
}
