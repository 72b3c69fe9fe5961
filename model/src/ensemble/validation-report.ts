import { evaluatePd, type Evaluation } from '../metrics/evaluation.ts';
import { sigmoid } from '../linear/logistic-regression.ts';
import { selectCalibrator } from './calibration.ts';
import { combineLogits, selectWeights } from './ensemble-weights.ts';
import type { DefaultModel } from './default-model.ts';
import type { Matrix } from '../matrix.ts';
import { maskHistory } from '../features/feature-matrix.ts';

/**
 * Out-of-fold PDs of the whole blending stage: for each validation year, weights and calibration
 * are chosen on the other validation years and applied to the held-out one. The members are the
 * same fits as the shipped model (trained on the training years), so this isolates the optimism
 * of choosing weights and calibration on the rows being scored.
 */
export function crossFitEnsemblePd(
  memberLogits: readonly Float64Array[],
  y: Uint8Array,
  years: Int32Array,
  options: { weightStep: number; maskedLogits?: readonly Float64Array[] },
): Float64Array {
  const out = new Float64Array(y.length);
  const pick = (a: ArrayLike<number>, idx: number[]): Float64Array => Float64Array.from(idx, (i) => a[i]);
  // With history masking the blend is fitted on rows and their masked copies, as in training.
  const stack = (a: ArrayLike<number>, b: ArrayLike<number> | undefined): Float64Array => {
    if (b === undefined) return Float64Array.from(a);
    const out2 = new Float64Array(a.length + b.length);
    out2.set(Array.from(a));
    out2.set(Array.from(b), a.length);
    return out2;
  };
  for (const year of [...new Set(years)].sort()) {
    const fit = [...years.keys()].filter((i) => years[i] !== year);
    const held = [...years.keys()].filter((i) => years[i] === year);
    const masked = options.maskedLogits;
    const fitLogits = memberLogits.map((z, k) => stack(pick(z, fit), masked ? pick(masked[k], fit) : undefined));
    const fitY = stack(pick(y, fit), masked ? pick(y, fit) : undefined);
    const fitYears = stack(pick(years, fit), masked ? pick(years, fit) : undefined);
    const weightStep = options.weightStep;
    const { weights } = selectWeights(fitLogits, fitY, weightStep);
    const { calibrator } = selectCalibrator(combineLogits(fitLogits, weights), fitY, fitYears);
    const heldZ = combineLogits(memberLogits.map((z) => pick(z, held)), weights);
    held.forEach((i, k) => (out[i] = calibrator.predict(heldZ[k])));
  }
  return out;
}

/** Evaluate-report rows: the ensemble (optimistic and cross-fitted), each member, and Altman's Z. */
export interface ValidationReport {
  ensemble: Evaluation;
  ensembleCrossFit: Evaluation;
  /** The ensemble scored with every previous year withheld (a caller sending a single statement). */
  ensembleWithoutHistory: Evaluation;
  members: Record<string, Evaluation>;
  altmanZ?: Evaluation;
}

/**
 * Scores the validation rows with the model and its members. Members are reported with their own
 * probabilities (σ of their logit, uncalibrated), as a single model would be deployed.
 */
export function validationReport(
  model: DefaultModel,
  X: Matrix,
  y: Uint8Array,
  years: Int32Array,
  options: { weightStep: number; altmanPd?: Float64Array; isHistoryMasked: boolean },
): ValidationReport {
  const memberLogits = model.memberLogits(X);
  const maskedLogits = model.memberLogits(maskHistory(X));
  const pd = model.combine(memberLogits).map((z) => model.calibrator.predict(z));
  const members: Record<string, Evaluation> = {};
  model.members.forEach((m, k) => (members[m.member.kind] = evaluatePd(y, memberLogits[k].map(sigmoid))));
  return {
    ensemble: evaluatePd(y, pd),
    ensembleCrossFit: evaluatePd(y, crossFitEnsemblePd(memberLogits, y, years, { weightStep: options.weightStep, maskedLogits: options.isHistoryMasked ? maskedLogits : undefined })),
    ensembleWithoutHistory: evaluatePd(y, model.combine(maskedLogits).map((z) => model.calibrator.predict(z))),
    members,
    ...(options.altmanPd ? { altmanZ: evaluatePd(y, options.altmanPd) } : {}),
  };
}

/** The headline figures of an evaluation (no tables), for the artifact's metadata. */
export function summariseEvaluation(e: Evaluation): Record<string, number> {
  const r = (v: number): number => Number(v.toPrecision(6));
  return { n: e.n, defaults: e.defaults, auc: r(e.auc), accuracyRatio: r(e.accuracyRatio), ks: r(e.ks), brier: r(e.brier), logLoss: r(e.logLoss), ece: r(e.ece) };
}
