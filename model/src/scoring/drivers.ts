import { DRIVER_LABELS, FEATURES } from '../features/ratios.ts';

/** One ratio's contribution to the ensemble logit. */
export interface Driver {
  /** Driver group: the ratio an analyst reads (e.g. `roa`, `tlTa`). */
  item: string;
  label: string;
  /** The ratio's value for this statement, or null when missing. */
  value: number | null;
  /** Contribution to the pre-calibration ensemble logit; positive raises the PD. */
  contribution: number;
}

/**
 * Explanation of one score: `baseValue + Σ items[].contribution + rest = logit`, where `logit`
 * is the ensemble logit before calibration and `rest` sums the groups left out by a top-k request.
 */
export interface Drivers {
  baseValue: number;
  logit: number;
  items: Driver[];
  rest: number;
}

const GROUPS: readonly string[] = [...new Set(FEATURES.map((f) => f.group))];
const GROUP_OF: readonly number[] = FEATURES.map((f) => GROUPS.indexOf(f.group));
const LEVEL_FEATURE: readonly number[] = GROUPS.map((g) => FEATURES.findIndex((f) => f.name === g));

/**
 * Folds per-feature contributions into per-ratio drivers (year-over-year columns and missing
 * indicators were already credited to their feature; here features join their ratio group),
 * sorted by |contribution|, keeping the `top` largest when asked.
 */
export function aggregateDrivers(contributions: ArrayLike<number>, baseValue: number, features: ArrayLike<number>, top = Infinity): Drivers {
  const sums = new Float64Array(GROUPS.length);
  let logit = baseValue;
  for (let j = 0; j < FEATURES.length; j++) {
    sums[GROUP_OF[j]] += contributions[j];
    logit += contributions[j];
  }
  const all: Driver[] = GROUPS.map((item, g) => {
    const v = LEVEL_FEATURE[g] >= 0 ? features[LEVEL_FEATURE[g]] : Number.NaN;
    return { item, label: DRIVER_LABELS[item] ?? item, value: Number.isNaN(v) ? null : v, contribution: sums[g] };
  });
  all.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.item < b.item ? -1 : 1));
  const items = all.slice(0, Math.max(0, top));
  let rest = 0;
  for (const d of all.slice(items.length)) rest += d.contribution;
  return { baseValue, logit, items, rest };
}
