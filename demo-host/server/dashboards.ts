import type { components } from '../../openapi/generated/schema.d.ts';
import { ApiProblem, type DefaultRateApi } from './defaultrate-api.ts';
import { html, type Html } from './html.ts';
import type { Session } from './sessions.ts';

type Schemas = components['schemas'];

/** The embed token a role's page gets: which widgets, over which rows. */
export interface EmbedPlan {
  widgets: string[];
  resources: Schemas['EmbedResources'];
}

export interface Dashboard {
  title: string;
  lead: string;
  /** Null when the page has no widgets needing an embed token (embed tokens read organization data only). */
  embed: EmbedPlan | null;
  sections: Html[];
}

const ROLE_LABELS: Record<Schemas['Role'], string> = {
  super_admin: 'Platform administrator',
  tenant_admin: 'Bank administrator',
  org_admin: 'Team lead',
  org_member: 'Credit analyst',
  user: 'Individual',
};

export const roleLabel = (role: Schemas['Role']): string => ROLE_LABELS[role];

/**
 * A slot for a widget that may not be released yet: the page script shows the widget when its tag is
 * defined, else a "coming soon" note naming it (never a fake of it).
 */
function widgetSlot(tag: string, label: string, inner: Html): Html {
  return html`<div class="widget-slot" data-requires="${tag}" data-label="${label}">${inner}</div>`;
}

function card(title: string, body: Html, extra = ''): Html {
  return html`<section class="card ${extra}"><h2>${title}</h2>${body}</section>`;
}

function comingSoon(label: string, why: string): Html {
  return html`<div class="coming-soon" role="note"><strong>${label}: coming soon.</strong> ${why}</div>`;
}

function problemNote(error: unknown): Html {
  const detail = error instanceof ApiProblem ? `${error.problem.title ?? 'Error'}: ${error.problem.detail ?? ''}` : 'DefaultRate could not be reached.';
  return html`<p class="notice" role="alert">${detail}</p>`;
}

const date = (iso: string | null | undefined): string => (iso ? new Date(iso).toISOString().slice(0, 10) : '—');
const pct = (pd: number | null): string => (pd === null ? '—' : `${(pd * 100).toFixed(2)}%`);

const PORTFOLIO_WIDGETS = ['dr-company-table', 'dr-risk-card', 'dr-portfolio-chart'];

/**
 * The embed token a session's page needs: analysts and team leads see their organization's whole
 * portfolio, read-only. Other roles get none: their pages show tenant, platform or personal data,
 * which embed tokens (organization data only) cannot read.
 */
export function embedPlanFor(session: Pick<Session, 'role' | 'organization'>): EmbedPlan | null {
  if (!session.organization || (session.role !== 'org_member' && session.role !== 'org_admin')) return null;
  return { widgets: PORTFOLIO_WIDGETS, resources: { portfolio: true } };
}

function portfolioSections(orgName: string): Html[] {
  return [
    card(`Portfolio · ${orgName}`, widgetSlot('dr-portfolio-chart', 'Portfolio chart', html`<dr-portfolio-chart></dr-portfolio-chart>`), 'wide'),
    card('Companies', html`<dr-company-table page-size="10"></dr-company-table>`, 'wide'),
    card(
      'Risk card',
      html`<p class="hint" data-risk-hint>Pick a company in the table to see its risk card.</p>
        <dr-risk-card hidden></dr-risk-card>`,
    ),
  ];
}

const BULK_GAP =
  'Embed tokens may not start bulk-scoring jobs yet (POST /v1/score-jobs is not on the embed allow-list), so the bulk upload cannot run inside the intranet. Use DefaultRate directly for now.';

async function analystDashboard(session: Session): Promise<Dashboard> {
  const org = session.organization!;
  return {
    title: 'Credit risk workspace',
    lead: `Live default-risk views of ${org.name}, embedded from DefaultRate.`,
    embed: embedPlanFor(session),
    sections: [...portfolioSections(org.name), card('Bulk upload', comingSoon('Bulk scoring of CSV/XLSX files', BULK_GAP))],
  };
}

