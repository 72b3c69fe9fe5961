import type { Matrix } from '../matrix.ts';
import type { Statement } from '../data/statement.ts';
import { FEATURES, YEAR_OVER_YEAR_COLUMNS, computeFeatures } from './ratios.ts';

/** Annual statements looked up by company and fiscal year, to find a row's previous year. */
export class PreviousYearIndex {
  private readonly byKey = new Map<string, Statement>();

  /** Indexes the statements; when a company-year repeats, the first one wins. */
  constructor(statements: Iterable<Statement>) {
    for (const s of statements) {
      if (s.company === '') continue;
      const key = `${s.company}\u0000${s.fiscalYear}\u0000${s.fiscalQuarter ?? 0}`;
      if (!this.byKey.has(key)) this.byKey.set(key, s);
    }
  }

  /**
   * The statement one year before `s` of the same company and period (annual, or the same
   * quarter a year earlier for trailing-twelve-month statements); undefined when absent or unnamed.
   */
  previousOf(s: Statement): Statement | undefined {
    if (s.company === '') return undefined;
    const sameQuarter = this.byKey.get(`${s.company}\u0000${s.fiscalYear - 1}\u0000${s.fiscalQuarter ?? 0}`);
    if (sameQuarter !== undefined || s.fiscalQuarter !== 4) return sameQuarter;
    // Q4 trailing twelve months cover the fiscal year, so last year's annual statement matches.
    return this.byKey.get(`${s.company}\u0000${s.fiscalYear - 1}\u00000`);
  }
}

/** Builds the raw feature matrix (NaN = missing) for statements paired with their previous year. */
export function buildFeatureMatrix(statements: readonly Statement[], previous: readonly (Statement | undefined)[]): Matrix {
  const nCols = FEATURES.length;
  const data = new Float64Array(statements.length * nCols);
  for (let i = 0; i < statements.length; i++) computeFeatures(statements[i], previous[i], data, i * nCols);
  return { data, nRows: statements.length, nCols };
}


/** A copy of the matrix with the year-over-year columns set to missing. */
export function maskHistory(X: Matrix): Matrix {
  const data = Float64Array.from(X.data);
  for (let i = 0; i < X.nRows; i++) for (const j of YEAR_OVER_YEAR_COLUMNS) data[i * X.nCols + j] = Number.NaN;
  return { data, nRows: X.nRows, nCols: X.nCols };
}

