/**
 * Random forest for binary classification, written for this project on the same binned
 * histogram machinery as the booster (binning → histogram → splitter → grower → predictor).
 *
 * Design decision: the forest's raw score is the MEAN OF THE TREES' LEAF LOG-ODDS, not the mean
 * of leaf probabilities. Each leaf stores a smoothed log-odds
 *
 *   log((pos + a·π) / (neg + a·(1 − π)))
 *
 * where pos/neg are the (bootstrap-weighted) class counts in the leaf, π the training prior and
 * a = `leafPseudoCount`: a Beta prior worth `a` rows centred on π, so a small or pure leaf is
 * pulled towards the base rate instead of giving ±∞. Averaging in logit space keeps the model
 * additive over trees, so TreeSHAP of the forest (mean of per-tree SHAP values) is exact and
 * sums to `decisionFunction`. `predictProba` is σ(decisionFunction); calibrating it is the
 * ensemble's job.
 *
 * Split criterion: the booster's second-order gain with gradient g = −w·y, hessian h = w and no
 * L2. Then G²/H per child is (weighted positives)² / (weight), and the gain equals the decrease
 * of weighted Gini impurity (times total weight / 2) — i.e. exactly CART's Gini criterion, while
 * reusing the same histograms and splitter (and it is shift-invariant, so −w·(y − π) gives the same splits).
 */
import type { Matrix } from '../matrix.ts';
import { checkBinaryLabels, checkColumnCount, checkMatrix, checkSampleWeight } from '../matrix.ts';
import { Random } from '../random.ts';
import { meanLogLossRaw, sigmoid } from '../loss/log-loss.ts';
import { rocAuc } from '../metrics/auc.ts';
import { BinMapper, MAX_BINS_LIMIT } from '../tree/binning.ts';
import { TreeGrower } from '../tree/grower.ts';
import type { GrowerParams } from '../tree/grower.ts';
import type { FlatTree, FlatTreeJSON, PackedForest } from '../tree/predictor.ts';
import {
  addBinnedTreeOutput,
  addForestOutput,
  flattenTree,
  packForest,
  treeFromJSON,
  treeToJSON,
} from '../tree/predictor.ts';
import { explainTrees } from '../tree/tree-shap.ts';
import {
  checkInteger,
  checkKnownOptions,
  checkNumber,
  checkOptionalInteger,
  normaliseImportances,
} from '../tree/options.ts';
import { checkTreeFeatures } from './gradient-boosting.ts';
import type { FitOptions } from './gradient-boosting.ts';

/** Format tag of serialised random-forest models. */
export const RANDOM_FOREST_FORMAT = 'dr-random-forest@1';

/** How many features to draw at each split. */
export type MaxFeatures = 'sqrt' | 'log2' | number | null;

/** Hyperparameters of `RandomForestClassifier`. */
export interface RandomForestOptions {
  /** Number of trees. */
  readonly nEstimators: number;
  /** Maximum depth per tree (root = 0); null for no limit. */
  readonly maxDepth: number | null;
  /** Maximum leaves per tree (best-first growth); null for no limit. */
  readonly maxLeafNodes: number | null;
  /** Minimum number of distinct training rows in a leaf. */
  readonly minSamplesLeaf: number;
  /** Minimum (bootstrap × sample) weight in a leaf. */
  readonly minChildWeight: number;
  /**
   * Features drawn per split: 'sqrt' or 'log2' of the feature count, an integer ≥ 1 (a count),
   * a number in (0, 1) (a fraction), or null for all features.
   */
  readonly maxFeatures: MaxFeatures;
  /** Draw each tree's rows with replacement (needed for the out-of-bag estimate). */
  readonly bootstrap: boolean;
  /** Rows drawn per tree as a fraction of the training rows; null for all (n draws). */
  readonly maxSamples: number | null;
  /** Pseudo-count a of the leaf log-odds smoothing (see the file comment). */
  readonly leafPseudoCount: number;
  /** Maximum non-missing bins per feature (missing values get an extra bin). */
  readonly maxBins: number;
  /** Seed for bootstrap draws, feature draws and binning. */
  readonly seed: number;
}

/**
 * Default hyperparameters. Chosen on the US bankruptcy data (train ≤ 2008, tuning validation
 * 2009–2011; see bench/trees.bench.ts): depth 12 with 5 rows per leaf keeps 200 trees near 2 MB
 * of JSON, and a pseudo-count of 10 (rather than 1) shrinks the many small leaves of a rare-event
 * problem enough to improve ranking (AUC +0.005 to +0.008 on both validation windows).
 */
