import { argsortAscending } from './auc.ts';

/** One bin of a calibration table. */
export interface CalibrationBin {
  bin: number;
  count: number;
  defaults: number;
  meanPd: number;
  observedRate: number;
  minPd: number;
  maxPd: number;
}

/**
 * Equal-count bins of predicted PD (deciles by default), each with the mean predicted PD and
 * the observed default rate. Ties never straddle a bin edge, so bins can differ slightly in size.
 */
export function calibrationTable(y: ArrayLike<number>, p: ArrayLike<number>, nBins = 10): CalibrationBin[] {
  const order = argsortAscending(p);
  const bins: CalibrationBin[] = [];
  let start = 0;
  for (let b = 0; b < nBins && start < order.length; b++) {
    let end = Math.round(((b + 1) * order.length) / nBins);
    while (end < order.length && end > 0 && p[order[end]] === p[order[end - 1]]) end++;
    if (end <= start) continue;
    let defaults = 0;
    let sumPd = 0;
    for (let k = start; k < end; k++) {
      defaults += y[order[k]] === 1 ? 1 : 0;
      sumPd += p[order[k]];
    }
    const count = end - start;
    bins.push({ bin: bins.length + 1, count, defaults, meanPd: sumPd / count, observedRate: defaults / count, minPd: p[order[start]], maxPd: p[order[end - 1]] });
    start = end;
  }
  return bins;
}

/** Expected calibration error: count-weighted mean |mean PD − observed rate| over the table's bins. */
export function expectedCalibrationError(y: ArrayLike<number>, p: ArrayLike<number>, nBins = 10): number {
  let sum = 0;
  for (const bin of calibrationTable(y, p, nBins)) sum += bin.count * Math.abs(bin.meanPd - bin.observedRate);
  return sum / y.length;
}
