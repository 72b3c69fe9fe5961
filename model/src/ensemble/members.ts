import type { Matrix } from '../matrix.ts';
import { GradientBoostingClassifier, RandomForestClassifier } from '../tree/index.ts';
import { LinearDesign } from '../features/linear-design.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';

/** Ensemble member kinds: gradient boosting, random forest, logistic regression. */
export const MEMBER_KINDS = ['gbm', 'rf', 'lr'] as const;
/** One of {@link MEMBER_KINDS}. */
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** Per-feature additive contributions to a logit: `expectedValue + Σ values[row, ·] = logit[row]`. */
export interface Contributions {
  expectedValue: number;
  /** Row-major nRows × nFeatures. */
  values: Float64Array;
}

/** A fitted ensemble member seen through the raw feature matrix (NaN = missing). */
export interface EnsembleMember {
  readonly kind: MemberKind;
  /** Logit per row. */
  decisionFunction(X: Matrix): Float64Array;
  /** Exact additive contributions of each raw feature to the logit. */
  contributions(X: Matrix): Contributions;
  toJSON(): unknown;
}

/** A gradient boosting or random forest classifier as a member; TreeSHAP gives its contributions. */
export class TreeMember implements EnsembleMember {
  readonly kind: 'gbm' | 'rf';
  readonly model: GradientBoostingClassifier | RandomForestClassifier;

  constructor(kind: 'gbm' | 'rf', model: GradientBoostingClassifier | RandomForestClassifier) {
    this.kind = kind;
    this.model = model;
  }

  decisionFunction(X: Matrix): Float64Array {
    return this.model.decisionFunction(X);
  }

  contributions(X: Matrix): Contributions {
    return this.model.shap(X);
  }

  toJSON(): unknown {
    return this.model.toJSON();
  }
}

/**
 * The logistic regression with its design (winsorise, standardise, missing indicators) as a
 * member. A design column's contribution is β·(value − training mean); indicator columns are
 * credited to the feature they flag, so contributions are per raw feature like TreeSHAP's.
 */
export class LinearMember implements EnsembleMember {
  readonly kind = 'lr' as const;
  readonly design: LinearDesign;
  readonly model: LogisticRegression;

  constructor(design: LinearDesign, model: LogisticRegression) {
    this.design = design;
    this.model = model;
  }

  decisionFunction(X: Matrix): Float64Array {
    return this.model.decisionFunction(this.design.transform(X));
  }

  contributions(X: Matrix): Contributions {
    const D = this.design.transform(X);
    const { coef, intercept } = this.model.toJSON().state;
    const { columnMean } = this.design.state;
    let expectedValue = intercept;
    for (let c = 0; c < coef.length; c++) expectedValue += coef[c] * columnMean[c];
    const values = new Float64Array(X.nRows * X.nCols);
    for (let i = 0; i < X.nRows; i++) {
      for (let c = 0; c < D.nCols; c++) {
        values[i * X.nCols + this.design.sourceOf(c)] += coef[c] * (D.data[i * D.nCols + c] - columnMean[c]);
      }
    }
    return { expectedValue, values };
  }

  toJSON(): unknown {
    return { design: this.design.toJSON(), model: this.model.toJSON() };
  }
}

/** Restores a member from its kind and `toJSON()` output. */
export function memberFromJSON(kind: MemberKind, json: unknown): EnsembleMember {
  if (kind === 'gbm') return new TreeMember('gbm', GradientBoostingClassifier.fromJSON(json));
  if (kind === 'rf') return new TreeMember('rf', RandomForestClassifier.fromJSON(json));
  if (kind === 'lr') {
    const j = json as { design?: unknown; model?: unknown };
    return new LinearMember(LinearDesign.fromJSON(j?.design), LogisticRegression.fromJSON(j?.model));
  }
  throw new TypeError(`member kind must be one of ${MEMBER_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
}