export const RANDOM_FOREST_DEFAULTS: Readonly<RandomForestOptions> = Object.freeze({
  nEstimators: 200,
  maxDepth: 12,
  maxLeafNodes: null,
  minSamplesLeaf: 5,
  minChildWeight: 0,
  maxFeatures: 'sqrt',
  bootstrap: true,
  maxSamples: null,
  leafPseudoCount: 10,
  maxBins: 255,
  seed: 0,
});

/** Out-of-bag estimate of a fitted forest. */
export interface OutOfBagEstimate {
  /**
   * OOB raw score per training row (mean over the trees that did not see it; NaN if every tree
   * did). Kept in memory only: it is training-set sized, so `toJSON` leaves it out.
   */
  decisionFunction: Float64Array | null;
  /** ROC AUC of the OOB scores over the rows that have one. */
  auc: number;
  /** Mean log-loss of σ(OOB score) over the rows that have one. */
  logLoss: number;
  /** Number of training rows with an OOB score. */
  nRows: number;
}

/** Learned state of a fitted `RandomForestClassifier`. */
export interface RandomForestState {
  /** Number of columns seen in fit. */
  nFeatures: number;
  /** Weighted share of positives in training, the π of the leaf smoothing. */
  prior: number;
  trees: FlatTree[];
  /** Total split gain (Gini decrease) per feature over all trees. */
  featureGain: Float64Array;
  /** Null when `bootstrap` is false. */
  oob: OutOfBagEstimate | null;
}

/** Serialised form of a `RandomForestClassifier`. */
export interface RandomForestJSON {
  format: typeof RANDOM_FOREST_FORMAT;
  options: RandomForestOptions;
  state: {
    nFeatures: number;
    prior: number;
    trees: FlatTreeJSON[];
    featureGain: number[];
    oob: { auc: number | null; logLoss: number | null; nRows: number } | null;
  } | null;
}

/** Random forest whose raw score is the mean of smoothed leaf log-odds (exact TreeSHAP). */
export class RandomForestClassifier {
  /** Hyperparameters, frozen: the defaults overridden by the constructor argument. */
  readonly options: Readonly<RandomForestOptions>;
  /** Learned state; null until `fit`. */
  state: RandomForestState | null = null;
  private packed: PackedForest | null = null;

  /** Creates an unfitted model; unknown or out-of-range options throw. */
  constructor(options: Partial<RandomForestOptions> = {}) {
    checkKnownOptions(options, RANDOM_FOREST_DEFAULTS, 'RandomForestClassifier');
    const o = { ...RANDOM_FOREST_DEFAULTS, ...options };
    checkInteger('nEstimators', o.nEstimators, 1);
    checkOptionalInteger('maxDepth', o.maxDepth, 1);
    checkOptionalInteger('maxLeafNodes', o.maxLeafNodes, 2);
    checkInteger('minSamplesLeaf', o.minSamplesLeaf, 1);
    checkNumber('minChildWeight', o.minChildWeight, 0, Infinity);
    checkMaxFeatures(o.maxFeatures);
    if (typeof o.bootstrap !== 'boolean') throw new TypeError(`bootstrap must be a boolean, got ${String(o.bootstrap)}`);
    if (o.maxSamples !== null) checkNumber('maxSamples', o.maxSamples, 0, 1, true);
    checkNumber('leafPseudoCount', o.leafPseudoCount, 0, Infinity, true);
    checkInteger('maxBins', o.maxBins, 2, MAX_BINS_LIMIT);
    checkInteger('seed', o.seed, 0);
    this.options = Object.freeze(o);
  }

