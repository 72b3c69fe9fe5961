/** Risk bands, from lowest to highest PD. */
export const RISK_BANDS = ['low', 'medium', 'high', 'critical'] as const;
/** One of {@link RISK_BANDS}. */
export type RiskBand = (typeof RISK_BANDS)[number];

/** Lower PD bounds of medium, high and critical: low < 2 % ≤ medium < 5 % ≤ high < 15 % ≤ critical. */
export type BandThresholds = readonly [medium: number, high: number, critical: number];

/** Default band thresholds (2 %, 5 %, 15 %). */
export const DEFAULT_BAND_THRESHOLDS: BandThresholds = Object.freeze([0.02, 0.05, 0.15] as const);

/** Checks that thresholds are increasing probabilities in (0, 1). */
export function validateBandThresholds(thresholds: readonly number[]): BandThresholds {
  if (thresholds.length !== 3 || !thresholds.every((t, i) => t > 0 && t < 1 && (i === 0 || t > thresholds[i - 1]))) {
    throw new RangeError(`thresholds must be three increasing probabilities in (0, 1), got ${JSON.stringify(thresholds)}`);
  }
  return thresholds as unknown as BandThresholds;
}

/** The risk band of a PD; a PD on a threshold belongs to the higher band. */
export function bandFor(pd: number, thresholds: BandThresholds = DEFAULT_BAND_THRESHOLDS): RiskBand {
  if (pd >= thresholds[2]) return 'critical';
  if (pd >= thresholds[1]) return 'high';
  if (pd >= thresholds[0]) return 'medium';
  return 'low';
}
