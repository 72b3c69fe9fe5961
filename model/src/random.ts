/**
 * Seeded pseudo-random numbers for the model.
 *
 * xoshiro128** (Blackman & Vigna) on 32-bit integers: fast in JS because every step stays in
 * int32 arithmetic, and good enough statistically for bootstrap draws and feature sampling.
 * The 128-bit state is filled from the seed with splitmix32 so that nearby seeds (0, 1, 2, ...)
 * still give unrelated streams.
 */

/** A deterministic random stream; the same seed always yields the same sequence. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Creates a stream from an integer seed (any finite number; the fractional part is ignored). */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
    }
    let x = Math.trunc(seed) >>> 0;
    // Mix in the high bits too, so seeds above 2^32 still matter.
    x = (x ^ Math.trunc(seed / 4294967296)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // An all-zero state would be a fixed point of xoshiro.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n); `n` must be a positive integer no larger than 2^32. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new RangeError(`n must be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection sampling removes the modulo bias that would favour small values.
    const limit = 4294967296 - (4294967296 % n);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return r % n;
  }

  /** Shuffles `values` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /**
   * Draws `k` distinct integers from [0, n), returned in increasing order.
   * Sorted output matters to callers: row subsets scanned in order keep memory access sequential.
   */
  sampleWithoutReplacement(n: number, k: number, into?: Uint32Array): Uint32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError(`k must be an integer in [0, n = ${n}], got ${k}`);
    }
    if (into !== undefined && into.length < k) throw new RangeError(`into must hold k = ${k} numbers, got ${into.length}`);
    const out = into === undefined ? new Uint32Array(k) : into.subarray(0, k);
    if (k === 0) return out;
    if (k * 4 >= n) {
      this.selectionSample(n, k, out);
      return out;
    }
    // Sparse case: partial Fisher–Yates over a hash map of swapped positions, then sort.
    const swapped = new Map<number, number>();
    for (let i = 0; i < k; i++) {
      const j = i + this.nextInt(n - i);
      const vj = swapped.get(j) ?? j;
      const vi = swapped.get(i) ?? i;
      swapped.set(j, vi);
      out[i] = vj;
    }
    return out.sort();
  }

  /**
   * Selection sampling (Knuth's Algorithm S): O(n) and already ordered. The generator runs on
   * local copies of the state, written back at the end: the same draws as `nextFloat` in a loop,
   * without a property load and store per step (this loop runs once per boosting tree over all rows).
   */
  private selectionSample(n: number, k: number, out: Uint32Array): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let chosen = 0;
    for (let i = 0; i < n && chosen < k; i++) {
      const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      if ((n - i) * (result / 4294967296) < k - chosen) out[chosen++] = i;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** A child stream derived from this one, so that sub-tasks (e.g. one tree each) stay independent. */
  fork(): Random {
    return new Random(this.nextUint32() * 4294967296 + this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
