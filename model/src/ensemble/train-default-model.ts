import { createHash } from 'node:crypto';
import type { Matrix } from '../matrix.ts';
import { takeRows } from '../matrix.ts';
import { GradientBoostingClassifier, RandomForestClassifier, type GradientBoostingOptions, type RandomForestOptions } from '../tree/index.ts';
import type { LabelledStatement } from '../data/us-bankruptcy.ts';
import { altmanZ } from '../features/altman-z.ts';
import { buildFeatureMatrix, maskHistory, PreviousYearIndex } from '../features/feature-matrix.ts';
import { LinearDesign } from '../features/linear-design.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { logLoss } from '../metrics/log-loss.ts';
import { IsotonicCalibrator, PlattCalibrator, selectCalibrator } from './calibration.ts';
import { DefaultModel, type WeightedMember } from './default-model.ts';
import { combineLogits, selectWeights } from './ensemble-weights.ts';
import { LinearMember, TreeMember, type EnsembleMember, type MemberKind } from './members.ts';
import { summariseEvaluation, validationReport, type ValidationReport } from './validation-report.ts';

/** Settings of {@link trainDefaultModel}. */
export interface TrainOptions {
  seed: number;
  /** Inclusive fiscal-year range the members are fitted on. */
  trainYears: readonly [number, number];
  /** Inclusive fiscal-year range for early stopping, weights and calibration. */
  validationYears: readonly [number, number];
  members: readonly MemberKind[];
  gbm: Partial<GradientBoostingOptions>;
  rf: Partial<RandomForestOptions>;
  /** L2 penalties tried for the logistic regression; the best validation log-loss wins. */
  lrL2Grid: readonly number[];
  /** Step of the ensemble-weight grid on the simplex. */
  weightStep: number;
  /** Append a copy of every row with its year-over-year features masked (see {@link withMaskedHistory}). */
  isHistoryMasked: boolean;
}

/** Settings used for the committed artifact (chosen on the validation years 2012–2014). */
export const TRAIN_DEFAULTS: Readonly<TrainOptions> = Object.freeze({
  seed: 20240501,
  trainYears: [1999, 2011] as const,
  validationYears: [2012, 2014] as const,
  members: ['gbm', 'rf', 'lr'] as const,
  // Chosen on validation log-loss among a handful of settings: small, heavily regularised trees
  // suit ~400 training defaults. Deeper forests (depth 16) scored ~0.01 AUC higher alone but got
  // only 0.1 ensemble weight and made TreeSHAP drivers ~80 ms a row, so the forest stays shallow.
  gbm: {
    learningRate: 0.02,
    maxIter: 3000,
    maxLeafNodes: 7,
    minSamplesLeaf: 80,
    l2Regularization: 5,
    subsample: 0.7,
    colsampleByTree: 0.6,
    earlyStoppingRounds: 200,
  },
  rf: { nEstimators: 200, maxDepth: 10, minSamplesLeaf: 20 },
  lrL2Grid: [0.1, 1, 10, 100],
  weightStep: 0.05,
  isHistoryMasked: true,
});

/** Features, labels and fiscal years of labelled statements. */
export interface TrainingMatrix {
  X: Matrix;
  y: Uint8Array;
  years: Int32Array;
}

/** Builds the feature matrix, linking each firm-year to the same company's previous year. */
export function buildTrainingMatrix(rows: readonly LabelledStatement[]): TrainingMatrix {
  const statements = rows.map((r) => r.statement);
  const index = new PreviousYearIndex(statements);
  return {
    X: buildFeatureMatrix(statements, statements.map((s) => index.previousOf(s))),
    y: Uint8Array.from(rows, (r) => r.label),
    years: Int32Array.from(rows, (r) => r.statement.fiscalYear),
  };
}

/** Row indices whose year is in the inclusive range. */
export function rowsInYears(years: Int32Array, [from, to]: readonly [number, number]): number[] {
  const out: number[] = [];
  for (let i = 0; i < years.length; i++) if (years[i] >= from && years[i] <= to) out.push(i);
  return out;
}

