import { roleLabel, type Dashboard } from './dashboards.ts';
import { html, type Html } from './html.ts';
import type { Session } from './sessions.ts';

/** A demo account offered on the sign-in page (any account of the tenant works). */
export interface DemoAccount {
  email: string;
  label: string;
}

function layout(options: { title: string; apiBase: string; body: Html; withWidgets: boolean; page: string }): string {
  const widgets = new URL('/widgets/dr-widgets.js', options.apiBase).href;
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${options.title} · Northwind Bank Intranet</title>
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/intranet.css">
  ${options.withWidgets ? html`<script type="module" src="${widgets}"></script>` : ''}
  <script type="module" src="/assets/intranet.js"></script>
</head>
<body data-page="${options.page}" data-api-base="${options.apiBase}">
${options.body}
</body>
</html>`.text;
}

function masthead(session?: Session): Html {
  return html`<header class="masthead">
    <a class="brand" href="/"><span class="logo" aria-hidden="true">N</span><span>Northwind Bank</span><span class="sep" aria-hidden="true">·</span><span class="sub">Intranet</span></a>
    ${session
      ? html`<div class="who"><span data-user>${session.displayName}</span><span class="role" data-role>${roleLabel(session.role)}${session.organization ? ` · ${session.organization.name}` : ''}</span>
          <form method="post" action="/logout"><button type="submit" class="link">Sign out</button></form></div>`
      : ''}
  </header>`;
}

const NAV = ['Home', 'Credit risk', 'Policies', 'People', 'IT service desk'];

export function loginPage(apiBase: string, accounts: DemoAccount[], error?: string, email = ''): string {
  const body = html`${masthead()}
  <main class="login">
    <section class="card">
      <h1>Sign in</h1>
      <p class="hint">Use your DefaultRate account: the intranet checks your password with DefaultRate and keeps only a session cookie.</p>
      ${error ? html`<p class="notice" role="alert" data-login-error>${error}</p>` : ''}
      <form method="post" action="/login" class="stack">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" list="demo-accounts" autocomplete="username" required value="${email}">
        <datalist id="demo-accounts">${accounts.map((a) => html`<option value="${a.email}">${a.label}</option>`)}</datalist>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
      </form>
    </section>
    <section class="card">
      <h2>Demo accounts</h2>
      <p class="hint">Password: the demo password <code>npm start</code> printed (DEMO_PASSWORD).</p>
      <ul class="plain accounts">${accounts.map((a) => html`<li><code>${a.email}</code> ${a.label}</li>`)}</ul>
    </section>
  </main>`;
  return layout({ title: 'Sign in', apiBase, body, withWidgets: false, page: 'login' });
}

export function dashboardPage(apiBase: string, session: Session, dashboard: Dashboard): string {
  const sections = html`${dashboard.sections}`;
  // The portfolio widgets share one provider (the page's data token); each admin panel brings its
  // own (an admin token), nested inside, which its panel reaches first.
  const content = dashboard.embed
    ? html`<dr-provider api-base="${apiBase}" data-embed="data"><div class="grid">${sections}</div></dr-provider>`
    : html`<div class="grid">${sections}</div>`;
  const body = html`${masthead(session)}
  <div class="shell">
    <nav class="sidenav" aria-label="Intranet">${NAV.map((item, i) => html`<span class="${i === 1 ? 'current' : ''}">${item}</span>`)}</nav>
    <main>
      <h1 data-dashboard-title>${dashboard.title}</h1>
      <p class="lead">${dashboard.lead}</p>
      <p class="notice" role="alert" data-widgets-problem hidden></p>
      ${content}
    </main>
  </div>`;
  return layout({ title: dashboard.title, apiBase, body, withWidgets: dashboard.embed !== null || dashboard.adminPanels.length > 0, page: 'dashboard' });
}
