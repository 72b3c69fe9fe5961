import type { Matrix } from '../matrix.ts';
import { STATEMENT_ITEMS, UNIT_TO_MILLIONS, type FieldError, type StatementInput, type StatementItem, type Unit } from '../data/statement.ts';
import { buildFeatureMatrix } from '../features/feature-matrix.ts';
import { FEATURES, FEATURE_NAMES } from '../features/ratios.ts';
import { aggregateDrivers, type Drivers } from '../scoring/drivers.ts';
import { pdInterval } from '../scoring/interval.ts';
import { ratingFor, type Rating } from '../scoring/master-scale.ts';
import { prepareStatements } from '../scoring/prepare-statements.ts';
import { bandFor, DEFAULT_BAND_THRESHOLDS, validateBandThresholds, type BandThresholds, type RiskBand } from '../scoring/risk-bands.ts';
import { searchWhatIf } from '../scoring/what-if.ts';
import { calibratorFromJSON, type Calibrator, type CalibratorJSON } from './calibration.ts';
import { memberFromJSON, MEMBER_KINDS, type Contributions, type EnsembleMember, type MemberKind } from './members.ts';

/** Format tag of the default-model artifact. */
export const DEFAULT_MODEL_FORMAT = 'dr-default-model@1';

/** One weighted member of the ensemble with its own calibration (used for the PD interval). */
export interface WeightedMember {
  member: EnsembleMember;
  weight: number;
  calibrator: Calibrator;
}

/** The serialised artifact. */
export interface DefaultModelJSON {
  format: typeof DEFAULT_MODEL_FORMAT;
  version: string;
  features: { name: string; formula: string; group: string }[];
  members: { kind: MemberKind; weight: number; calibration: CalibratorJSON; model: unknown }[];
  calibration: CalibratorJSON;
  bandThresholds: number[];
  metadata: Record<string, unknown>;
}

/** How much explanation {@link DefaultModel.score} computes: none, all drivers, or the top k. */
export type ExplainOption = boolean | { top: number };

/** Options of {@link DefaultModel.score}. */
export interface ScoreOptions {
  /** Drivers per row; off by default because TreeSHAP costs far more than prediction. */
  explain?: ExplainOption;
  /** Statements used only as context (previous fiscal years, earlier quarters); not scored. */
  previous?: readonly StatementInput[];
  /** Band thresholds overriding the model's (three increasing PDs). */
  bandThresholds?: readonly number[];
  /** Per input row, read textual amounts with a decimal comma. */
  decimalComma?: readonly boolean[];
}

/** A scored statement. */
export interface ScoreSuccess {
  ok: true;
  company: string;
  fiscalYear: number;
  fiscalQuarter?: number;
  /** Calibrated one-year probability of default. */
  pd: number;
  band: RiskBand;
  rating: Rating;
  /** Lower and upper end of the model-disagreement interval around `pd`. */
  pdLow: number;
  pdHigh: number;
  /** Ensemble logit before calibration (what the drivers add up to). */
  logit: number;
  /** Whether the previous fiscal year was found, enabling the year-over-year features. */
  hasPreviousYear: boolean;
  drivers?: Drivers;
  modelVersion: string;
}

/** A statement that could not be scored, with every problem found. */
export interface ScoreFailure {
  ok: false;
  errors: FieldError[];
}

/** Result of scoring one statement. */
export type ScoreResult = ScoreSuccess | ScoreFailure;

/** Options of {@link DefaultModel.whatIf}. */
export interface WhatIfOptions {
  /** The statement item to change. */
  item: StatementItem;
  /** PD to get below. */
  targetPd: number;
  /** Previous fiscal year (and quarters) of the company, as in {@link ScoreOptions.previous}. */
  previous?: readonly StatementInput[];
  /** Largest change searched, as a fraction of total assets (default 1: ±100 % of total assets). */
  maxChange?: number;
}

/** Result of {@link DefaultModel.whatIf}; amounts are in the statement's unit. */
export type WhatIfResult =
  | { ok: true; isReachable: true; item: StatementItem; from: number; to: number; change: number; pdBefore: number; pdAfter: number }
  | { ok: true; isReachable: false; item: StatementItem; from: number; pdBefore: number; bestValue: number; bestPd: number; reason: string }
  | { ok: false; errors: FieldError[] };

