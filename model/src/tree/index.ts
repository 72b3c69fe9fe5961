/** Public surface of the tree learners: binning → histogram → splitter → grower → predictor → ensembles. */
export { Random } from '../random.ts';
export type { Matrix } from '../matrix.ts';
export {
  createMatrix,
  matrixFromRows,
  row,
  takeRows,
  checkMatrix,
  checkBinaryLabels,
  checkSampleWeight,
  checkColumnCount,
} from '../matrix.ts';
export {
  sigmoid,
  logit,
  softplus,
  logLossRaw,
  logLossGradient,
  logLossHessian,
  meanLogLossRaw,
  fillLogLossGradients,
  PROBABILITY_EPSILON,
} from '../loss/log-loss.ts';
export { BinMapper, MAX_BINS_LIMIT, BINNING_SAMPLE_SIZE, learnThresholds, shortestBetween } from './binning.ts';
export type { BinMapperJSON } from './binning.ts';
export {
  HIST_STRIDE,
  HistogramPool,
  histogramLength,
  gatherGradients,
  buildHistogram,
  buildHistogramRowWise,
  buildHistogramRowWiseSums,
  packRowMajor,
  subtractHistogram,
} from './histogram.ts';
export { ParallelHistogramBuilder, defaultThreadCount } from './parallel-histogram.ts';
export type { SharedBuffers } from './parallel-histogram.ts';
export { SplitInfo, findBestSplit } from './splitter.ts';
export type { SplitConstraints } from './splitter.ts';
export { TreeGrower } from './grower.ts';
export type { GrowerParams, GrownTree } from './grower.ts';
export {
  flattenTree,
  leafIndex,
  addTreeOutput,
  addBinnedTreeOutput,
  packForest,
  addForestOutput,
  treeDepth,
  treeToJSON,
  treeFromJSON,
} from './predictor.ts';
export type { FlatTree, FlatTreeJSON, PackedForest } from './predictor.ts';
export { TreeExplainer, treeExpectedValue, explainTrees } from './tree-shap.ts';
export { encodeNumber, decodeNumber, roundToFloat32Digits } from './serialization.ts';
export {
  GradientBoostingClassifier,
  GRADIENT_BOOSTING_DEFAULTS,
  GRADIENT_BOOSTING_FORMAT,
  checkTreeFeatures,
} from '../ensemble/gradient-boosting.ts';
export type {
  GradientBoostingOptions,
  GradientBoostingState,
  GradientBoostingJSON,
  FitOptions,
} from '../ensemble/gradient-boosting.ts';
export {
  RandomForestClassifier,
  RANDOM_FOREST_DEFAULTS,
  RANDOM_FOREST_FORMAT,
  resolveMaxFeatures,
} from '../ensemble/random-forest.ts';
export type {
  RandomForestOptions,
  RandomForestState,
  RandomForestJSON,
  MaxFeatures,
  OutOfBagEstimate,
} from '../ensemble/random-forest.ts';
