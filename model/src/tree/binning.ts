/**
 * Quantile binning: each feature's real values are mapped to at most `maxBins` ordered bins plus
 * one bin reserved for missing values. Trees are then grown on small integer codes, so a node's
 * statistics fit in a histogram of ≤ 256 slots per feature instead of a sort over its rows.
 */
import type { Matrix } from '../matrix.ts';
import { checkMatrix } from '../matrix.ts';
import { Random } from '../random.ts';
import { decodeNumber, encodeNumber } from './serialization.ts';

/** Largest supported `maxBins`: bin codes are bytes and the code 255 is kept for missing values. */
export const MAX_BINS_LIMIT = 255;

/** Rows used to learn the bin edges; beyond this the quantiles barely move and sorting dominates. */
export const BINNING_SAMPLE_SIZE = 200_000;

/** Serialised form of a fitted `BinMapper`. */
export interface BinMapperJSON {
  maxBins: number;
  /** Per feature, the increasing upper edges; non-finite edges are written as strings. */
  thresholds: Array<Array<number | string>>;
}

/**
 * Learns per-feature bin edges and maps real values to bin codes.
 *
 * A value `x` of feature `f` falls in the first bin `b` with `x <= thresholds[f][b]`, or in the
 * last non-missing bin `thresholds[f].length` if there is none; NaN falls in `missingBin`.
 * So "bin ≤ b" is exactly "x ≤ thresholds[f][b]", which lets a tree trained on bins be scored on
 * raw values with no binning at prediction time.
 */
export class BinMapper {
  /** Number of non-missing bins allowed per feature; also the code of the missing bin. */
  readonly maxBins: number;
  /** Per feature, the strictly increasing bin upper edges (length = non-missing bins − 1). */
  readonly thresholds: Float64Array[];

  private constructor(maxBins: number, thresholds: Float64Array[]) {
    this.maxBins = maxBins;
    this.thresholds = thresholds;
  }

  /** Bin code reserved for missing values (NaN). */
  get missingBin(): number {
    return this.maxBins;
  }

  /** Number of features the mapper was fitted on. */
  get nFeatures(): number {
    return this.thresholds.length;
  }

  /** Number of non-missing bins of feature `f` (at least 1). */
  nBins(f: number): number {
    return this.thresholds[f].length + 1;
  }

  /** Learns bin edges from `X` (subsampled to `BINNING_SAMPLE_SIZE` rows with `seed`). */
  static fit(X: Matrix, maxBins = MAX_BINS_LIMIT, seed = 0): BinMapper {
    checkMatrix(X);
    checkMaxBins(maxBins);
    const { nRows, nCols, data } = X;
    const sampleRows =
      nRows > BINNING_SAMPLE_SIZE ? new Random(seed).sampleWithoutReplacement(nRows, BINNING_SAMPLE_SIZE) : null;
    const nSample = sampleRows === null ? nRows : sampleRows.length;
    // Transpose the sample once, row by row: reading X column by column would stride through
    // memory nCols × 8 bytes at a time for every feature.
    const columns = new Float64Array(nSample * nCols);
    const counts = new Int32Array(nCols);
    for (let k = 0; k < nSample; k++) {
      const base = (sampleRows === null ? k : sampleRows[k]) * nCols;
      for (let f = 0; f < nCols; f++) {
        const v = data[base + f];
        if (v === v) columns[f * nSample + counts[f]++] = v;
      }
    }
    const thresholds: Float64Array[] = [];
    for (let f = 0; f < nCols; f++) {
      const sorted = columns.subarray(f * nSample, f * nSample + counts[f]).sort();
      thresholds.push(learnThresholds(sorted, maxBins));
    }
    return new BinMapper(maxBins, thresholds);
  }

