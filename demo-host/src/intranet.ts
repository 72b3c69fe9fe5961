// The intranet's one page script (bundled with web-vitals by the demo host's server). It hands each
// provider its embed token and a way to renew it (the portfolio widgets a data token, each admin
// panel an admin token that acts as the signed-in admin), wires the table to the risk card, replaces widgets
// that are not released yet with a "coming soon" note, and reports the page's web vitals.
import { onCLS, onINP, onLCP, type Metric } from 'web-vitals';

/** The part of <dr-provider> this page uses (the widgets are loaded from the API, not imported). */
interface ProviderElement extends HTMLElement {
  token: string;
  refreshToken?: () => Promise<string>;
}

const apiBase = document.body.dataset.apiBase ?? '';
/** The portfolio widgets' provider (its token also reports web vitals); admin panels have their own. */
const provider = document.querySelector<ProviderElement>('dr-provider[data-embed="data"]');
const providers = [...document.querySelectorAll<ProviderElement>('dr-provider[data-embed]')];

function showProblem(text: string): void {
  const note = document.querySelector<HTMLElement>('[data-widgets-problem]');
  if (!note) return;
  note.textContent = text;
  note.hidden = false;
}

/**
 * A new embed token from the intranet's backend: a data token it mints with its API key for the
 * signed-in user, or an admin token it mints with the admin's own session.
 */
async function fetchEmbedToken(kind: 'data' | 'admin'): Promise<string> {
  const response = await fetch(kind === 'admin' ? '/token?kind=admin' : '/token', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const body = (await response.json()) as { token?: string; title?: string; detail?: string };
  if (!response.ok || !body.token) throw new Error(body.detail ?? body.title ?? `The intranet answered ${response.status}`);
  return body.token;
}

function markComingSoon(): void {
  for (const slot of document.querySelectorAll<HTMLElement>('.widget-slot[data-requires]')) {
    const tag = slot.dataset.requires!;
    if (customElements.get(tag)) continue;
    const note = document.createElement('div');
    note.className = 'coming-soon';
    note.setAttribute('role', 'note');
    const title = document.createElement('strong');
    title.textContent = `${slot.dataset.label ?? tag}: coming soon.`;
    note.append(title, ` The <${tag}> widget is not released yet.`);
    slot.replaceChildren(note);
  }
}

function wireRiskCard(): void {
  const card = document.querySelector<HTMLElement>('dr-risk-card');
  const hint = document.querySelector<HTMLElement>('[data-risk-hint]');
  if (!card) return;
  document.addEventListener('dr-company-select', (event) => {
    const company = (event as Event & { company?: { id: string } }).company;
    if (!company) return;
    card.setAttribute('company-id', company.id);
    card.hidden = false;
    if (hint) hint.hidden = true;
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });
}

async function connectProvider(element: ProviderElement): Promise<void> {
  const kind = element.dataset.embed === 'admin' ? 'admin' : 'data';
  // The server renders admin panels' providers without the API's address; every provider uses the page's.
  if (!element.hasAttribute('api-base')) element.setAttribute('api-base', apiBase);
  try {
    element.token = await fetchEmbedToken(kind);
    element.refreshToken = () => fetchEmbedToken(kind);
  } catch (error) {
    showProblem(`${kind === 'admin' ? 'The administration panel is' : 'The risk views are'} unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function connectWidgets(): Promise<void> {
  if (!providers.length) return;
  if (!customElements.get('dr-provider')) {
    showProblem('The DefaultRate widgets could not be loaded.');
    return;
  }
  await Promise.all(providers.map(connectProvider));
}

// --- web vitals -----------------------------------------------------------------------------------

const pending: Metric[] = [];
let isFlushQueued = false;

/**
 * Sends what was measured, batched per task. With an embed token straight to the API (cross-origin,
 * as the widgets do); pages without one go through the intranet's backend, which relays with the
 * user's own session. keepalive lets the last report survive the page being closed.
 */
function flushVitals(): void {
  isFlushQueued = false;
  const metrics = pending.splice(0, 10).map((m) => ({
    name: m.name,
    value: Math.max(0, Math.round(m.value * 10_000) / 10_000),
    rating: m.rating,
    navigationType: m.navigationType,
  }));
  if (!metrics.length) return;
  const body = JSON.stringify({ page: window.location.pathname, metrics });
  const token = provider?.token;
  const request = token
    ? fetch(new URL('/v1/web-vitals', apiBase), { method: 'POST', keepalive: true, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body })
    : fetch('/vitals', { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body });
  // Telemetry must never disturb the page.
  request.catch(() => undefined);
  if (pending.length) queueFlush();
}

function queueFlush(): void {
  if (isFlushQueued) return;
  isFlushQueued = true;
  setTimeout(flushVitals, 0);
}

function report(metric: Metric): void {
  pending.push(metric);
  queueFlush();
}

if (document.body.dataset.page === 'dashboard') {
  onLCP(report);
  onCLS(report);
  onINP(report);
}

markComingSoon();
wireRiskCard();
void connectWidgets();
