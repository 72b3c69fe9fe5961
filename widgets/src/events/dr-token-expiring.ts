/**
 * Fired by <dr-provider> about 30 s before its token expires. The host answers by setting a new
 * `token`; if it calls preventDefault() the provider does not call its `refreshToken` callback itself.
 */
export class DrTokenExpiringEvent extends Event {
  static readonly eventName = 'dr-token-expiring';
  /** When the current token expires (ms since the epoch). */
  readonly expiresAt: number;

  constructor(expiresAt: number) {
    super(DrTokenExpiringEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.expiresAt = expiresAt;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-token-expiring': DrTokenExpiringEvent;
  }
}
