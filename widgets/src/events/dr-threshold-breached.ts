import type { components } from '../../../openapi/generated/schema.d.ts';

/** The company whose PD reached the threshold: enough to name it and to look it up. */
export type BreachingCompany = Pick<components['schemas']['Company'], 'id' | 'name'>;

/**
 * Fired by a widget with a `threshold` when a company it loaded has a PD at or above it, once per
 * company for the widget's lifetime (a reload, a new page or a new sort does not repeat it).
 */
export class DrThresholdBreachedEvent extends Event {
  static readonly eventName = 'dr-threshold-breached';
  /** The company, by id and name. */
  readonly company: BreachingCompany;
  /** Its latest PD (0–1). */
  readonly pd: number;
  /** The widget's `threshold` it reached (0–1). */
  readonly threshold: number;

  constructor(company: BreachingCompany, pd: number, threshold: number) {
    super(DrThresholdBreachedEvent.eventName, { bubbles: true, composed: true });
    this.company = { id: company.id, name: company.name };
    this.pd = pd;
    this.threshold = threshold;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-threshold-breached': DrThresholdBreachedEvent;
  }
}
