/**
 * The changes <dr-org-admin-panel> makes, named as the API's audit log names them, so a host can
 * match an event to its audit entry.
 */
export const ADMIN_CHANGE_ACTIONS = [
  'member.role_changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'organization.join_token_created',
  'organization.join_token_disabled',
  'webhook.created',
  'webhook.deleted',
  'webhook.secret_rotated',
  'api_key.created',
  'api_key.revoked',
  // <dr-tenant-admin-panel> and <dr-super-admin-panel>:
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'member.assigned',
  'user.disabled',
  'user.enabled',
  'tenant.embed_origins_replaced',
  'tenant.created',
  'tenant.suspended',
  'tenant.reactivated',
] as const;
/** One kind of change made by <dr-org-admin-panel>. */
export type AdminChangeAction = (typeof ADMIN_CHANGE_ACTIONS)[number];

/**
 * Fired by <dr-org-admin-panel> after the API accepted a change (a role, a member removed, an
 * invitation, the join token, a webhook, an API key), so the host can refresh views that show the
 * same data. Carries no secrets: tokens and keys shown once stay inside the panel.
 */
export class DrAdminChangeEvent extends Event {
  static readonly eventName = 'dr-admin-change';
  /** What changed, e.g. `member.role_changed`. */
  readonly action: AdminChangeAction;
  /** Id of what changed: the user, invitation, organization (join token), webhook or API key. */
  readonly targetId: string;

  constructor(action: AdminChangeAction, targetId: string) {
    super(DrAdminChangeEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.targetId = targetId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dr-admin-change': DrAdminChangeEvent;
  }
}
