import { LitElement, html } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { adminStyles } from '../../internal/admin.styles.ts';
import { ConfirmController } from '../../internal/confirm-dialog.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { FirstLoadTracker } from '../../internal/first-load-tracker.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { dataOf, toProblem, type DrProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { formControlStyles } from '../../internal/form-controls.styles.ts';
import { tableStyles } from '../../internal/table.styles.ts';
import { DrAdminChangeEvent } from '../../events/dr-admin-change.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { CreateTenantForm } from './create-tenant-form.ts';
import { superAdminPanelStyles } from './dr-super-admin-panel.styles.ts';
import { PANEL_SECTIONS, type PanelLink, type PanelSection } from './panel-link.ts';
import { platformFigures } from './platform-figures.ts';
import { TenantsSection } from './tenants-section.ts';

type PlatformStats = components['schemas']['PlatformStats'];

const TAG = 'dr-super-admin-panel';

/**
 * @summary The platform operator's console: platform figures, every tenant (search, status filter,
 * each one's figures), creating a tenant with its admin and first organization, and suspending or
 * reactivating a tenant.
 *
 * Needs a super admin's access token, or an admin embed token minted for this panel. Suspending asks
 * for confirmation in a modal dialog; the API's field problems (a slug or admin email already taken)
 * are shown next to their field.
 *
 * @event dr-loaded - The platform figures and the first page of tenants are on screen (once).
 * @event dr-error - A load or a change failed (`event.problem`); the panel shows the problem too.
 * @event dr-admin-change - The API accepted a change: `event.action` is `tenant.created`,
 *   `tenant.suspended` or `tenant.reactivated`, and `event.targetId` the tenant's id.
 *
 * @csspart base - The outer box.
 * @csspart figures - Platform figures (and a tenant's, in its drill-down).
 * @csspart create-tenant - The new tenant section.
 * @csspart tenants - The tenants section.
 * @csspart table - The tenants table.
 * @csspart row - Each tenant's row.
 * @csspart pager - Previous / next controls.
 * @csspart dialog - The confirmation dialog.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-text - Text.
 * @cssproperty --dr-color-text-muted - Labels and notes.
 * @cssproperty --dr-color-border - Borders and rules.
 * @cssproperty --dr-color-accent - Primary buttons, focus rings, fill bars.
 * @cssproperty --dr-color-on-accent - Text on primary buttons.
 * @cssproperty --dr-color-danger - Suspend, problems, suspended status.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding and gaps.
 */
export class DrSuperAdminPanel extends LitElement {
  static override styles = [sharedStyles, cardStyles, tableStyles, formControlStyles, adminStyles, superAdminPanelStyles];

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  #firstLoad = new FirstLoadTracker(PANEL_SECTIONS);

  #platform = new Task(this, {
    args: () => [this.connection?.client] as const,
    task: async ([client], { signal }): Promise<PlatformStats | typeof initialState> => {
      if (!client) return initialState;
      return dataOf(client.GET('/v1/platform/stats', { signal }));
    },
    onComplete: () => this.#loaded('platform'),
    onError: (error) => this.#fail(toProblem(error)),
  });

  #confirm = new ConfirmController(this, (problem) => this.#fail(problem));

  #link: PanelLink = this.#makeLink();

  #tenants = new TenantsSection(this, this.#link);
  #createTenant = new CreateTenantForm(this, this.#link);

  protected override render() {
    return html`<section part="base" aria-labelledby="panel-title">
      <header>
        <h2 id="panel-title">Platform administration</h2>
      </header>
      <section aria-labelledby="platform-title">
        <h3 id="platform-title">Platform</h3>
        ${this.#platform.render({
          initial: () => html`<p class="placeholder" role="status">Connecting…</p>`,
          pending: () => (this.#platform.value ? platformFigures(this.#platform.value) : html`<p class="placeholder" role="status">Loading figures…</p>`),
          complete: (stats) => platformFigures(stats),
          error: (error) => problemAlert(toProblem(error)),
        })}
      </section>
      ${this.#createTenant.render()} ${this.#tenants.render()} ${this.#confirm.render()}
    </section>`;
  }

  /** The sections' view of the panel; a getter, so they always read the current connection. */
  #makeLink(): PanelLink {
    const panel = this;
    return {
      get client() {
        return panel.connection?.client;
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

  #loaded(section: PanelSection): void {
    if (this.#firstLoad.markLoaded(section)) this.dispatchEvent(new DrLoadedEvent(TAG));
  }

  /** A change moves the platform's counts and the list: reload both. */
  #changed(action: DrAdminChangeEvent['action'], targetId: string): void {
    this.dispatchEvent(new DrAdminChangeEvent(action, targetId));
    void this.#platform.run();
    this.#tenants.reload();
  }
}

// A string literal: the custom-elements manifest analyzer reads the tag from this call.
defineElement('dr-super-admin-panel', DrSuperAdminPanel);

declare global {
  interface HTMLElementTagNameMap {
    'dr-super-admin-panel': DrSuperAdminPanel;
  }
}
