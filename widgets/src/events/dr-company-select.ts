import type { components } from '../../../openapi/generated/schema.d.ts';

/** Fired when the user picks a company (a row of <dr-company-table>). */
export class DrCompanySelectEvent extends Event {
  static readonly eventName = 'dr-company-select';
  /** The company picked, as the API returned it. */
  readonly company: components['schemas']['Company'];

  constructor(company: components['schemas']['Company']) {
    super(DrCompanySelectEvent.eventName, { bubbles: true, composed: true });
    this.company = company;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-company-select': DrCompanySelectEvent;
  }
}