/**
 * The default model: gradient boosting, random forest and logistic regression combined in logit
 * space with weights chosen on the validation years, followed by one calibration map.
 */
export class DefaultModel {
  readonly version: string;
  readonly members: readonly WeightedMember[];
  readonly calibrator: Calibrator;
  readonly bandThresholds: BandThresholds;
  readonly metadata: Readonly<Record<string, unknown>>;

  constructor(parts: { version: string; members: WeightedMember[]; calibrator: Calibrator; bandThresholds?: readonly number[]; metadata?: Record<string, unknown> }) {
    if (parts.members.length === 0) throw new RangeError('members must not be empty');
    this.version = parts.version;
    this.members = parts.members;
    this.calibrator = parts.calibrator;
    this.bandThresholds = validateBandThresholds(parts.bandThresholds ?? DEFAULT_BAND_THRESHOLDS);
    this.metadata = parts.metadata ?? {};
  }

  /** Each member's logit per row, in member order. */
  memberLogits(X: Matrix): Float64Array[] {
    return this.members.map((m) => m.member.decisionFunction(X));
  }

  /** Weighted sum of member logits. */
  combine(memberLogits: readonly Float64Array[]): Float64Array {
    const out = new Float64Array(memberLogits[0]?.length ?? 0);
    this.members.forEach((m, k) => {
      if (m.weight === 0) return;
      const z = memberLogits[k];
      for (let i = 0; i < out.length; i++) out[i] += m.weight * z[i];
    });
    return out;
  }

  /** Calibrated PDs of a raw feature matrix. */
  predictPd(X: Matrix): Float64Array {
    return this.combine(this.memberLogits(X)).map((z) => this.calibrator.predict(z));
  }

  /** Ensemble logit contributions per raw feature: the members' exact contributions, weighted. */
  contributions(X: Matrix): Contributions {
    const values = new Float64Array(X.nRows * X.nCols);
    let expectedValue = 0;
    for (const m of this.members) {
      if (m.weight === 0) continue;
      const c = m.member.contributions(X);
      expectedValue += m.weight * c.expectedValue;
      for (let i = 0; i < values.length; i++) values[i] += m.weight * c.values[i];
    }
    return { expectedValue, values };
  }

  /** Scores statements; rows that fail validation come back with their errors, the rest are scored. */
  score(statements: readonly StatementInput[], options: ScoreOptions = {}): ScoreResult[] {
    const thresholds = options.bandThresholds ? validateBandThresholds(options.bandThresholds) : this.bandThresholds;
    const batch = prepareStatements(statements, { previous: options.previous, decimalComma: options.decimalComma });
    const X = buildFeatureMatrix(batch.statements, batch.previous);
    const memberLogits = this.memberLogits(X);
    const logits = this.combine(memberLogits);
    const top = options.explain === true ? Infinity : typeof options.explain === 'object' ? options.explain.top : 0;
    if (!(top === Infinity || (Number.isInteger(top) && top >= 0))) throw new RangeError(`explain.top must be a non-negative integer, got ${top}`);
    const contributions = options.explain && X.nRows > 0 ? this.contributions(X) : undefined;
    const memberPds = new Float64Array(this.members.length);
    return batch.outcomes.map((outcome): ScoreResult => {
      if (!outcome.ok) return outcome;
      const i = outcome.index;
      const s = batch.statements[i];
      const logit = logits[i];
      const pd = this.calibrator.predict(logit);
      for (let k = 0; k < this.members.length; k++) memberPds[k] = this.members[k].calibrator.predict(memberLogits[k][i]);
      const result: ScoreSuccess = {
        ok: true,
        company: s.company,
        fiscalYear: s.fiscalYear,
        ...(s.fiscalQuarter === undefined ? {} : { fiscalQuarter: s.fiscalQuarter }),
        pd,
        band: bandFor(pd, thresholds),
        rating: ratingFor(pd),
        ...pdInterval(pd, memberPds),
        logit,
        hasPreviousYear: batch.previous[i] !== undefined,
        modelVersion: this.version,
      };
      if (contributions) {
        const n = X.nCols;
        result.drivers = aggregateDrivers(contributions.values.subarray(i * n, (i + 1) * n), contributions.expectedValue, X.data.subarray(i * n, (i + 1) * n), top);
      }
      return result;
    });
  }

