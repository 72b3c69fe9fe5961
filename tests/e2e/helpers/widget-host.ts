import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TestApp } from '../../helpers/test-app.ts';

/**
 * A stand-in for a customer's page: the real app (API + /widgets/) on an ephemeral port, plus host
 * pages at /host/<name> that load /widgets/dr-widgets.js. Same origin, so no CORS set-up is needed
 * for the API calls (cross-origin embedding belongs to the embed-token tests).
 */
export interface WidgetHost {
  origin: string;
  /**
   * Registers a page; `setup` is a module script run before the widgets load (set properties, listen);
   * `modules` are the widget entries it imports, in order (default: /widgets/dr-widgets.js).
   */
  addPage(name: string, page: HostPage): string;
  close(): Promise<void>;
}

interface HostPage {
  body: string;
  setup?: string;
  modules?: string[];
}

function hostPage({ body, setup = '', modules = ['/widgets/dr-widgets.js'] }: HostPage): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Widget host</title>
  <link rel="icon" href="data:,">
  <style>body { font-family: system-ui, sans-serif; margin: 24px; background: #f6f8fa; } .slot { max-width: 720px; }</style>
</head>
<body>
  <main class="slot">${body}</main>
  <script type="module">
    window.drEvents = [];
    for (const type of ['dr-loaded', 'dr-error', 'dr-company-select', 'dr-token-expiring']) {
      document.addEventListener(type, (e) => window.drEvents.push({
        type, widget: e.widget, company: e.company?.name, status: e.problem?.status, title: e.problem?.title, expiresAt: e.expiresAt,
      }));
    }
    ${setup}
    // Properties set above, before the elements upgrade, are picked up by Lit when they do.
    for (const entry of ${JSON.stringify(modules)}) await import(entry);
  </script>
</body>
</html>`;
}

export async function startWidgetHost(t: Pick<TestApp, 'app'>): Promise<WidgetHost> {
  const pages = new Map<string, string>();
  const outer = express();
  outer.get('/host/:name', (req, res, next) => {
    const page = pages.get(req.params.name);
    if (page) res.type('html').send(page);
    else next();
  });
  outer.use(t.app);
  const server = http.createServer(outer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    addPage(name, page) {
      pages.set(name, hostPage(page));
      return `${origin}/host/${name}`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
