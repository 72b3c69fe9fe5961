import type { DrProblem } from '../internal/problem.ts';

/** Fired when a widget could not do its job; the widget shows the problem too and never throws. */
export class DrErrorEvent extends Event {
  static readonly eventName = 'dr-error';
  /** The problem, with the API's `type`, `title`, `status` and `detail`. */
  readonly problem: DrProblem;
  /** Tag of the widget that failed. */
  readonly widget: string;

  constructor(widget: string, problem: DrProblem) {
    super(DrErrorEvent.eventName, { bubbles: true, composed: true });
    this.widget = widget;
    this.problem = problem;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-error': DrErrorEvent;
  }
}
