import { html, type TemplateResult } from 'lit';
import type { components } from '../../../../openapi/generated/schema.d.ts';
import { formatCount, formatDateTime } from '../../internal/admin-format.ts';

type PlatformStats = components['schemas']['PlatformStats'];

function figureList(label: string, figures: [string, number][]): TemplateResult {
  return html`<div class="figure-group">
    <h4>${label}</h4>
    <dl class="figures">${figures.map(([name, value]) => html`<div class="figure"><dt>${name}</dt><dd>${formatCount(value)}</dd></div>`)}</dl>
  </div>`;
}

/** The platform's figures in three groups: what exists, who signed in lately, what is new. */
export function platformFigures(stats: PlatformStats): TemplateResult {
  const roles = stats.usersByRole;
  return html`<div part="figures" class="figure-groups">
      ${figureList('Tenants and people', [
        ['Tenants', stats.tenants.total],
        ['Active tenants', stats.tenants.active],
        ['Suspended tenants', stats.tenants.suspended],
        ['Organizations', stats.organizations],
        ['Super admins', roles.super_admin],
        ['Tenant admins', roles.tenant_admin],
        ['Org admins', roles.org_admin],
        ['Org members', roles.org_member],
        ['Individuals', roles.user],
      ])}
      ${figureList('Last 24 hours', [
        ['Sign-ins', stats.loginsLast24h],
        ['People who signed in', stats.activeUsersLast24h],
      ])}
      ${figureList('Created in the last 30 days', [
        ['Tenants', stats.createdLast30Days.tenants],
        ['Organizations', stats.createdLast30Days.organizations],
        ['User accounts', stats.createdLast30Days.users],
      ])}
    </div>
    <p class="note">Counted ${formatDateTime(stats.generatedAt)}.</p>`;
}
