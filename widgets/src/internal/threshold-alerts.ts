import type { components } from '../../../openapi/generated/schema.d.ts';
import { DrThresholdBreachedEvent } from '../events/dr-threshold-breached.ts';

type Company = components['schemas']['Company'];

/**
 * A widget's `threshold` attribute when it means something: a number in (0, 1]. Anything else (none,
 * an empty attribute, which Lit parses as 0, or text) is undefined, so it flags nothing rather than everything.
 */
export function thresholdOf(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && value > 0 && value <= 1 ? value : undefined;
}

/** True when a company's PD is at or above a (valid) threshold. */
export function isAtOrAbove(pd: number | null, threshold: number | undefined): boolean {
  return pd !== null && threshold !== undefined && pd >= threshold;
}

/**
 * Fires `dr-threshold-breached` from `host` for each company at or above the threshold, once per
 * company for the host's lifetime: a host watching a list must not repeat itself when a page is
 * fetched again, sorted or filtered.
 */
export class ThresholdAlerts {
  readonly #host: HTMLElement;
  readonly #notified = new Set<string>();

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  /** Reports the companies of a load that reach `threshold`, in their order, skipping those reported before. */
  report(companies: readonly Company[], threshold: number | undefined): void {
    if (threshold === undefined) return;
    for (const company of companies) {
      if (company.latestPd === null || company.latestPd < threshold || this.#notified.has(company.id)) continue;
      this.#notified.add(company.id);
      this.#host.dispatchEvent(new DrThresholdBreachedEvent(company, company.latestPd, threshold));
    }
  }
}
