/**
 * The Content-Security-Policy of the intranet pages, as the API docs recommend to embedders: scripts
 * from this site and the widget modules under the API's /widgets/ only, network calls to this site
 * and the API only, no inline script or style, no plugins, no framing.
 */
export function contentSecurityPolicy(apiBase: string): string {
  const api = new URL(apiBase).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${api}/widgets/`,
    `connect-src 'self' ${api}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
