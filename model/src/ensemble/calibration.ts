import { logit, sigmoid } from '../linear/logistic-regression.ts';
import { logLoss } from '../metrics/log-loss.ts';

/** Calibration methods. */
export const CALIBRATION_METHODS = ['platt', 'isotonic'] as const;
/** One of {@link CALIBRATION_METHODS}. */
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

/**
 * Isotonic PDs are kept inside [ISOTONIC_FLOOR, 1 − ISOTONIC_FLOOR]: a block of validation rows
 * without a default would otherwise promise PD = 0, which no finite sample can support.
 */
export const ISOTONIC_FLOOR = 1e-4;

/** Serialised calibrator, format `dr-calibration@1`. */
export type CalibratorJSON =
  | { format: 'dr-calibration@1'; method: 'platt'; state: { slope: number; intercept: number } }
  | { format: 'dr-calibration@1'; method: 'isotonic'; state: { x: number[]; y: number[] } };

/** Maps an ensemble logit to a calibrated PD. */
export interface Calibrator {
  readonly method: CalibrationMethod;
  /** Calibrated PD of one score. */
  predict(score: number): number;
  toJSON(): CalibratorJSON;
}

/** Platt scaling: PD = σ(slope·score + intercept), fitted by maximum likelihood. */
export class PlattCalibrator implements Calibrator {
  readonly method = 'platt' as const;
  readonly slope: number;
  readonly intercept: number;

  constructor(slope: number, intercept: number) {
    this.slope = slope;
    this.intercept = intercept;
  }

  /** Fits slope and intercept by Newton's method on the two-parameter log-likelihood. */
  static fit(scores: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): PlattCalibrator {
    let pos = 0;
    let tot = 0;
    for (let i = 0; i < y.length; i++) {
      const w = sampleWeight ? sampleWeight[i] : 1;
      pos += w * y[i];
      tot += w;
    }
    let a = 1;
    let b = logit(Math.min(Math.max(pos / tot, 1e-6), 1 - 1e-6));
    // Start from the identity slope but let the intercept absorb the base rate.
    let mean = 0;
    for (let i = 0; i < scores.length; i++) mean += scores[i];
    b -= mean / Math.max(scores.length, 1);
    const nll = (sa: number, sb: number): number => {
      let s = 0;
      for (let i = 0; i < scores.length; i++) {
        const z = sa * scores[i] + sb;
        const w = sampleWeight ? sampleWeight[i] : 1;
        s += w * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z);
      }
      return s + 1e-9 * (sa * sa + sb * sb);
    };
    let current = nll(a, b);
    for (let iter = 0; iter < 100; iter++) {
      let ga = 0;
      let gb = 0;
      let haa = 2e-9;
      let hab = 0;
      let hbb = 2e-9;
      for (let i = 0; i < scores.length; i++) {
        const w = sampleWeight ? sampleWeight[i] : 1;
        const p = sigmoid(a * scores[i] + b);
        const r = w * (p - y[i]);
        const h = w * p * (1 - p);
        ga += r * scores[i];
        gb += r;
        haa += h * scores[i] * scores[i];
        hab += h * scores[i];
        hbb += h;
      }
      ga += 2e-9 * a;
      gb += 2e-9 * b;
      const det = haa * hbb - hab * hab;
      if (!(det > 0)) break;
      const da = (hbb * ga - hab * gb) / det;
      const db = (haa * gb - hab * ga) / det;
      let t = 1;
      let isAccepted = false;
      for (let k = 0; k < 40; k++) {
        const next = nll(a - t * da, b - t * db);
        if (next <= current) {
          a -= t * da;
          b -= t * db;
          const gain = current - next;
          current = next;
          isAccepted = gain > 1e-12 * Math.max(1, current);
          break;
        }
        t /= 2;
      }
      if (!isAccepted) break;
    }
    return new PlattCalibrator(a, b);
  }

  predict(score: number): number {
    return sigmoid(this.slope * score + this.intercept);
  }

  toJSON(): CalibratorJSON {
    return { format: 'dr-calibration@1', method: 'platt', state: { slope: this.slope, intercept: this.intercept } };
  }
}

/**
 * Isotonic regression by pool-adjacent-violators: the best non-decreasing step function of the
 * score. Each pooled block contributes its first and last score as knots, and PDs between knots
 * are linearly interpolated, so nearby scores do not jump between steps.
 */
export class IsotonicCalibrator implements Calibrator {
  readonly method = 'isotonic' as const;
  readonly x: Float64Array;
  readonly y: Float64Array;

  constructor(x: ArrayLike<number>, y: ArrayLike<number>) {
    if (x.length !== y.length || x.length === 0) throw new RangeError(`x and y must be non-empty and equally long, got ${x.length} and ${y.length}`);
    this.x = Float64Array.from(x);
    this.y = Float64Array.from(y);
  }

