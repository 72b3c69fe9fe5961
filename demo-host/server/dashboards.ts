import type { components, operations } from '../../openapi/generated/schema.d.ts';
import { ApiProblem, type DefaultRateApi } from './defaultrate-api.ts';
import { Html, html } from './html.ts';
import type { Session } from './sessions.ts';

type Schemas = components['schemas'];

/** The embed token a role's page gets: which widgets, over which rows, and whether it may write. */
export interface EmbedPlan {
  widgets: string[];
  resources: Schemas['EmbedResources'];
  readOnly: boolean;
}

/** The admin panels an admin embed token may name (POST /v1/embed-tokens/admin, from the spec). */
export type AdminPanel = operations['createAdminEmbedToken']['requestBody']['content']['application/json']['widgets'][number];

export interface Dashboard {
  title: string;
  lead: string;
  /** Null when the page has no widgets needing an embed token (embed tokens read organization data only). */
  embed: EmbedPlan | null;
  /** Admin panels on the page: they get an admin embed token acting as the signed-in admin. */
  adminPanels: AdminPanel[];
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

function problemNote(error: unknown): Html {
  const detail = error instanceof ApiProblem ? `${error.problem.title ?? 'Error'}: ${error.problem.detail ?? ''}` : 'DefaultRate could not be reached.';
  return html`<p class="notice" role="alert">${detail}</p>`;
}

const pct = (pd: number | null): string => (pd === null ? '—' : `${(pd * 100).toFixed(2)}%`);

const PORTFOLIO_WIDGETS = ['dr-company-table', 'dr-risk-card', 'dr-portfolio-chart', 'dr-bulk-upload'];

/**
 * The embed token a session's page needs: analysts and team leads see their organization's whole
 * portfolio and may score files into it (so not read-only). Other roles get none: their pages show
 * tenant, platform or personal data, which embed tokens (organization data only) cannot read.
 */
export function embedPlanFor(session: Pick<Session, 'role' | 'organization'>): EmbedPlan | null {
  if (!session.organization || (session.role !== 'org_member' && session.role !== 'org_admin')) return null;
  return { widgets: PORTFOLIO_WIDGETS, resources: { portfolio: true }, readOnly: false };
}

/** The admin panels a session's page shows (each needs the role the API requires to embed it). */
export function adminPanelsFor(session: Pick<Session, 'role' | 'organization'>): AdminPanel[] {
  switch (session.role) {
    case 'super_admin':
      return ['dr-super-admin-panel'];
    case 'tenant_admin':
      return ['dr-tenant-admin-panel'];
    case 'org_admin':
      return session.organization ? ['dr-org-admin-panel'] : [];
    default:
      return [];
  }
}

/**
 * An admin panel in its own provider: it needs the admin embed token, not the page's data token
 * (the nearest provider answers a widget's context request).
 */
function adminPanel(tag: AdminPanel, label: string): Html {
  return widgetSlot(tag, label, html`<dr-provider data-embed="admin">${new Html(`<${tag}></${tag}>`)}</dr-provider>`);
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

function bulkUpload(): Html {
  return html`<p class="hint">Drop a CSV or Excel file of financial statements: DefaultRate scores every row into ${'your organization'}'s portfolio and shows the progress live.</p>
    <dr-bulk-upload></dr-bulk-upload>`;
}

async function analystDashboard(session: Session): Promise<Dashboard> {
  const org = session.organization!;
  return {
    title: 'Credit risk workspace',
    lead: `Live default-risk views of ${org.name}, embedded from DefaultRate.`,
    embed: embedPlanFor(session),
    adminPanels: adminPanelsFor(session),
    sections: [...portfolioSections(org.name), card('Bulk upload', bulkUpload(), 'wide')],
  };
}

async function teamLeadDashboard(session: Session): Promise<Dashboard> {
  const org = session.organization!;
  return {
    title: 'Team and portfolio',
    lead: `You lead ${org.name}. Your team's administration (with a token that acts as you) and the portfolio are embedded from DefaultRate.`,
    embed: embedPlanFor(session),
    adminPanels: adminPanelsFor(session),
    sections: [
      card('Team administration', adminPanel('dr-org-admin-panel', 'Org admin panel (invite, roles, join token, webhooks, API keys)'), 'wide'),
      ...portfolioSections(org.name),
      card('Bulk analysis', bulkUpload(), 'wide'),
    ],
  };
}

function bankAdminDashboard(session: Session): Dashboard {
  const tenant = session.tenant!;
  return {
    title: 'Organizations overview',
    lead: `Divisions of ${tenant.name} on DefaultRate, administered from the embedded panel with a token that acts as you.`,
    embed: null,
    adminPanels: adminPanelsFor(session),
    sections: [card('Bank administration', adminPanel('dr-tenant-admin-panel', 'Tenant admin panel (organizations, user assignment, embed origins)'), 'wide')],
  };
}

function platformDashboard(session: Session): Dashboard {
  return {
    title: 'Platform figures',
    lead: 'DefaultRate across every institution, administered from the embedded panel with a token that acts as you.',
    embed: null,
    adminPanels: adminPanelsFor(session),
    sections: [card('Platform administration', adminPanel('dr-super-admin-panel', 'Super admin panel (tenants, platform figures)'), 'wide')],
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
    adminPanels: [],
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
      return session.organization ? teamLeadDashboard(session) : individualDashboard(api, session, notice);
    case 'tenant_admin':
      return bankAdminDashboard(session);
    case 'super_admin':
      return platformDashboard(session);
    default:
      return individualDashboard(api, session, notice);
  }
}
