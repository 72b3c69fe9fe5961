import { RISK_BANDS, bandFor, DEFAULT_BAND_THRESHOLDS, type BandThresholds, type RiskBand } from '../scoring/risk-bands.ts';

/** Observed default rate of one risk band. */
export interface BandRate {
  band: RiskBand;
  count: number;
  defaults: number;
  meanPd: number;
  observedRate: number;
}

/** Count, defaults, mean PD and observed default rate per risk band (empty bands included). */
export function bandRates(y: ArrayLike<number>, p: ArrayLike<number>, thresholds: BandThresholds = DEFAULT_BAND_THRESHOLDS): BandRate[] {
  const acc = new Map<RiskBand, { count: number; defaults: number; sumPd: number }>(RISK_BANDS.map((b) => [b, { count: 0, defaults: 0, sumPd: 0 }]));
  for (let i = 0; i < y.length; i++) {
    const a = acc.get(bandFor(p[i], thresholds))!;
    a.count++;
    a.defaults += y[i] === 1 ? 1 : 0;
    a.sumPd += p[i];
  }
  return RISK_BANDS.map((band) => {
    const a = acc.get(band)!;
    return { band, count: a.count, defaults: a.defaults, meanPd: a.count ? a.sumPd / a.count : Number.NaN, observedRate: a.count ? a.defaults / a.count : Number.NaN };
  });
}