  /** Fits the monotone map of scores to default rates. */
  static fit(scores: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): IsotonicCalibrator {
    const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i] - scores[j] || i - j);
    // Blocks as parallel stacks: weighted sum of labels, weight, first and last score.
    const sum: number[] = [];
    const weight: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (const i of order) {
      const w = sampleWeight ? sampleWeight[i] : 1;
      const s = scores[i];
      if (hi.length > 0 && hi[hi.length - 1] === s) {
        // Equal scores must share one PD, so ties join the current block outright.
        sum[sum.length - 1] += w * y[i];
        weight[weight.length - 1] += w;
      } else {
        sum.push(w * y[i]);
        weight.push(w);
        lo.push(s);
        hi.push(s);
      }
      while (sum.length > 1 && sum[sum.length - 2] / weight[weight.length - 2] >= sum[sum.length - 1] / weight[weight.length - 1]) {
        const s1 = sum.pop()!;
        const w1 = weight.pop()!;
        const h1 = hi.pop()!;
        lo.pop();
        sum[sum.length - 1] += s1;
        weight[weight.length - 1] += w1;
        hi[hi.length - 1] = h1;
      }
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (let b = 0; b < sum.length; b++) {
      const v = Math.min(Math.max(sum[b] / weight[b], ISOTONIC_FLOOR), 1 - ISOTONIC_FLOOR);
      xs.push(lo[b]);
      ys.push(v);
      if (hi[b] !== lo[b]) {
        xs.push(hi[b]);
        ys.push(v);
      }
    }
    return new IsotonicCalibrator(xs, ys);
  }

  predict(score: number): number {
    const { x, y } = this;
    if (!(score > x[0])) return y[0];
    const last = x.length - 1;
    if (score >= x[last]) return y[last];
    let l = 0;
    let h = last;
    while (h - l > 1) {
      const m = (l + h) >>> 1;
      if (x[m] <= score) l = m;
      else h = m;
    }
    const t = (score - x[l]) / (x[h] - x[l]);
    return y[l] + t * (y[h] - y[l]);
  }

  toJSON(): CalibratorJSON {
    return { format: 'dr-calibration@1', method: 'isotonic', state: { x: Array.from(this.x), y: Array.from(this.y) } };
  }
}

/** Fits a calibrator of the given method. */
export function fitCalibrator(method: CalibrationMethod, scores: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  return method === 'platt' ? PlattCalibrator.fit(scores, y) : IsotonicCalibrator.fit(scores, y);
}

/** Restores a calibrator saved by `toJSON()`. */
export function calibratorFromJSON(json: unknown): Calibrator {
  const j = json as CalibratorJSON;
  if (j?.format !== 'dr-calibration@1') throw new TypeError(`json.format must be 'dr-calibration@1', got ${JSON.stringify((j as { format?: unknown })?.format)}`);
  if (j.method === 'platt') return new PlattCalibrator(j.state.slope, j.state.intercept);
  if (j.method === 'isotonic') return new IsotonicCalibrator(j.state.x, j.state.y);
  throw new TypeError(`json.method must be 'platt' or 'isotonic', got ${JSON.stringify((j as { method?: unknown }).method)}`);
}

/** Fold labels for cross-fitting: the groups given (e.g. fiscal years), or 5 interleaved folds. */
function foldsOf(n: number, groups?: ArrayLike<number>): Int32Array {
  const folds = new Int32Array(n);
  if (groups) {
    const ids = [...new Set(Array.from(groups))].sort((a, b) => a - b);
    if (ids.length >= 2) {
      for (let i = 0; i < n; i++) folds[i] = ids.indexOf(groups[i]);
      return folds;
    }
  }
  for (let i = 0; i < n; i++) folds[i] = i % 5;
  return folds;
}

/**
 * Out-of-fold PDs of a calibration method: each fold is calibrated by a map fitted on the
 * others, so the score reflects how the map generalises rather than how well it memorises.
 */
export function crossFitCalibration(method: CalibrationMethod, scores: ArrayLike<number>, y: ArrayLike<number>, groups?: ArrayLike<number>): Float64Array {
  const folds = foldsOf(scores.length, groups);
  const nFolds = Math.max(...folds) + 1;
  const out = new Float64Array(scores.length);
  for (let f = 0; f < nFolds; f++) {
    const trainS: number[] = [];
    const trainY: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      if (folds[i] !== f) {
        trainS.push(scores[i]);
        trainY.push(y[i]);
      }
    }
    const calibrator = fitCalibrator(method, trainS, trainY);
    for (let i = 0; i < scores.length; i++) if (folds[i] === f) out[i] = calibrator.predict(scores[i]);
  }
  return out;
}

/** Result of {@link selectCalibrator}. */
export interface CalibrationSelection {
  calibrator: Calibrator;
  /** Cross-fitted log-loss of each method on the calibration rows. */
  crossFitLogLoss: Record<CalibrationMethod, number>;
}

/**
 * Chooses Platt or isotonic by cross-fitted log-loss on the calibration rows (folds = `groups`,
 * e.g. the validation years) and refits the winner on all of them. Comparing in-sample would
 * always favour isotonic, which can fit the rows it is scored on almost perfectly.
 */
export function selectCalibrator(scores: ArrayLike<number>, y: ArrayLike<number>, groups?: ArrayLike<number>): CalibrationSelection {
  const crossFitLogLoss = {
    platt: logLoss(y, crossFitCalibration('platt', scores, y, groups)),
    isotonic: logLoss(y, crossFitCalibration('isotonic', scores, y, groups)),
  };
  const method: CalibrationMethod = crossFitLogLoss.isotonic < crossFitLogLoss.platt ? 'isotonic' : 'platt';
  return { calibrator: fitCalibrator(method, scores, y), crossFitLogLoss };
}