  /** Fits the forest to rows `X` with 0/1 labels `y`; `validation` is accepted and ignored. */
  fit(X: Matrix, y: Uint8Array, options: FitOptions = {}): this {
    checkMatrix(X);
    if (X.nRows === 0) throw new RangeError('X.nRows must be at least 1, got 0');
    checkBinaryLabels(y, X.nRows);
    const { sampleWeight } = options;
    if (sampleWeight !== undefined) checkSampleWeight(sampleWeight, X.nRows);
    const o = this.options;
    const n = X.nRows;
    const p = X.nCols;
    const rng = new Random(o.seed);

    let sumW = 0;
    let sumWY = 0;
    for (let i = 0; i < n; i++) {
      const w = sampleWeight === undefined ? 1 : sampleWeight[i];
      sumW += w;
      sumWY += w * y[i];
    }
    if (!(sumW > 0)) throw new RangeError(`sampleWeight must have a positive sum, got ${sumW}`);
    // Clipped so that a one-class training set still gives finite leaf log-odds.
    const prior = Math.min(Math.max(sumWY / sumW, 1e-6), 1 - 1e-6);
    const a = o.leafPseudoCount;

    const mapper = BinMapper.fit(X, o.maxBins, o.seed);
    const binned = mapper.transform(X);
    const nBins = Int32Array.from({ length: p }, (_, f) => mapper.nBins(f));
    const missingBin = mapper.missingBin;
    const grower = new TreeGrower(binned, n, p, nBins, missingBin);
    const params: GrowerParams = {
      maxLeafNodes: o.maxLeafNodes ?? Infinity,
      maxDepth: o.maxDepth ?? Infinity,
      minChildWeight: o.minChildWeight,
      minSamplesLeaf: o.minSamplesLeaf,
      l2Regularization: 0,
      maxFeaturesPerSplit: resolveMaxFeatures(o.maxFeatures, p),
    };
    const allFeatures = Int32Array.from({ length: p }, (_, f) => f);
    const nDraws = o.maxSamples === null ? n : Math.max(1, Math.round(o.maxSamples * n));

    const draws = new Uint32Array(n);
    const rows = new Uint32Array(n);
    const oobRows = new Uint32Array(n);
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);
    const oobSum = o.bootstrap ? new Float64Array(n) : null;
    const oobCount = o.bootstrap ? new Uint32Array(n) : null;
    const trees: FlatTree[] = [];
    const featureGain = new Float64Array(p);

    for (let t = 0; t < o.nEstimators; t++) {
      const treeRng = rng.fork();
      draws.fill(0);
      if (o.bootstrap) {
        for (let d = 0; d < nDraws; d++) draws[treeRng.nextInt(n)]++;
      } else if (nDraws < n) {
        const chosen = treeRng.sampleWithoutReplacement(n, nDraws);
        for (let k = 0; k < chosen.length; k++) draws[chosen[k]] = 1;
      } else {
        draws.fill(1);
      }
      let nUsed = 0;
      let nOob = 0;
      for (let i = 0; i < n; i++) {
        if (draws[i] === 0) {
          oobRows[nOob++] = i;
          continue;
        }
        // Duplicated bootstrap rows become weights: same result as copying them, less work.
        const w = sampleWeight === undefined ? draws[i] : draws[i] * sampleWeight[i];
        grad[i] = -w * y[i];
        hess[i] = w;
        rows[nUsed++] = i;
      }

      const grown = grower.grow(rows, nUsed, grad, hess, allFeatures, p, params, treeRng);
      const values = new Float64Array(grown.nNodes);
      for (let node = 0; node < grown.nNodes; node++) {
        const pos = -grown.sumGrad[node];
        const neg = grown.sumHess[node] - pos;
        values[node] = Math.log((Math.max(pos, 0) + a * prior) / (Math.max(neg, 0) + a * (1 - prior)));
      }
      const tree = flattenTree(grown, mapper.thresholds, values, grown.sumHess);
      trees.push(tree);
      for (let node = 0; node < grown.nNodes; node++) {
        if (grown.feature[node] >= 0) featureGain[grown.feature[node]] += grown.gain[node];
      }
      if (oobSum !== null && oobCount !== null && nOob > 0) {
        addBinnedTreeOutput(grown, tree.value, binned, n, missingBin, oobSum, oobRows, nOob);
        for (let k = 0; k < nOob; k++) oobCount[oobRows[k]]++;
      }
    }

