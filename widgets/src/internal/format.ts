import type { components } from '../../../openapi/generated/schema.d.ts';

export type RiskBand = components['schemas']['RiskBand'];
export const RISK_BANDS = ['low', 'medium', 'high', 'critical'] as const satisfies readonly RiskBand[];

const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const points = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** A PD as a percentage with two decimals ("3.20%"). */
export function formatPd(pd: number): string {
  return percent.format(pd);
}

/** A PD change in percentage points ("+0.7 pp", "-1.25 pp"). */
export function formatPdChange(delta: number): string {
  return `${points.format(delta * 100)} pp`;
}

/** "Low", "Medium", … */
export function bandLabel(band: RiskBand): string {
  return band.charAt(0).toUpperCase() + band.slice(1);
}

/** A fiscal period ("FY2024" or "Q3 2024"). */
export function formatPeriod(fiscalYear: number, fiscalQuarter: number | null): string {
  return fiscalQuarter ? `Q${fiscalQuarter} ${fiscalYear}` : `FY${fiscalYear}`;
}