/** Subset of a training matrix. */
export function subsetTraining(m: TrainingMatrix, idx: number[]): TrainingMatrix {
  return { X: takeRows(m.X, idx), y: Uint8Array.from(idx, (i) => m.y[i]), years: Int32Array.from(idx, (i) => m.years[i]) };
}

/**
 * The rows followed by a copy of them with the year-over-year features masked. In the raw data a
 * missing previous year mostly means "first year of the file" (all of 1999, a 0.06 % default
 * year) or a new listing, so the models would learn "no history ⇒ safe". An API caller who
 * sends one statement has history, just not here; the masked copies teach the models that a
 * missing previous year says nothing, and scores without history fall back to the level ratios.
 */
export function withMaskedHistory(m: TrainingMatrix): TrainingMatrix {
  const masked = maskHistory(m.X);
  const data = new Float64Array(m.X.data.length * 2);
  data.set(m.X.data);
  data.set(masked.data, m.X.data.length);
  const y = new Uint8Array(m.y.length * 2);
  y.set(m.y);
  y.set(m.y, m.y.length);
  const years = new Int32Array(m.years.length * 2);
  years.set(m.years);
  years.set(m.years, m.years.length);
  return { X: { data, nRows: m.X.nRows * 2, nCols: m.X.nCols }, y, years };
}

/** Altman's Z as a PD: isotonic map of −Z fitted on the training years only (fair on validation). */
export function fitAltmanBaseline(train: TrainingMatrix): IsotonicCalibrator {
  return IsotonicCalibrator.fit(altmanZ(train.X).map((z) => -z), train.y);
}

/** What {@link trainDefaultModel} returns besides the model. */
export interface TrainingReport {
  validation: ValidationReport;
  weights: Record<string, number>;
  calibrationCrossFitLogLoss: Record<string, number>;
  lrL2: number | undefined;
  lrValidationLogLoss: Record<string, number>;
  gbmTrees: number | undefined;
  seconds: Record<string, number>;
}

/** Optional provenance written into the artifact metadata. */
export interface TrainingProvenance {
  dataFile?: string;
  dataSha256?: string;
}

/**
 * Fits the members on the training years, then on the validation years picks the LR penalty,
 * stops boosting early, chooses ensemble weights and a calibration map. The members are not
 * refitted on the validation years: weights and calibration describe these exact fits, and a
 * refit would make the validation-based calibration describe a different (more confident) model.
 */