async function teamLeadDashboard(api: DefaultRateApi, session: Session): Promise<Dashboard> {
  const org = session.organization!;
  const base = `/v1/organizations/${org.id}`;
  let team: Html;
  try {
    const [members, invitations, joinToken] = await Promise.all([
      api.asUser<Schemas['UserList']>(session, 'GET', `${base}/members?limit=50`),
      api.asUser<Schemas['InvitationList']>(session, 'GET', `${base}/invitations?limit=20`),
      api.asUser<Schemas['JoinTokenStatus']>(session, 'GET', `${base}/join-token`),
    ]);
    team = html`
      <table class="data" data-team-members>
        <caption>Members (${members.items.length})</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Last sign-in</th></tr></thead>
        <tbody>${members.items.map((u) => html`<tr><td>${u.displayName}</td><td>${u.email}</td><td>${roleLabel(u.role)}</td><td>${date(u.lastLoginAt)}</td></tr>`)}</tbody>
      </table>
      <h3>Invitations</h3>
      ${invitations.items.length
        ? html`<ul class="plain">${invitations.items.map((i) => html`<li>${i.email} · ${i.role === 'org_admin' ? 'team lead' : 'analyst'} · ${i.status} · expires ${date(i.expiresAt)}</li>`)}</ul>`
        : html`<p class="hint">No invitations.</p>`}
      <h3>Join token</h3>
      <p data-join-token>${joinToken.enabled ? (joinToken.expired ? `Expired on ${date(joinToken.expiresAt)}.` : `Active until ${date(joinToken.expiresAt)}.`) : 'No join token: colleagues join by invitation only.'}</p>`;
  } catch (error) {
    team = problemNote(error);
  }
  return {
    title: 'Team and portfolio',
    lead: `You lead ${org.name}. The team panel is read by the intranet's backend with your own DefaultRate session (embed tokens cannot read members); the portfolio is embedded.`,
    embed: embedPlanFor(session),
    sections: [
      card('Team', team),
      card('Team administration', widgetSlot('dr-org-admin-panel', 'Org admin panel (invite, roles, join token, webhooks, API keys)', html`<dr-org-admin-panel></dr-org-admin-panel>`)),
      ...portfolioSections(org.name),
      card('Bulk analysis', comingSoon('Bulk scoring of CSV/XLSX files', BULK_GAP)),
    ],
  };
}

async function bankAdminDashboard(api: DefaultRateApi, session: Session): Promise<Dashboard> {
  const tenant = session.tenant!;
  let overview: Html;
  try {
    const stats = await api.asUser<Schemas['TenantStats']>(session, 'GET', `/v1/tenants/${tenant.id}/stats`);
    overview = html`
      <dl class="figures">
        <div><dt>Organizations</dt><dd>${stats.organizations.length}</dd></div>
        <div><dt>Users</dt><dd>${Object.values(stats.usersByRole).reduce((a, b) => a + b, 0)}</dd></div>
        <div><dt>Pending invitations</dt><dd>${stats.pendingInvitations}</dd></div>
        <div><dt>Admin actions (30 days)</dt><dd>${stats.auditEventsLast30Days}</dd></div>
      </dl>
      <table class="data" data-organizations>
        <caption>Organizations of ${stats.tenant.name}</caption>
        <thead><tr><th scope="col">Organization</th><th scope="col">Members</th><th scope="col">Member cap</th></tr></thead>
        <tbody>${stats.organizations.map((o) => html`<tr><td>${o.name}</td><td>${o.memberCount}</td><td>${o.memberCap ?? 'none'}</td></tr>`)}</tbody>
      </table>`;
  } catch (error) {
    overview = problemNote(error);
  }
  return {
    title: 'Organizations overview',
    lead: `Divisions of ${tenant.name} on DefaultRate, read by the intranet's backend with your own session.`,
    embed: null,
    sections: [
      card('Organizations', overview, 'wide'),
      card('Bank administration', widgetSlot('dr-tenant-admin-panel', 'Tenant admin panel (organizations, user assignment)', html`<dr-tenant-admin-panel></dr-tenant-admin-panel>`)),
    ],
  };
}

