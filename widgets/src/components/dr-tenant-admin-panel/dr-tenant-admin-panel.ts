import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { adminStyles } from '../../internal/admin.styles.ts';
import { ConfirmController } from '../../internal/confirm-dialog.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { FirstLoadTracker } from '../../internal/first-load-tracker.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { DrProblem, dataOf, toProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { formControlStyles } from '../../internal/form-controls.styles.ts';
import { tableStyles } from '../../internal/table.styles.ts';
import { tenantFigures } from '../../internal/tenant-figures.ts';
import { DrAdminChangeEvent } from '../../events/dr-admin-change.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { tenantAdminPanelStyles } from './dr-tenant-admin-panel.styles.ts';
import { EmbedOriginsSection } from './embed-origins-section.ts';
import { OrganizationsSection } from './organizations-section.ts';
import { PANEL_SECTIONS, type PanelLink, type PanelSection } from './panel-link.ts';
import { UsersSection } from './users-section.ts';

type TenantStats = components['schemas']['TenantStats'];
/** The tenant the panel manages, as far as the header needs it. */
type ManagedTenant = { id: string; name: string; slug: string };

const TAG = 'dr-tenant-admin-panel';

/**
 * @summary A tenant admin's console: the tenant's figures, its organizations (create, rename, cap,
 * global data, delete), its users (move between organizations, role, remove, disable) and the
 * origins allowed to embed the widgets.
 *
 * Needs a user's access token (a tenant admin's, or a super admin's with `tenant-id`), or an admin
 * embed token minted for this panel. Destructive changes ask for confirmation in a modal dialog;
 * the API's refusals are shown where they happened, field problems next to their field.
 *
 * @event dr-loaded - Every section's first data is on screen (once per tenant).
 * @event dr-error - A load or a change failed (`event.problem`); the panel shows the problem too.
 * @event dr-admin-change - The API accepted a change: `event.action` as the audit log names it
 *   (`organization.created`, `member.assigned`, `user.disabled`, `tenant.embed_origins_replaced`, …)
 *   and `event.targetId` (the organization, user or tenant).
 *
 * @csspart base - The outer box.
 * @csspart figures - The tenant's figures (head counts by role, organizations' fill).
 * @csspart organizations - The organizations section.
 * @csspart users - The users section.
 * @csspart embed-origins - The embed origins editor.
 * @csspart table - The organizations and users tables.
 * @csspart row - Each row of those tables.
 * @csspart pager - Previous / next controls of a table.
 * @csspart dialog - The confirmation dialog.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-text - Text.
 * @cssproperty --dr-color-text-muted - Labels and notes.
 * @cssproperty --dr-color-border - Borders and rules.
 * @cssproperty --dr-color-accent - Primary buttons, focus rings, fill bars.
 * @cssproperty --dr-color-on-accent - Text on primary buttons.
 * @cssproperty --dr-color-danger - Destructive buttons, problems, full organizations.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding and gaps.
 */
export class DrTenantAdminPanel extends LitElement {
  static override styles = [sharedStyles, cardStyles, tableStyles, formControlStyles, adminStyles, tenantAdminPanelStyles];

  /** Tenant to manage (a super admin names one); empty: the signed-in user's own tenant (GET /v1/me). */
  @property({ attribute: 'tenant-id' }) tenantId = '';

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  #firstLoad = new FirstLoadTracker(PANEL_SECTIONS);

  #tenant = new Task(this, {
    args: () => [this.connection?.client, this.tenantId] as const,
    task: async ([client, tenantId], { signal }): Promise<ManagedTenant | typeof initialState> => {
      if (!client) return initialState;
      // Another tenant's id answers 404 like one that does not exist, so nothing of it is ever requested further.
      if (tenantId) return dataOf(client.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId } }, signal }));
      const me = await dataOf(client.GET('/v1/me', { signal }));
      if (!me.tenant) {
        throw new DrProblem({ type: '/problems/no-tenant', title: 'No tenant to manage', status: 0, detail: 'You belong to no tenant. A super admin names one with the tenant-id attribute.' });
      }
      return me.tenant;
    },
    onError: (error) => this.#fail(toProblem(error)),
  });

  #stats = new Task(this, {
    args: () => [this.connection?.client, this.#link.tenantId] as const,
    task: async ([client, tenantId], { signal }): Promise<TenantStats | typeof initialState> => {
      if (!client || !tenantId) return initialState;
      return dataOf(client.GET('/v1/tenants/{tenantId}/stats', { params: { path: { tenantId } }, signal }));
    },
    onComplete: () => this.#loaded('figures'),
    onError: (error) => this.#fail(toProblem(error)),
  });

  #confirm = new ConfirmController(this, (problem) => this.#fail(problem));

  #link: PanelLink = this.#makeLink();

  #organizations = new OrganizationsSection(this, this.#link);
  #users = new UsersSection(this, this.#link);
  #embedOrigins = new EmbedOriginsSection(this, this.#link);

  protected override render() {
    const tenant = this.#link.tenantId ? this.#tenant.value : undefined;
    const stats = this.#stats.value;
    return html`<section part="base" aria-labelledby="panel-title">
      <header>
        <h2 id="panel-title">${tenant?.name ?? 'Tenant administration'}</h2>
        ${tenant ? html`<span class="note">Tenant administration · ${tenant.slug}</span>` : nothing}
        ${stats && stats.tenant.id === tenant?.id ? html`<span class="status" data-status=${stats.tenant.status}>${stats.tenant.status === 'active' ? 'Active' : 'Suspended'}</span>` : nothing}
      </header>
      ${this.#tenant.render({
        initial: () => html`<p class="placeholder" role="status">Connecting…</p>`,
        pending: () => html`<p class="placeholder" role="status">Loading the tenant…</p>`,
        error: (error) => problemAlert(toProblem(error)),
        complete: () => html`${this.#figures()} ${this.#organizations.render()} ${this.#users.render()} ${this.#embedOrigins.render()}`,
      })}
      ${this.#confirm.render()}
    </section>`;
  }

  #figures() {
    return html`<section part="figures" aria-labelledby="figures-title">
      <h3 id="figures-title">Overview</h3>
      ${this.#stats.render({
        pending: () => (this.#stats.value ? tenantFigures(this.#stats.value) : html`<p class="placeholder" role="status">Loading figures…</p>`),
        complete: (stats) => tenantFigures(stats),
        error: (error) => problemAlert(toProblem(error)),
      })}
    </section>`;
  }

  /** The sections' view of the panel; getters, so they always read the current tenant and connection. */
  #makeLink(): PanelLink {
    const panel = this;
    return {
      get client() {
        return panel.connection?.client;
      },
      get tenantId() {
        return panel.#tenant.status === TaskStatus.COMPLETE ? panel.#tenant.value?.id : undefined;
      },
      get organizations() {
        return panel.#stats.value?.organizations ?? [];
      },
      changed: (action, targetId) => this.#changed(action, targetId),
      failed: (problem) => this.#fail(problem),
      loaded: (section) => this.#loaded(section),
      confirm: (confirmation) => this.#confirm.ask(confirmation),
    };
  }

  #fail(problem: DrProblem): void {
    this.dispatchEvent(new DrErrorEvent(TAG, problem));
  }

  /** dr-loaded once each section has shown its first data, counted again for another tenant. */
  #loaded(section: PanelSection): void {
    if (this.#firstLoad.markLoaded(section, this.#link.tenantId)) this.dispatchEvent(new DrLoadedEvent(TAG));
  }

  /** A change moves head counts and names everywhere: reload the figures and both lists (not the origins, which nothing else edits here). */
  #changed(action: DrAdminChangeEvent['action'], targetId: string): void {
    this.dispatchEvent(new DrAdminChangeEvent(action, targetId));
    void this.#stats.run();
    this.#organizations.reload();
    this.#users.reload();
  }
}

// A string literal: the custom-elements manifest analyzer reads the tag from this call.
defineElement('dr-tenant-admin-panel', DrTenantAdminPanel);

declare global {
  interface HTMLElementTagNameMap {
    'dr-tenant-admin-panel': DrTenantAdminPanel;
  }
}