    this.state = {
      nFeatures: p,
      prior,
      trees,
      featureGain,
      oob: oobSum !== null && oobCount !== null ? outOfBag(y, oobSum, oobCount) : null,
    };
    this.packed = null;
    return this;
  }

  /** Raw scores: the mean over trees of the leaf log-odds, one per row of `X`. */
  decisionFunction(X: Matrix): Float64Array {
    const state = this.fitted();
    checkMatrix(X);
    checkColumnCount(X, state.nFeatures);
    if (this.packed === null) this.packed = packForest(state.trees);
    const out = new Float64Array(X.nRows);
    addForestOutput(this.packed, X, out, 1 / state.trees.length);
    return out;
  }

  /** σ(decisionFunction) per row of `X` (uncalibrated). */
  predictProba(X: Matrix): Float64Array {
    const raw = this.decisionFunction(X);
    for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]);
    return raw;
  }

  /**
   * Exact TreeSHAP contributions in logit space: `values` is row-major nRows × nCols and
   * `expectedValue + Σ_j values[i, j]` equals `decisionFunction(X)[i]` (up to rounding).
   */
  shap(X: Matrix): { expectedValue: number; values: Float64Array } {
    const state = this.fitted();
    checkMatrix(X);
    checkColumnCount(X, state.nFeatures);
    return explainTrees(state.trees, 1 / state.trees.length, 0, X.data, X.nRows, X.nCols);
  }

  /** Total Gini decrease per feature over all trees, normalised to sum to 1. */
  featureImportances(): Float64Array {
    return normaliseImportances(this.fitted().featureGain);
  }

  /** Plain-JSON form (without the OOB scores per row); `fromJSON(toJSON())` predicts identically. */
  toJSON(): RandomForestJSON {
    const s = this.state;
    return {
      format: RANDOM_FOREST_FORMAT,
      options: { ...this.options },
      state: s === null ? null : {
        nFeatures: s.nFeatures,
        prior: s.prior,
        trees: s.trees.map(treeToJSON),
        featureGain: Array.from(s.featureGain),
        // JSON has no NaN: an undefined OOB metric (one class only) is written as null.
        oob: s.oob === null ? null : {
          auc: Number.isFinite(s.oob.auc) ? s.oob.auc : null,
          logLoss: Number.isFinite(s.oob.logLoss) ? s.oob.logLoss : null,
          nRows: s.oob.nRows,
        },
      },
    };
  }

  /** Restores a model from `toJSON()` output; throws TypeError on a wrong format tag or shape. */
  static fromJSON(json: unknown): RandomForestClassifier {
    if (typeof json !== 'object' || json === null) throw new TypeError('RandomForestClassifier JSON must be an object');
    const j = json as Partial<RandomForestJSON>;
    if (j.format !== RANDOM_FOREST_FORMAT) {
      throw new TypeError(`format must be "${RANDOM_FOREST_FORMAT}", got ${JSON.stringify(j.format)}`);
    }
    if (typeof j.options !== 'object' || j.options === null) throw new TypeError('options must be an object');
    const model = new RandomForestClassifier(j.options);
    if (j.state === null || j.state === undefined) return model;
    const s = j.state;
    checkInteger('state.nFeatures', s.nFeatures, 0);
    checkNumber('state.prior', s.prior, 0, 1);
    if (!Array.isArray(s.trees) || s.trees.length === 0) throw new TypeError('state.trees must be a non-empty array');
    const trees = s.trees.map((t, k) => treeFromJSON(t, `state.trees[${k}]`));
    checkTreeFeatures(trees, s.nFeatures);
    if (!Array.isArray(s.featureGain) || s.featureGain.length !== s.nFeatures) {
      throw new TypeError(`state.featureGain must be an array of ${s.nFeatures} numbers`);
    }
    const oob = s.oob;
    model.state = {
      nFeatures: s.nFeatures,
      prior: s.prior,
      trees,
      featureGain: Float64Array.from(s.featureGain),
      oob: oob === null || oob === undefined ? null : {
        decisionFunction: null,
        auc: oob.auc ?? Number.NaN,
        logLoss: oob.logLoss ?? Number.NaN,
        nRows: oob.nRows,
      },
    };
    return model;
  }

  private fitted(): RandomForestState {
    if (this.state === null) throw new Error('RandomForestClassifier is not fitted: call fit() first');
    return this.state;
  }
}

/** Number of features per split for a `maxFeatures` setting and `p` features (at least 1). */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, p: number): number {
  let k: number;
  if (maxFeatures === null) k = p;
  else if (maxFeatures === 'sqrt') k = Math.floor(Math.sqrt(p));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(p));
  else if (maxFeatures < 1) k = Math.floor(maxFeatures * p);
  else k = maxFeatures;
  return Math.max(1, Math.min(p, k));
}

function checkMaxFeatures(value: unknown): void {
  if (value === null || value === 'sqrt' || value === 'log2') return;
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && (value < 1 || Number.isInteger(value));
  if (!ok) {
    throw new RangeError(
      `maxFeatures must be 'sqrt', 'log2', null, an integer >= 1 or a fraction in (0, 1), got ${JSON.stringify(value)}`,
    );
  }
}

function outOfBag(y: Uint8Array, sum: Float64Array, count: Uint32Array): OutOfBagEstimate {
  const n = y.length;
  const decision = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    decision[i] = count[i] > 0 ? sum[i] / count[i] : Number.NaN;
    if (count[i] > 0) m++;
  }
  const yOob = new Uint8Array(m);
  const sOob = new Float64Array(m);
  for (let i = 0, k = 0; i < n; i++) {
    if (count[i] === 0) continue;
    yOob[k] = y[i];
    sOob[k++] = decision[i];
  }
  return {
    decisionFunction: decision,
    auc: m > 0 ? rocAuc(yOob, sOob) : Number.NaN,
    logLoss: m > 0 ? meanLogLossRaw(yOob, sOob) : Number.NaN,
    nRows: m,
  };
}