async function platformDashboard(api: DefaultRateApi, session: Session): Promise<Dashboard> {
  let figures: Html;
  try {
    const stats = await api.asUser<Schemas['PlatformStats']>(session, 'GET', '/v1/platform/stats');
    const users = Object.values(stats.usersByRole).reduce((a, b) => a + b, 0);
    figures = html`
      <dl class="figures" data-platform-figures>
        <div><dt>Institutions</dt><dd>${stats.tenants.total}</dd></div>
        <div><dt>Active institutions</dt><dd>${stats.tenants.active}</dd></div>
        <div><dt>Organizations</dt><dd>${stats.organizations}</dd></div>
        <div><dt>Users</dt><dd>${users}</dd></div>
        <div><dt>Sign-ins (24 h)</dt><dd>${stats.loginsLast24h}</dd></div>
        <div><dt>Active users (24 h)</dt><dd>${stats.activeUsersLast24h}</dd></div>
      </dl>`;
  } catch (error) {
    figures = problemNote(error);
  }
  return {
    title: 'Platform figures',
    lead: 'DefaultRate across every institution, read by the intranet backend with your own session.',
    embed: null,
    sections: [
      card('Platform', figures, 'wide'),
      card('Platform administration', widgetSlot('dr-super-admin-panel', 'Super admin panel (tenants, platform figures)', html`<dr-super-admin-panel></dr-super-admin-panel>`)),
    ],
  };
}

async function individualDashboard(api: DefaultRateApi, session: Session, notice?: string): Promise<Dashboard> {
  let companies: Html;
  try {
    const page = await api.asUser<Schemas['CompanyList']>(session, 'GET', '/v1/companies?scope=personal&limit=50&sort=name');
    companies = page.items.length
      ? html`<table class="data" data-personal-companies>
          <caption>Your companies</caption>
          <thead><tr><th scope="col">Company</th><th scope="col">Sector</th><th scope="col">PD</th><th scope="col">Band</th><th scope="col">FY</th></tr></thead>
          <tbody>${page.items.map((c) => html`<tr><td>${c.name}</td><td>${c.sector ?? '—'}</td><td>${pct(c.latestPd)}</td><td><span class="band band-${c.latestBand ?? 'none'}">${c.latestBand ?? 'unscored'}</span></td><td>${c.latestFiscalYear ?? '—'}</td></tr>`)}</tbody>
        </table>`
      : html`<p class="hint">No personal companies yet.</p>`;
  } catch (error) {
    companies = problemNote(error);
  }
  return {
    title: 'My companies',
    lead: 'Your personal portfolio. Embed tokens read organization data only, so the intranet backend lists these with your own session.',
    embed: null,
    sections: [
      card('Personal companies', companies, 'wide'),
      card(
        'Join an organization',
        html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
          <form method="post" action="/join" class="stack">
            <label for="join-token">Join token from your team lead</label>
            <input id="join-token" name="token" required autocomplete="off" spellcheck="false">
            <button type="submit">Join</button>
          </form>`,
      ),
    ],
  };
}

/** The dashboard the signed-in employee's role needs. */
export async function dashboardFor(api: DefaultRateApi, session: Session, notice?: string): Promise<Dashboard> {
  switch (session.role) {
    case 'org_member':
      return session.organization ? analystDashboard(session) : individualDashboard(api, session, notice);
    case 'org_admin':
      return session.organization ? teamLeadDashboard(api, session) : individualDashboard(api, session, notice);
    case 'tenant_admin':
      return bankAdminDashboard(api, session);
    case 'super_admin':
      return platformDashboard(api, session);
    default:
      return individualDashboard(api, session, notice);
  }
}
