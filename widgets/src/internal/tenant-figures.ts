import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { components } from '../../../openapi/generated/schema.d.ts';
import { formatCount, formatDateTime, formatHeadCount } from './admin-format.ts';

type TenantStats = components['schemas']['TenantStats'];

/** How full a capped organization is, in percent. */
function fillOf(memberCount: number, memberCap: number): number {
  return Math.min(100, (memberCount / memberCap) * 100);
}

/**
 * One tenant's figures, shared by the tenant admin panel and the super admin panel's drill-down:
 * head counts by role, pending invitations, recent audit events, and each organization's members
 * against its cap (as text; the bar, drawn for capped organizations only, repeats it).
 */
export function tenantFigures(stats: TenantStats): TemplateResult {
  const roles = stats.usersByRole;
  const figures: [string, number][] = [
    ['Organizations', stats.organizations.length],
    ['Tenant admins', roles.tenant_admin],
    ['Org admins', roles.org_admin],
    ['Org members', roles.org_member],
    ['Pending invitations', stats.pendingInvitations],
    ['Audit events, 30 days', stats.auditEventsLast30Days],
  ];
  return html`<dl part="figures" class="figures">
      ${figures.map(([label, value]) => html`<div class="figure"><dt>${label}</dt><dd>${formatCount(value)}</dd></div>`)}
    </dl>
    ${stats.organizations.length > 0
      ? html`<table class="head-counts">
            <caption class="visually-hidden">Members per organization</caption>
            <thead>
              <tr><th scope="col">Organization</th><th scope="col" class="num">Members</th><th scope="col"><span class="visually-hidden">Fill</span></th></tr>
            </thead>
            <tbody>
              ${stats.organizations.map(
                (o) => html`<tr>
                  <th scope="row" class="name">${o.name}</th>
                  <td class="num">${formatHeadCount(o.memberCount, o.memberCap)}</td>
                  <td class="fill-cell" aria-hidden="true">
                    ${o.memberCap === null
                      ? nothing
                      : html`<span class="fill" data-full=${o.memberCount >= o.memberCap ? 'true' : 'false'}
                          ><span style=${styleMap({ width: `${fillOf(o.memberCount, o.memberCap)}%` })}></span
                        ></span>`}
                  </td>
                </tr>`,
              )}
            </tbody>
        </table>`
      : html`<p class="placeholder">No organizations yet.</p>`}
    <p class="note">Counted ${formatDateTime(stats.generatedAt)}.</p>`;
}
