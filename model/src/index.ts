/**
 * Public surface of the DefaultRate model; the API imports the model only through this file.
 */
import { loadDefaultModel as loadModelFile, DEFAULT_ARTIFACT_PATH } from './data/model-artifact.ts';
import type { DefaultModel, WhatIfOptions, WhatIfResult } from './ensemble/default-model.ts';
import type { StatementInput } from './data/statement.ts';

export { DEFAULT_ARTIFACT_PATH };
export { DefaultModel, DEFAULT_MODEL_FORMAT } from './ensemble/default-model.ts';
export type {
  DefaultModelJSON,
  ExplainOption,
  ScoreFailure,
  ScoreOptions,
  ScoreResult,
  ScoreSuccess,
  WhatIfOptions,
  WhatIfResult,
} from './ensemble/default-model.ts';
export type { Driver, Drivers } from './scoring/drivers.ts';
export { RISK_BANDS, DEFAULT_BAND_THRESHOLDS, bandFor } from './scoring/risk-bands.ts';
export type { BandThresholds, RiskBand } from './scoring/risk-bands.ts';
export { MASTER_SCALE, RATINGS, ratingFor } from './scoring/master-scale.ts';
export type { Rating } from './scoring/master-scale.ts';
export { STATEMENT_ITEMS, EXTRA_ITEMS, UNITS, normaliseStatement, parseAmount } from './data/statement.ts';
export type { AmountField, ExtraItem, FieldError, StatementInput, StatementItem, Unit } from './data/statement.ts';
export { STATEMENT_COLUMNS, headerKey, matchHeaders, normaliseHeader } from './data/header.ts';
export type { HeaderMatch, StatementColumn } from './data/header.ts';
export { parseCsv } from './data/csv.ts';
export { readStatementsCsv } from './data/statement-csv.ts';
export type { StatementCsv, StatementCsvRow } from './data/statement-csv.ts';
export { FEATURES, FEATURE_NAMES, DRIVER_LABELS } from './features/ratios.ts';
export { GradientBoostingClassifier, RandomForestClassifier } from './tree/index.ts';
export { LogisticRegression } from './linear/logistic-regression.ts';

const cache = new Map<string, DefaultModel>();

/**
 * Loads a default model artifact (the committed `model/artifacts/default-model-v1.json` by
 * default). Parsed models are cached per path, so calling it per request is cheap.
 */
export function loadDefaultModel(path: string = DEFAULT_ARTIFACT_PATH): DefaultModel {
  let model = cache.get(path);
  if (model === undefined) {
    model = loadModelFile(path);
    cache.set(path, model);
  }
  return model;
}

/** The smallest change of one item that brings the PD below a target (see {@link DefaultModel.whatIf}). */
export function whatIf(model: DefaultModel, statement: StatementInput, options: WhatIfOptions): WhatIfResult {
  return model.whatIf(statement, options);
}
