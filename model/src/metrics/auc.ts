/** Indices of `scores` in ascending order (stable). */
export function argsortAscending(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[a] - scores[b] || a - b);
}

/**
 * Area under the ROC curve by the Mann–Whitney statistic with average ranks for ties, so a
 * constant score gets exactly 0.5. NaN when only one class is present.
 */
export function rocAuc(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = argsortAscending(scores);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (y[order[k]] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Accuracy ratio (Gini) = 2·AUC − 1: the share of the perfect model's lift the scores achieve. */
export function accuracyRatio(y: ArrayLike<number>, scores: ArrayLike<number>): number {
  return 2 * rocAuc(y, scores) - 1;
}
