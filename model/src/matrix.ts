/**
 * The dense numeric matrix every learner takes: row-major Float64Array, NaN marks a missing value.
 * Row-major because that is how callers build rows (one company-year per row) and how scoring
 * reads them; the tree learners transpose into their own binned column-major copy once per fit.
 */

/** A dense row-major matrix; `NaN` means missing. */
export interface Matrix {
  data: Float64Array;
  nRows: number;
  nCols: number;
}

/** Creates an `nRows × nCols` matrix, zero-filled or wrapping `data` (not copied). */
export function createMatrix(nRows: number, nCols: number, data?: Float64Array): Matrix {
  checkCount('nRows', nRows);
  checkCount('nCols', nCols);
  if (data === undefined) return { data: new Float64Array(nRows * nCols), nRows, nCols };
  if (!(data instanceof Float64Array)) {
    throw new TypeError(`data must be a Float64Array, got ${describe(data)}`);
  }
  if (data.length !== nRows * nCols) {
    throw new RangeError(`data.length must equal nRows × nCols = ${nRows * nCols}, got ${data.length}`);
  }
  return { data, nRows, nCols };
}

/** Builds a matrix from an array of equal-length rows (convenient in tests and small callers). */
export function matrixFromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const nRows = rows.length;
  const nCols = nRows === 0 ? 0 : rows[0].length;
  const data = new Float64Array(nRows * nCols);
  for (let i = 0; i < nRows; i++) {
    const r = rows[i];
    if (r.length !== nCols) {
      throw new RangeError(`rows[${i}].length must equal rows[0].length = ${nCols}, got ${r.length}`);
    }
    for (let j = 0; j < nCols; j++) data[i * nCols + j] = r[j];
  }
  return { data, nRows, nCols };
}

/** A view (no copy) of row `i`. */
export function row(m: Matrix, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.nRows) {
    throw new RangeError(`i must be an integer in [0, ${m.nRows}), got ${i}`);
  }
  return m.data.subarray(i * m.nCols, (i + 1) * m.nCols);
}

/** A new matrix holding the given rows of `m`, in the given order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const { nCols } = m;
  const out = new Float64Array(indices.length * nCols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    out.set(m.data.subarray(i * nCols, (i + 1) * nCols), k * nCols);
  }
  return { data: out, nRows: indices.length, nCols };
}

/** Throws unless `X` is a well-formed Matrix; `name` is the parameter name used in the message. */
export function checkMatrix(X: unknown, name = 'X'): asserts X is Matrix {
  if (typeof X !== 'object' || X === null) throw new TypeError(`${name} must be a Matrix, got ${describe(X)}`);
  const m = X as Partial<Matrix>;
  if (!(m.data instanceof Float64Array)) {
    throw new TypeError(`${name}.data must be a Float64Array, got ${describe(m.data)}`);
  }
  if (!Number.isInteger(m.nRows) || (m.nRows as number) < 0) {
    throw new RangeError(`${name}.nRows must be a non-negative integer, got ${String(m.nRows)}`);
  }
  if (!Number.isInteger(m.nCols) || (m.nCols as number) < 0) {
    throw new RangeError(`${name}.nCols must be a non-negative integer, got ${String(m.nCols)}`);
  }
  if (m.data.length !== (m.nRows as number) * (m.nCols as number)) {
    throw new RangeError(
      `${name}.data.length must equal nRows × nCols = ${(m.nRows as number) * (m.nCols as number)}, got ${m.data.length}`,
    );
  }
}

/** Throws unless `y` is a Uint8Array of 0/1 labels with `nRows` entries. */
export function checkBinaryLabels(y: unknown, nRows: number, name = 'y'): asserts y is Uint8Array {
  if (!(y instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array, got ${describe(y)}`);
  if (y.length !== nRows) throw new RangeError(`${name}.length must equal X.nRows = ${nRows}, got ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    if (y[i] > 1) throw new RangeError(`${name}[${i}] must be 0 or 1, got ${y[i]}`);
  }
}

/** Throws unless `w` is a Float64Array of finite non-negative weights with `nRows` entries. */
export function checkSampleWeight(w: unknown, nRows: number, name = 'sampleWeight'): asserts w is Float64Array {
  if (!(w instanceof Float64Array)) throw new TypeError(`${name} must be a Float64Array, got ${describe(w)}`);
  if (w.length !== nRows) throw new RangeError(`${name}.length must equal X.nRows = ${nRows}, got ${w.length}`);
  for (let i = 0; i < w.length; i++) {
    if (!(w[i] >= 0) || w[i] === Infinity) {
      throw new RangeError(`${name}[${i}] must be finite and >= 0, got ${w[i]}`);
    }
  }
}

/** Throws unless `X` has exactly `nCols` columns (the number seen in fit). */
export function checkColumnCount(X: Matrix, nCols: number, name = 'X'): void {
  if (X.nCols !== nCols) {
    throw new RangeError(`${name}.nCols must equal the ${nCols} columns seen in fit, got ${X.nCols}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}
