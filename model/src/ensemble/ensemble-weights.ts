import { logLoss } from '../metrics/log-loss.ts';
import { PlattCalibrator } from './calibration.ts';

/** All weight vectors on the simplex with the given step (e.g. 0.05 → 231 vectors for 3 members). */
export function simplexGrid(nMembers: number, step: number): number[][] {
  const units = Math.round(1 / step);
  if (!(units >= 1 && Math.abs(units * step - 1) < 1e-9)) throw new RangeError(`step must divide 1, got ${step}`);
  const out: number[][] = [];
  const walk = (prefix: number[], left: number): void => {
    if (prefix.length === nMembers - 1) {
      out.push([...prefix, left].map((u) => u / units));
      return;
    }
    for (let u = left; u >= 0; u--) walk([...prefix, u], left - u);
  };
  walk([], units);
  return out;
}

/** Weighted sum of member logits. */
export function combineLogits(memberLogits: readonly ArrayLike<number>[], weights: readonly number[]): Float64Array {
  const out = new Float64Array(memberLogits[0].length);
  memberLogits.forEach((z, k) => {
    if (weights[k] === 0) return;
    for (let i = 0; i < out.length; i++) out[i] += weights[k] * z[i];
  });
  return out;
}

/** Result of {@link selectWeights}. */
export interface WeightSelection {
  weights: number[];
  /** Log-loss of the chosen blend after a Platt fit on the same rows. */
  logLoss: number;
}

/**
 * Chooses ensemble weights on the simplex by the log-loss of the blended logit after a Platt fit.
 * Platt absorbs the overall scale and base rate, so the grid judges only how the members mix;
 * a coarse grid is deliberate, since ~90 validation defaults cannot support finer weights.
 */
export function selectWeights(memberLogits: readonly ArrayLike<number>[], y: ArrayLike<number>, step = 0.05): WeightSelection {
  let best: WeightSelection | undefined;
  for (const weights of simplexGrid(memberLogits.length, step)) {
    const z = combineLogits(memberLogits, weights);
    const platt = PlattCalibrator.fit(z, y);
    const loss = logLoss(y, z.map((v) => platt.predict(v)));
    if (best === undefined || loss < best.logLoss - 1e-12) best = { weights, logLoss: loss };
  }
  return best!;
}
