/** Options of {@link searchWhatIf}. */
export interface WhatIfSearch {
  /** Current value of the item. */
  from: number;
  /** PD the search must get strictly below. */
  targetPd: number;
  /** Smallest and largest value the item may take. */
  min: number;
  max: number;
  /** PD of the statement with the item set to a value. */
  pdAt(value: number): number;
}

/** Outcome of a what-if search; values are in the unit the caller passed in. */
export type WhatIfSearchResult =
  | { isReachable: true; to: number; pdAfter: number; evaluations: number }
  | { isReachable: false; bestValue: number; bestPd: number; evaluations: number };

// Fractions of the allowed range tried on each side before refining: fine near the current value,
// because the smallest sufficient change is what the analyst wants.
const STEPS = [0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * Smallest change of one item that brings the PD below a target. The PD of a tree ensemble is
 * piecewise constant and not necessarily monotone in an item, so the search scans both directions
 * outward on a grid, takes the nearest value that reaches the target, and bisects between it and
 * the last grid value before it on the same side to locate the crossing.
 */
export function searchWhatIf(search: WhatIfSearch): WhatIfSearchResult {
  const { from, targetPd, min, max, pdAt } = search;
  let evaluations = 0;
  const evaluate = (v: number): number => {
    evaluations++;
    return pdAt(v);
  };
  const pd0 = evaluate(from);
  if (pd0 < targetPd) return { isReachable: true, to: from, pdAfter: pd0, evaluations };
  let best = { value: from, pd: pd0 };
  const candidates: { distance: number; value: number; previous: number }[] = [];
  for (const side of [-1, 1]) {
    const span = side < 0 ? from - min : max - from;
    if (!(span > 0)) continue;
    let previous = from;
    for (const s of STEPS) {
      const value = from + side * s * span;
      candidates.push({ distance: s * span, value, previous });
      previous = value;
    }
  }
  candidates.sort((a, b) => a.distance - b.distance);
  for (const c of candidates) {
    const pd = evaluate(c.value);
    if (pd < best.pd) best = { value: c.value, pd };
    if (pd >= targetPd) continue;
    // Bisect between the last failing value on this side and the first passing one.
    let fail = c.previous;
    let pass = c.value;
    let passPd = pd;
    for (let k = 0; k < 40 && Math.abs(pass - fail) > 1e-9 * Math.max(1, Math.abs(from)); k++) {
      const mid = (fail + pass) / 2;
      const pm = evaluate(mid);
      if (pm < targetPd) {
        pass = mid;
        passPd = pm;
      } else {
        fail = mid;
      }
    }
    return { isReachable: true, to: pass, pdAfter: passPd, evaluations };
  }
  return { isReachable: false, bestValue: best.value, bestPd: best.pd, evaluations };
}
