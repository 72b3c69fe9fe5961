import { argsortAscending } from './auc.ts';

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the cumulative score distributions of
 * defaulters and non-defaulters, evaluated only between distinct scores so ties cannot inflate it.
 */
export function ksStatistic(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = argsortAscending(scores);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] === 1 ? 1 : 0;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let cumPos = 0;
  let cumNeg = 0;
  let ks = 0;
  for (let k = 0; k < order.length; k++) {
    if (y[order[k]] === 1) cumPos++;
    else cumNeg++;
    const isLastOfTie = k + 1 === order.length || scores[order[k + 1]] !== scores[order[k]];
    if (isLastOfTie) ks = Math.max(ks, Math.abs(cumNeg / negatives - cumPos / positives));
  }
  return ks;
}
