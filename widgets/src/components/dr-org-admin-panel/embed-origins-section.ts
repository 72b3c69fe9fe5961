import { html, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { problemAlert } from '../../internal/form-problems.ts';
import { dataOf, isAbort, toProblem } from '../../internal/problem.ts';
import { AdminSection, type AdminScope } from './admin-section.ts';

type EmbedOrigins = components['schemas']['EmbedOrigins'];

/**
 * The origins from which the institution's pages may embed the widgets. Read-only here: the
 * tenant's administrators manage the list, and the panel says so instead of offering controls
 * that would answer 403.
 */
export class EmbedOriginsSection extends AdminSection {
  #origins = new Task(this.host, {
    args: () => {
      const scope = this.host.scope;
      return [scope && this.isVisible(scope) ? scope.client : undefined, scope?.organization.tenantId] as const;
    },
    task: async ([client, tenantId], { signal }): Promise<EmbedOrigins | typeof initialState> => {
      if (!client || !tenantId) return initialState;
      return dataOf(client.GET('/v1/tenants/{tenantId}/embed-origins', { params: { path: { tenantId } }, signal }));
    },
    onError: (error) => {
      if (!isAbort(error)) this.host.reportProblem(toProblem(error));
    },
  });

  isVisible(scope: AdminScope): boolean {
    return scope.can('tenant.embed_origins.read');
  }

  get hasSettled(): boolean {
    return this.#origins.status === TaskStatus.COMPLETE || this.#origins.status === TaskStatus.ERROR;
  }

  render(scope: AdminScope): TemplateResult {
    const manager = scope.me.tenant?.name ? `${scope.me.tenant.name}'s administrators` : "your institution's administrators";
    return html`<section part="section" aria-labelledby="embed-origins-title">
      <div class="section-head">
        <h3 id="embed-origins-title" tabindex="-1">Embed origins</h3>
      </div>
      <p class="note">Pages on these origins may show the DefaultRate widgets. ${scope.can('tenant.embed_origins.manage') ? 'Change them in the institution settings.' : `Only ${manager} can change this list.`}</p>
      ${this.#origins.render({
        initial: () => html`<p class="placeholder" role="status">Loading embed origins…</p>`,
        pending: () => html`<p class="placeholder" role="status">Loading embed origins…</p>`,
        error: (error) => problemAlert(toProblem(error)),
        complete: ({ origins }) =>
          origins.length === 0
            ? html`<p class="placeholder">No origins yet: no page can embed the widgets with an embed token.</p>`
            : html`<ul part="origins" class="origins" aria-label="Embed origins">
                ${origins.map((origin) => html`<li><code>${origin}</code></li>`)}
              </ul>`,
      })}
    </section>`;
  }
}
