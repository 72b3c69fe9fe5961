/**
 * The DefaultRate master scale: nine grades with 1-year PD upper bounds. Bounds are roughly
 * geometric and sit near long-run one-year corporate default rates per agency grade, so a rating
 * reads like the familiar letter scale; it is our scale, not an agency rating.
 */
export const MASTER_SCALE = Object.freeze([
  { rating: 'AAA', upperPd: 0.0003 },
  { rating: 'AA', upperPd: 0.0007 },
  { rating: 'A', upperPd: 0.0015 },
  { rating: 'BBB', upperPd: 0.004 },
  { rating: 'BB', upperPd: 0.012 },
  { rating: 'B', upperPd: 0.04 },
  { rating: 'CCC', upperPd: 0.12 },
  { rating: 'CC', upperPd: 0.3 },
  { rating: 'C', upperPd: 1 },
] as const);

/** Ratings of the master scale, best first. */
export const RATINGS = Object.freeze(MASTER_SCALE.map((g) => g.rating));
/** One master-scale grade. */
export type Rating = (typeof MASTER_SCALE)[number]['rating'];

/** The master-scale grade of a PD: the first grade whose upper bound exceeds it (C holds PD = 1). */
export function ratingFor(pd: number): Rating {
  if (!(pd >= 0 && pd <= 1)) throw new RangeError(`pd must be a probability in [0, 1], got ${pd}`);
  for (const grade of MASTER_SCALE) if (pd < grade.upperPd) return grade.rating;
  return 'C';
}