export function trainDefaultModel(rows: readonly LabelledStatement[], options: Partial<TrainOptions> = {}, provenance: TrainingProvenance = {}): { model: DefaultModel; report: TrainingReport } {
  const o: TrainOptions = { ...TRAIN_DEFAULTS, ...options };
  const all = buildTrainingMatrix(rows);
  const trainRows = subsetTraining(all, rowsInYears(all.years, o.trainYears));
  const validRows = subsetTraining(all, rowsInYears(all.years, o.validationYears));
  const train = o.isHistoryMasked ? withMaskedHistory(trainRows) : trainRows;
  const valid = o.isHistoryMasked ? withMaskedHistory(validRows) : validRows;
  if (train.X.nRows === 0 || valid.X.nRows === 0) throw new RangeError(`trainYears ${o.trainYears} and validationYears ${o.validationYears} must both select rows`);
  const seconds: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    seconds[name] = Number(((performance.now() - t0) / 1000).toFixed(1));
    return out;
  };
  const members: EnsembleMember[] = [];
  let lrL2: number | undefined;
  const lrValidationLogLoss: Record<string, number> = {};
  let gbmTrees: number | undefined;
  for (const kind of o.members) {
    if (kind === 'lr') {
      members.push(
        timed('lr', () => {
          const design = LinearDesign.fit(train.X);
          const D = design.transform(train.X);
          const Dv = design.transform(valid.X);
          let best: { member: LinearMember; loss: number } | undefined;
          for (const l2 of o.lrL2Grid) {
            const lr = new LogisticRegression({ l2 }).fit(D, train.y);
            const loss = logLoss(valid.y, lr.predictProba(Dv));
            lrValidationLogLoss[String(l2)] = Number(loss.toPrecision(6));
            if (best === undefined || loss < best.loss) {
              best = { member: new LinearMember(design, lr), loss };
              lrL2 = l2;
            }
          }
          return best!.member;
        }),
      );
    } else if (kind === 'gbm') {
      members.push(
        timed('gbm', () => {
          const gbm = new GradientBoostingClassifier({ ...o.gbm, seed: o.seed }).fit(train.X, train.y, { validation: { X: valid.X, y: valid.y } });
          gbmTrees = gbm.toJSON().state?.trees.length;
          return new TreeMember('gbm', gbm);
        }),
      );
    } else {
      members.push(timed('rf', () => new TreeMember('rf', new RandomForestClassifier({ ...o.rf, seed: o.seed }).fit(train.X, train.y))));
    }
  }
  const memberLogits = members.map((m) => m.decisionFunction(valid.X));
  const { weights } = timed('weights', () => selectWeights(memberLogits, valid.y, o.weightStep));
  const selection = timed('calibration', () => selectCalibrator(combineLogits(memberLogits, weights), valid.y, valid.years));
  const weighted: WeightedMember[] = members.map((member, k) => ({ member, weight: weights[k], calibrator: PlattCalibrator.fit(memberLogits[k], valid.y) }));
  const altman = fitAltmanBaseline(trainRows);
  const draft = new DefaultModel({ version: 'draft', members: weighted, calibrator: selection.calibrator });
  const validation = timed('report', () =>
    validationReport(draft, validRows.X, validRows.y, validRows.years, { weightStep: o.weightStep, altmanPd: altmanZ(validRows.X).map((z) => altman.predict(-z)), isHistoryMasked: o.isHistoryMasked }),
  );
  const count = (m: TrainingMatrix): { rows: number; defaults: number } => ({ rows: m.y.length, defaults: m.y.reduce((s, v) => s + v, 0) });
  const metadata: Record<string, unknown> = {
    description:
      'Members fitted on fiscal years trainYears; early stopping, LR penalty, ensemble weights and calibration chosen on validationYears. validation.ensemble is optimistic (weights and calibration were fitted on those rows); validation.ensembleCrossFit chooses them on the other validation years for each held-out year.',
    data: { file: provenance.dataFile, sha256: provenance.dataSha256, target: 'bankrupt_next_year' },
    trainYears: o.trainYears,
    validationYears: o.validationYears,
    train: count(trainRows),
    validationRows: count(validRows),
    isHistoryMasked: o.isHistoryMasked,
    seed: o.seed,
    options: { gbm: o.gbm, rf: o.rf, lrL2Grid: o.lrL2Grid, weightStep: o.weightStep, isHistoryMasked: o.isHistoryMasked },
    weights: Object.fromEntries(members.map((m, k) => [m.kind, weights[k]])),
    calibration: { method: selection.calibrator.method, crossFitLogLoss: selection.crossFitLogLoss },
    lrL2,
    gbmTrees,
    validation: {
      ensemble: summariseEvaluation(validation.ensemble),
      ensembleCrossFit: summariseEvaluation(validation.ensembleCrossFit),
      ensembleWithoutHistory: summariseEvaluation(validation.ensembleWithoutHistory),
      ...Object.fromEntries(Object.entries(validation.members).map(([k, e]) => [k, summariseEvaluation(e)])),
      ...(validation.altmanZ ? { altmanZ: summariseEvaluation(validation.altmanZ) } : {}),
    },
  };
  const parts = { members: weighted, calibrator: selection.calibrator, metadata };
  const digest = createHash('sha256').update(JSON.stringify(new DefaultModel({ ...parts, version: '' }).toJSON())).digest('hex');
  const model = new DefaultModel({ ...parts, version: `default-model-v1+${digest.slice(0, 12)}` });
  return {
    model,
    report: {
      validation,
      weights: metadata.weights as Record<string, number>,
      calibrationCrossFitLogLoss: selection.crossFitLogLoss,
      lrL2,
      lrValidationLogLoss,
      gbmTrees,
      seconds,
    },
  };
}