  /**
   * The smallest change of one item that brings the PD below `targetPd`, searched within
   * ±`maxChange` × total assets. Ratios that use the item move with it; every other item is held.
   */
  whatIf(statement: StatementInput, options: WhatIfOptions): WhatIfResult {
    const { item, targetPd } = options;
    if (!(STATEMENT_ITEMS as readonly string[]).includes(item)) throw new RangeError(`item must be one of ${STATEMENT_ITEMS.join(', ')}, got ${JSON.stringify(item)}`);
    if (!(targetPd > 0 && targetPd < 1)) throw new RangeError(`targetPd must be in (0, 1), got ${targetPd}`);
    const maxChange = options.maxChange ?? 1;
    if (!(maxChange > 0)) throw new RangeError(`maxChange must be > 0, got ${maxChange}`);
    const batch = prepareStatements([statement], { previous: options.previous });
    const outcome = batch.outcomes[0];
    if (!outcome.ok) return outcome;
    const base = batch.statements[0];
    const previous = batch.previous[0];
    const scale = UNIT_TO_MILLIONS[(statement.unit ?? 'millions') as Unit];
    const from = base.amounts[item];
    if (Number.isNaN(from)) return { ok: false, errors: [{ field: item, reason: 'is missing; a what-if needs its current value' }] };
    const span = maxChange * base.amounts.totalAssets;
    // Total assets must stay positive; other items may cross zero (net income, retained earnings).
    const min = item === 'totalAssets' ? Math.max(from - span, from * 1e-3) : from - span;
    const max = from + span;
    const pdAt = (value: number): number => {
      const changed = { ...base, amounts: { ...base.amounts, [item]: value } };
      return this.predictPd(buildFeatureMatrix([changed], [previous]))[0];
    };
    const found = searchWhatIf({ from, targetPd, min, max, pdAt });
    const pdBefore = pdAt(from);
    if (found.isReachable) {
      const to = found.to * scale;
      return { ok: true, isReachable: true, item, from: from * scale, to, change: to - from * scale, pdBefore, pdAfter: found.pdAfter };
    }
    return {
      ok: true,
      isReachable: false,
      item,
      from: from * scale,
      pdBefore,
      bestValue: found.bestValue * scale,
      bestPd: found.bestPd,
      reason: `PD stays at or above ${targetPd} for every ${item} within ±${maxChange} × totalAssets`,
    };
  }

  /** The artifact form. */
  toJSON(): DefaultModelJSON {
    return {
      format: DEFAULT_MODEL_FORMAT,
      version: this.version,
      features: FEATURES.map((f) => ({ name: f.name, formula: f.formula, group: f.group })),
      members: this.members.map((m) => ({ kind: m.member.kind, weight: m.weight, calibration: m.calibrator.toJSON(), model: m.member.toJSON() })),
      calibration: this.calibrator.toJSON(),
      bandThresholds: [...this.bandThresholds],
      metadata: { ...this.metadata },
    };
  }

  /** Restores a model from its artifact, checking the format and that its features match this code. */
  static fromJSON(json: unknown): DefaultModel {
    const j = json as Partial<DefaultModelJSON>;
    if (j?.format !== DEFAULT_MODEL_FORMAT) throw new TypeError(`json.format must be '${DEFAULT_MODEL_FORMAT}', got ${JSON.stringify(j?.format)}`);
    const names = (j.features ?? []).map((f) => f.name);
    if (names.join(',') !== FEATURE_NAMES.join(',')) {
      throw new TypeError(`json.features must be the ${FEATURE_NAMES.length} features of this code (${FEATURE_NAMES.join(', ')}), got ${names.join(', ')}`);
    }
    if (!Array.isArray(j.members)) throw new TypeError('json.members must be an array');
    const members = j.members.map((m) => {
      if (!(MEMBER_KINDS as readonly string[]).includes(m.kind)) throw new TypeError(`member kind must be one of ${MEMBER_KINDS.join(', ')}, got ${JSON.stringify(m.kind)}`);
      return { member: memberFromJSON(m.kind, m.model), weight: m.weight, calibrator: calibratorFromJSON(m.calibration) };
    });
    return new DefaultModel({ version: String(j.version), members, calibrator: calibratorFromJSON(j.calibration), bandThresholds: j.bandThresholds, metadata: j.metadata });
  }
}
