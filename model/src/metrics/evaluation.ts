import { accuracyRatio, rocAuc } from './auc.ts';
import { bandRates, type BandRate } from './band-rates.ts';
import { brierScore } from './brier.ts';
import { calibrationTable, expectedCalibrationError, type CalibrationBin } from './calibration-table.ts';
import { ksStatistic } from './ks.ts';
import { logLoss } from './log-loss.ts';

/** Discrimination and calibration figures of one set of PDs. */
export interface Evaluation {
  n: number;
  defaults: number;
  auc: number;
  accuracyRatio: number;
  ks: number;
  brier: number;
  logLoss: number;
  ece: number;
  calibration: CalibrationBin[];
  bands: BandRate[];
}

/** Every metric of the evaluate report for labels `y` and PDs `p`. */
export function evaluatePd(y: ArrayLike<number>, p: ArrayLike<number>): Evaluation {
  let defaults = 0;
  for (let i = 0; i < y.length; i++) defaults += y[i] === 1 ? 1 : 0;
  return {
    n: y.length,
    defaults,
    auc: rocAuc(y, p),
    accuracyRatio: accuracyRatio(y, p),
    ks: ksStatistic(y, p),
    brier: brierScore(y, p),
    logLoss: logLoss(y, p),
    ece: expectedCalibrationError(y, p),
    calibration: calibrationTable(y, p),
    bands: bandRates(y, p),
  };
}
