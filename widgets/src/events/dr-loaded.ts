/** Fired by a widget when its data has loaded and is on screen. */
export class DrLoadedEvent extends Event {
  static readonly eventName = 'dr-loaded';
  /** Tag of the widget that loaded. */
  readonly widget: string;

  constructor(widget: string) {
    super(DrLoadedEvent.eventName, { bubbles: true, composed: true });
    this.widget = widget;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-loaded': DrLoadedEvent;
  }
}
