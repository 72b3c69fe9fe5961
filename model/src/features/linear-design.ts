import type { Matrix } from '../matrix.ts';
import { fitWinsorLimits, winsorise } from './winsorisation.ts';

/** Learned state of {@link LinearDesign}. */
export interface LinearDesignState {
  lower: number[];
  upper: number[];
  mean: number[];
  scale: number[];
  /** Source feature of each missing-indicator column, in order after the value columns. */
  indicatorOf: number[];
  /** Training mean of every design column (0 for values, the missing rate for indicators). */
  columnMean: number[];
}

/** Options of {@link LinearDesign.fit}. */
export interface LinearDesignOptions {
  /** Winsorisation quantile per tail. */
  winsorQuantile: number;
}

/** Default {@link LinearDesignOptions}. */
export const LINEAR_DESIGN_DEFAULTS: Readonly<LinearDesignOptions> = Object.freeze({ winsorQuantile: 0.01 });

/**
 * Turns raw features into the logistic regression's design: winsorised at training quantiles,
 * standardised with training mean and standard deviation, missing set to 0 (the training mean)
 * plus a 0/1 missing indicator for each feature that was ever missing in training.
 */
export class LinearDesign {
  readonly state: LinearDesignState;

  constructor(state: LinearDesignState) {
    this.state = state;
  }

  /** Learns limits, centring and scaling on the training matrix. */
  static fit(X: Matrix, options: Partial<LinearDesignOptions> = {}): LinearDesign {
    const { winsorQuantile } = { ...LINEAR_DESIGN_DEFAULTS, ...options };
    const { lower, upper } = fitWinsorLimits(X, winsorQuantile);
    const mean: number[] = [];
    const scale: number[] = [];
    const indicatorOf: number[] = [];
    const missingRate: number[] = [];
    for (let j = 0; j < X.nCols; j++) {
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < X.nRows; i++) {
        const v = X.data[i * X.nCols + j];
        if (Number.isNaN(v)) continue;
        const w = winsorise(v, lower[j], upper[j]);
        n++;
        sum += w;
        sumSq += w * w;
      }
      const m = n > 0 ? sum / n : 0;
      const sd = n > 1 ? Math.sqrt(Math.max(sumSq / n - m * m, 0)) : 0;
      mean.push(m);
      // A constant column keeps scale 1 so it standardises to 0 instead of dividing by zero.
      scale.push(sd > 1e-12 ? sd : 1);
      if (n < X.nRows) {
        indicatorOf.push(j);
        missingRate.push(1 - n / X.nRows);
      }
    }
    const columnMean = [...mean.map(() => 0), ...missingRate];
    return new LinearDesign({ lower, upper, mean, scale, indicatorOf, columnMean });
  }

  /** Number of design columns (values, then indicators). */
  get nOutputs(): number {
    return this.state.mean.length + this.state.indicatorOf.length;
  }

  /** The raw feature a design column comes from. */
  sourceOf(column: number): number {
    const nValues = this.state.mean.length;
    return column < nValues ? column : this.state.indicatorOf[column - nValues];
  }

  /** Applies the learned transformation; the result has no NaN. */
  transform(X: Matrix): Matrix {
    const { lower, upper, mean, scale, indicatorOf } = this.state;
    if (X.nCols !== mean.length) throw new RangeError(`X.nCols must be ${mean.length}, got ${X.nCols}`);
    const nOut = this.nOutputs;
    const data = new Float64Array(X.nRows * nOut);
    for (let i = 0; i < X.nRows; i++) {
      const inRow = i * X.nCols;
      const outRow = i * nOut;
      for (let j = 0; j < X.nCols; j++) {
        const v = X.data[inRow + j];
        data[outRow + j] = Number.isNaN(v) ? 0 : (winsorise(v, lower[j], upper[j]) - mean[j]) / scale[j];
      }
      for (let k = 0; k < indicatorOf.length; k++) {
        data[outRow + X.nCols + k] = Number.isNaN(X.data[inRow + indicatorOf[k]]) ? 1 : 0;
      }
    }
    return { data, nRows: X.nRows, nCols: nOut };
  }

  /** Serialisable form. */
  toJSON(): { format: 'dr-linear-design@1'; state: LinearDesignState } {
    return { format: 'dr-linear-design@1', state: this.state };
  }

  /** Restores a design saved by {@link LinearDesign.toJSON}. */
  static fromJSON(json: unknown): LinearDesign {
    const j = json as { format?: unknown; state?: LinearDesignState };
    if (j?.format !== 'dr-linear-design@1') throw new TypeError(`json.format must be 'dr-linear-design@1', got ${JSON.stringify(j?.format)}`);
    return new LinearDesign(j.state as LinearDesignState);
  }
}
