/** Probabilities are clipped to [eps, 1 − eps] so one confident miss gives a large, finite loss. */
export const LOG_LOSS_EPS = 1e-15;

/** Mean negative log-likelihood (cross-entropy) of 0/1 labels under probabilities `p`. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    const w = sampleWeight ? sampleWeight[i] : 1;
    sum -= w * (y[i] === 1 ? Math.log(q) : Math.log(1 - q));
    total += w;
  }
  return sum / total;
}
