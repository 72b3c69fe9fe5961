/**
 * Binary log-loss on raw scores (logits), as the boosting loop consumes it: value, gradient and
 * hessian with respect to the raw score, plus numerically stable sigmoid/logit.
 */

/** Smallest probability used when a probability must be turned into a finite log. */
export const PROBABILITY_EPSILON = 1e-15;

/** 1 / (1 + e^-z), computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  // For negative z, e^-z overflows; rewrite as e^z / (1 + e^z).
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(p / (1 − p)), with p clipped to [ε, 1 − ε] so the result is always finite. */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, PROBABILITY_EPSILON), 1 - PROBABILITY_EPSILON);
  return Math.log(q / (1 - q));
}

/** log(1 + e^z) without overflow or loss of precision at either end. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Log-loss of one example on the logit scale: −[y·log σ(z) + (1−y)·log(1−σ(z))] = softplus(z) − y·z.
 * Working from z rather than σ(z) keeps it exact where σ(z) would round to 0 or 1.
 */
export function logLossRaw(y: number, z: number): number {
  return softplus(z) - y * z;
}

/** Derivative of `logLossRaw` in z: σ(z) − y. */
export function logLossGradient(y: number, z: number): number {
  return sigmoid(z) - y;
}

/** Second derivative of `logLossRaw` in z: σ(z)·(1 − σ(z)). */
export function logLossHessian(z: number): number {
  const p = sigmoid(z);
  return p * (1 - p);
}

/** Weighted mean log-loss over raw scores; `weight` omitted means all ones. */
export function meanLogLossRaw(y: Uint8Array, raw: Float64Array, weight?: Float64Array): number {
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weight === undefined ? 1 : weight[i];
    total += w * logLossRaw(y[i], raw[i]);
    totalWeight += w;
  }
  return totalWeight > 0 ? total / totalWeight : 0;
}

/**
 * Fills `grad` and `hess` from labels and raw scores, scaled by `weight` if given: for every row,
 * or for `rows[0..nRows)` only (a boosting iteration on a row subsample needs no more).
 * This is the per-iteration hot loop of boosting, so it is written out flat (no per-row calls
 * through closures) and shares one exp between gradient and hessian.
 */
export function fillLogLossGradients(
  y: Uint8Array,
  raw: Float64Array,
  weight: Float64Array | undefined,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array | null = null,
  nRows = rows === null ? y.length : rows.length,
): void {
  for (let k = 0; k < nRows; k++) {
    const i = rows === null ? k : rows[k];
    const z = raw[i];
    let p: number;
    if (z >= 0) {
      p = 1 / (1 + Math.exp(-z));
    } else {
      const e = Math.exp(z);
      p = e / (1 + e);
    }
    // A hessian of exactly 0 (|z| > ~37) would make a leaf's denominator vanish; floor it.
    let h = p * (1 - p);
    if (h < 1e-16) h = 1e-16;
    if (weight === undefined) {
      grad[i] = p - y[i];
      hess[i] = h;
    } else {
      const w = weight[i];
      grad[i] = w * (p - y[i]);
      hess[i] = w * h;
    }
  }
}
