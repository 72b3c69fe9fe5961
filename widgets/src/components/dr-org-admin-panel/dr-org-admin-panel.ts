import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import { ROLE_LABELS } from '../../internal/admin-format.ts';
import { adminStyles } from '../../internal/admin.styles.ts';
import { ConfirmController } from '../../internal/confirm-dialog.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { DrProblem, dataOf, isAbort, toProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { formControlStyles } from '../../internal/form-controls.styles.ts';
import { tableStyles } from '../../internal/table.styles.ts';
import { DrAdminChangeEvent, type AdminChangeAction } from '../../events/dr-admin-change.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import type { AdminPanelHost, AdminScope, AdminSection } from './admin-section.ts';
import { ApiKeysSection } from './api-keys-section.ts';
import { orgAdminPanelStyles } from './dr-org-admin-panel.styles.ts';
import { EmbedOriginsSection } from './embed-origins-section.ts';
import { InvitationsSection } from './invitations-section.ts';
import { JoinTokenSection } from './join-token-section.ts';
import { MembersSection } from './members-section.ts';
import { WebhooksSection } from './webhooks-section.ts';

/** The tag, as the widget names itself in dr-loaded and dr-error. */
const TAG = 'dr-org-admin-panel';
/** Actions of the permission matrix that make the caller an administrator of the organization. */
const ADMIN_ACTIONS = ['members.invite', 'join_token.manage', 'webhooks.manage', 'api_keys.manage'];

/**
 * What it offers follows the caller's permissions from `GET /v1/me`: an org admin (or the tenant's
 * admin, or a super admin, with `organization-id`) gets every control; an org member sees the
 * member list read-only and a note that the admins manage the rest, which is what the API lets
 * them do. Destructive changes ask first in a modal dialog. Tokens, secrets and keys the API
 * returns once are shown once, with a copy button. Needs a user's access token (or an admin embed
 * token minted for this panel); an ordinary embed token gets a 403 problem.
 *
 * @summary An organization's administration: members and their roles, invitations, the join token,
 * webhooks, API keys and the institution's embed origins, each with its own loading, empty and
 * problem state.
 *
 * @event dr-loaded - The caller, the organization and the first page of every section are on screen (once per organization).
 * @event dr-error - A load or a change failed; the panel shows the problem's title and detail where it happened. Field problems of a form are shown at their fields and do not fire it.
 * @event dr-admin-change - The API accepted a change (`event.action`, e.g. `member.role_changed`; `event.targetId`); refresh other views of the same data.
 *
 * @csspart base - The outer box.
 * @csspart header - The organization's name and the caller's role.
 * @csspart title - The organization's name.
 * @csspart notice - For a caller who may only read: who manages the rest.
 * @csspart section - Each section (members, invitations, join token, webhooks, API keys, embed origins).
 * @csspart table - Each section's table.
 * @csspart row - Each table body row.
 * @csspart form - Each form (invite, join token, new webhook, new API key).
 * @csspart secret - A token, secret or key shown once, with its copy button.
 * @csspart pager - Previous / next controls of a long list.
 * @csspart origins - The list of embed origins.
 * @csspart dialog - The confirmation dialog.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-text - Text.
 * @cssproperty --dr-color-text-muted - Notes, captions and empty states.
 * @cssproperty --dr-color-border - Borders, table rules and fields.
 * @cssproperty --dr-color-accent - Buttons and focus rings.
 * @cssproperty --dr-color-on-accent - Text on accent buttons.
 * @cssproperty --dr-color-danger - Problems, field errors and destructive actions.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding and gaps.
 */
export class DrOrgAdminPanel extends LitElement {
  static override styles = [sharedStyles, cardStyles, tableStyles, formControlStyles, adminStyles, orgAdminPanelStyles];

  /** The organization to administer (default: the caller's own, from `GET /v1/me`). */
  @property({ attribute: 'organization-id' }) organizationId = '';

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  #confirm = new ConfirmController(this, (problem) => this.#reportProblem(problem));
  /** Bumped after each change, so the organization's figures and the caller's permissions are read again. */
  #scopeRevision = 0;
  /** The organization `dr-loaded` was fired for; another organization (or connection) fires it again. */
  #loadedFor: unknown[] = [];

