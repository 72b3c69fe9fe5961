/**
 * Uncertainty interval of a PD: the range spanned by the ensemble PD and the PDs of its members,
 * each member calibrated on its own (Platt, on the validation years). It measures model
 * disagreement — how much the answer depends on which learner you trust — not sampling error.
 */
export function pdInterval(pd: number, memberPds: ArrayLike<number>): { pdLow: number; pdHigh: number } {
  let pdLow = pd;
  let pdHigh = pd;
  for (let k = 0; k < memberPds.length; k++) {
    if (memberPds[k] < pdLow) pdLow = memberPds[k];
    if (memberPds[k] > pdHigh) pdHigh = memberPds[k];
  }
  return { pdLow, pdHigh };
}