  /** Restores a mapper from `toJSON()` output. */
  static fromJSON(json: unknown): BinMapper {
    if (typeof json !== 'object' || json === null) throw new TypeError('BinMapper JSON must be an object');
    const j = json as Partial<BinMapperJSON>;
    checkMaxBins(j.maxBins as number);
    if (!Array.isArray(j.thresholds)) throw new TypeError('BinMapper JSON thresholds must be an array');
    const thresholds = j.thresholds.map((edges, f) => {
      if (!Array.isArray(edges)) throw new TypeError(`BinMapper JSON thresholds[${f}] must be an array`);
      if (edges.length >= (j.maxBins as number)) {
        throw new RangeError(`thresholds[${f}].length must be < maxBins = ${j.maxBins}, got ${edges.length}`);
      }
      return Float64Array.from(edges, decodeNumber);
    });
    return new BinMapper(j.maxBins as number, thresholds);
  }

  /** Plain-JSON form of the learned edges. */
  toJSON(): BinMapperJSON {
    return { maxBins: this.maxBins, thresholds: this.thresholds.map((t) => Array.from(t, encodeNumber)) };
  }

  /** Bin code of value `x` for feature `f`. */
  binValue(f: number, x: number): number {
    if (x !== x) return this.maxBins;
    return searchBin(this.thresholds[f], x);
  }

  /**
   * Maps `X` to bin codes, column-major (`out[f * nRows + i]`): the histogram builder reads one
   * feature over a node's rows at a time, so each feature's codes should be contiguous.
   */
  transform(X: Matrix): Uint8Array {
    checkMatrix(X);
    if (X.nCols !== this.thresholds.length) {
      throw new RangeError(`X.nCols must equal the ${this.thresholds.length} features the mapper was fitted on, got ${X.nCols}`);
    }
    const { nRows, nCols, data } = X;
    const out = new Uint8Array(nRows * nCols);
    const missing = this.maxBins;
    const edges = this.thresholds;
    // Rows outer: X is read sequentially and each feature's output column is written in order.
    for (let i = 0; i < nRows; i++) {
      const base = i * nCols;
      for (let f = 0; f < nCols; f++) {
        const v = data[base + f];
        out[f * nRows + i] = v === v ? searchBin(edges[f], v) : missing;
      }
    }
    return out;
  }
}

/** First index b with x <= edges[b], or edges.length if none (binary search). */
function searchBin(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bin edges for one feature from its sorted non-missing values.
 *
 * Equal-frequency bins, built greedily over distinct values with their counts rather than by
 * picking fixed quantiles: with heavy ties (many exact zeros in accounting data) fixed quantiles
 * collapse onto the same value and waste bins, while the greedy pass gives a heavy value its own
 * bin and spreads the remaining bins over the remaining rows.
 */
export function learnThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i];
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 0; k + 1 < distinct.length; k++) edges.push(shortestBetween(distinct[k], distinct[k + 1]));
    return Float64Array.from(edges);
  }
  let remainingRows = n;
  let remainingBins = maxBins;
  let inBin = 0;
  for (let k = 0; k + 1 < distinct.length && remainingBins > 1; k++) {
    inBin += counts[k];
    const target = remainingRows / remainingBins;
    // Close the bin once it holds its share, or if adding the next value would overshoot by more
    // than stopping short does.
    const next = counts[k + 1];
    if (inBin >= target || inBin + next - target > target - inBin) {
      edges.push(shortestBetween(distinct[k], distinct[k + 1]));
      remainingRows -= inBin;
      remainingBins--;
      inBin = 0;
    }
  }
  return Float64Array.from(edges);
}

/**
 * An edge t with a <= t < b, preferring the midpoint rounded to as few significant digits as
 * possible: short decimals keep the serialised trees small and still split the training data
 * exactly as the bins did.
 */
export function shortestBetween(a: number, b: number): number {
  let mid = a / 2 + b / 2;
  if (!(mid >= a && mid < b)) mid = a;
  if (!Number.isFinite(mid)) return mid;
  for (let digits = 1; digits <= 17; digits++) {
    const t = Number(mid.toPrecision(digits));
    if (t >= a && t < b) return t;
  }
  return mid;
}

function checkMaxBins(maxBins: number): void {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS_LIMIT) {
    throw new RangeError(`maxBins must be an integer in [2, ${MAX_BINS_LIMIT}], got ${String(maxBins)}`);
  }
}
