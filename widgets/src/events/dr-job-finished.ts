import type { components } from '../../../openapi/generated/schema.d.ts';

/** Fired by <dr-bulk-upload> when its score job reaches a final status. */
export class DrJobFinishedEvent extends Event {
  static readonly eventName = 'dr-job-finished';
  /**
   * The job in its final status (`completed`, `completed_with_errors`, `failed` or `cancelled`),
   * with its row counts.
   */
  readonly job: components['schemas']['ScoreJob'];

  constructor(job: components['schemas']['ScoreJob']) {
    super(DrJobFinishedEvent.eventName, { bubbles: true, composed: true });
    this.job = job;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-job-finished': DrJobFinishedEvent;
  }
}
