import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimited } from '../../lib/problem.ts';

export interface LoginRateLimits {
  maxPerIp: number;
  maxFailuresPerAccount: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every API process: all attempts per IP, and failed
 * attempts per account (so one attacker cannot lock an account out from everywhere by succeeding
 * elsewhere, and a legitimate login clears its own failures).
 */
export class LoginRateLimiter {
  private readonly redis: Redis;
  private readonly limits: LoginRateLimits;
  private readonly prefix: string;

  constructor(redis: Redis, limits: LoginRateLimits, prefix: string) {
    this.redis = redis;
    this.limits = limits;
    this.prefix = prefix;
  }

  private ipKey(ip: string): string {
    return `${this.prefix}:rl:login:ip:${ip}`;
  }

  private accountKey(email: string): string {
    // Hashed so Redis never holds the address in clear.
    return `${this.prefix}:rl:login:acct:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;
  }

  /** Counts this attempt against the IP and refuses when the IP or the account is over its limit. */
  async checkAttempt(ip: string, email: string): Promise<void> {
    const ipKey = this.ipKey(ip);
    const accountKey = this.accountKey(email);
    const [[, ipCount], [, ipTtl], [, failures], [, accountTtl]] = (await this.redis
      .multi()
      .incr(ipKey)
      .pttl(ipKey)
      .get(accountKey)
      .pttl(accountKey)
      .exec()) as [[null, number], [null, number], [null, string | null], [null, number]];
    if (ipTtl < 0) await this.redis.pexpire(ipKey, this.limits.windowSeconds * 1000);
    if (ipCount > this.limits.maxPerIp) throw this.limited('this address', ipTtl);
    if (Number(failures ?? 0) >= this.limits.maxFailuresPerAccount) throw this.limited('this account', accountTtl);
  }

  async recordFailure(email: string): Promise<void> {
    const key = this.accountKey(email);
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.pexpire(key, this.limits.windowSeconds * 1000);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }

  private limited(subject: string, ttlMs: number) {
    const retryAfter = Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : this.limits.windowSeconds * 1000) / 1000));
    return new RateLimited(`Too many login attempts for ${subject}; try again in ${retryAfter} s.`, { retryAfter }, { 'Retry-After': String(retryAfter) });
  }
}
