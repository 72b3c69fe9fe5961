import { FEATURE_NAMES } from './ratios.ts';
import type { Matrix } from '../matrix.ts';

/** Altman (1968) weights on WC/TA, RE/TA, EBIT/TA, MVE/TL and Sales/TA. */
export const ALTMAN_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({ wcTa: 1.2, reTa: 1.4, ebitTa: 3.3, mveTl: 0.6, salesTa: 1.0 });

/**
 * The original Altman Z-score, Z = 1.2·WC/TA + 1.4·RE/TA + 3.3·EBIT/TA + 0.6·MVE/TL + 1.0·S/TA,
 * per row of the feature matrix. Lower is riskier (Altman's distress zone is Z < 1.81). A missing
 * component (MVE/TL when total liabilities ≤ 0) counts as 0, its neutral value.
 */
export function altmanZ(X: Matrix): Float64Array {
  const terms = Object.entries(ALTMAN_WEIGHTS).map(([name, w]) => [FEATURE_NAMES.indexOf(name), w] as const);
  const out = new Float64Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) {
    let z = 0;
    for (const [j, w] of terms) {
      const v = X.data[i * X.nCols + j];
      if (!Number.isNaN(v)) z += w * v;
    }
    out[i] = z;
  }
  return out;
}
