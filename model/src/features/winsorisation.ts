import type { Matrix } from '../matrix.ts';

/** Per-column clipping limits learned on training data. */
export interface WinsorLimits {
  lower: number[];
  upper: number[];
}

/** Type-7 (linear interpolation) quantile of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Learns clipping limits per column as the `q` and `1 − q` quantiles of the non-missing training
 * values, so one absurd ratio (a near-zero denominator) cannot dominate a linear coefficient.
 */
export function fitWinsorLimits(X: Matrix, q = 0.01): WinsorLimits {
  if (!(q >= 0 && q < 0.5)) throw new RangeError(`q must be in [0, 0.5), got ${q}`);
  const lower: number[] = [];
  const upper: number[] = [];
  const column = new Float64Array(X.nRows);
  for (let j = 0; j < X.nCols; j++) {
    let n = 0;
    for (let i = 0; i < X.nRows; i++) {
      const v = X.data[i * X.nCols + j];
      if (!Number.isNaN(v)) column[n++] = v;
    }
    const sorted = column.subarray(0, n).sort();
    lower.push(n > 0 ? quantileSorted(sorted, q) : 0);
    upper.push(n > 0 ? quantileSorted(sorted, 1 - q) : 0);
  }
  return { lower, upper };
}

/** Clips a value to [lower, upper], keeping NaN as missing. */
export function winsorise(value: number, lower: number, upper: number): number {
  return value < lower ? lower : value > upper ? upper : value;
}