  #scope = new Task(this, {
    args: () => [this.connection?.client, this.organizationId, this.#scopeRevision] as const,
    task: async ([client, organizationId], { signal }): Promise<AdminScope | typeof initialState> => {
      if (!client) return initialState;
      const me = await dataOf(client.GET('/v1/me', { signal }));
      const id = organizationId || me.organization?.id;
      if (!id) {
        const canChoose = me.role === 'tenant_admin' || me.role === 'super_admin';
        throw new DrProblem({
          type: '/problems/no-organization',
          title: 'No organization to administer',
          status: 0,
          detail: canChoose ? "Set the panel's organization-id attribute to the organization to manage." : 'Your account does not belong to an organization.',
        });
      }
      const organization = await dataOf(client.GET('/v1/organizations/{organizationId}', { params: { path: { organizationId: id } }, signal }));
      const actions = new Set(me.permissions.map((p) => p.action));
      return { client, me, organization, can: (action) => actions.has(action) };
    },
    onError: (error) => {
      if (!isAbort(error)) this.#reportProblem(toProblem(error));
    },
  });

  /**
   * What the sections see of the panel. A separate object rather than the element itself, so the
   * sections' plumbing stays off the element's public API (and out of custom-elements.json).
   */
  #link: AdminPanelHost = (() => {
    const panel = this;
    return {
      addController: (controller) => panel.addController(controller),
      removeController: (controller) => panel.removeController(controller),
      requestUpdate: () => panel.requestUpdate(),
      get updateComplete() {
        return panel.updateComplete;
      },
      get renderRoot() {
        return panel.renderRoot;
      },
      get scope() {
        return panel.#scope.value;
      },
      confirm: (confirmation) => panel.#confirm.ask(confirmation),
      reportChange: (action, targetId) => panel.#reportChange(action, targetId),
      reportProblem: (problem) => panel.#reportProblem(problem),
    };
  })();

  // In the order they appear: who is in, who is coming, how to join, then the integrations.
  #sections: AdminSection[] = [
    new MembersSection(this.#link),
    new InvitationsSection(this.#link),
    new JoinTokenSection(this.#link),
    new WebhooksSection(this.#link),
    new ApiKeysSection(this.#link),
    new EmbedOriginsSection(this.#link),
  ];

  #reportChange(action: AdminChangeAction, targetId: string): void {
    this.dispatchEvent(new DrAdminChangeEvent(action, targetId));
    this.#scopeRevision += 1;
    this.requestUpdate();
  }

  #reportProblem(problem: DrProblem): void {
    this.dispatchEvent(new DrErrorEvent(TAG, problem));
  }

  protected override render() {
    const scope = this.#scope.value;
    if (this.#scope.status === TaskStatus.ERROR) return html`<div part="base">${problemAlert(toProblem(this.#scope.error))}</div>`;
    if (!scope) return html`<div part="base" aria-busy="true"><p class="placeholder" role="status">Loading the organization…</p></div>`;
    const isAdmin = ADMIN_ACTIONS.some((action) => scope.can(action));
    return html`<div part="base">
      <header part="header">
        <h2 part="title">${scope.organization.name}</h2>
        <p class="note">Organization administration · signed in as ${scope.me.user.displayName} (${ROLE_LABELS[scope.me.role]})</p>
      </header>
      ${isAdmin
        ? nothing
        : html`<p class="notice" part="notice">
            You can see who belongs to ${scope.organization.name}. Its admins manage members, invitations, the join token, webhooks and API keys: ask one of them for changes.
          </p>`}
      ${this.#sections.filter((section) => section.isVisible(scope)).map((section) => section.render(scope))} ${this.#confirm.render()}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#announceLoaded();
  }

  /** Fires `dr-loaded` once the caller, the organization and every visible section's first answer are in. */
  #announceLoaded(): void {
    const scope = this.#scope.value;
    if (!scope || this.#scope.status !== TaskStatus.COMPLETE) return;
    const key = [scope.client, scope.organization.id];
    if (key.every((part, i) => part === this.#loadedFor[i])) return;
    if (!this.#sections.filter((section) => section.isVisible(scope)).every((section) => section.hasSettled)) return;
    this.#loadedFor = key;
    this.dispatchEvent(new DrLoadedEvent(TAG));
  }
}

defineElement('dr-org-admin-panel', DrOrgAdminPanel);

declare global {
  interface HTMLElementTagNameMap {
    'dr-org-admin-panel': DrOrgAdminPanel;
  }
}
