import { ValidationFailed, type FieldError } from '../../lib/problem.ts';

/**
 * Normalises the origins a tenant may embed widgets from. Each must be a bare https origin
 * (scheme, host, optional port: no path, query, fragment, credentials or wildcard), or http on a
 * loopback host (localhost, 127.0.0.1, [::1]): browsers treat those as secure contexts, they are
 * reachable only from the same machine, and a developer's portal runs there. The strictness is because the
 * list feeds CORS and frame-ancestors checks that compare origins exactly. Returns the
 * lower-cased, de-duplicated list, or throws one validation problem listing every bad entry.
 */
export function normalizeEmbedOrigins(origins: string[], pointer: string): string[] {
  const errors: FieldError[] = [];
  const normalized: string[] = [];
  origins.forEach((raw, index) => {
    const detail = originProblem(raw);
    if (detail) {
      errors.push({ pointer: `${pointer}/${index}`, detail });
      return;
    }
    const origin = new URL(raw).origin;
    if (!normalized.includes(origin)) normalized.push(origin);
  });
  if (errors.length) throw new ValidationFailed(errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { errors });
  return normalized;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function originProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an origin such as https://bank.example';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return 'must use https (http only on localhost)';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.hostname.includes('*')) return 'must not contain wildcards';
  // URL adds a trailing "/" to a bare origin; anything longer is a path, query or fragment.
  if (url.href !== `${url.origin}/`) return 'must be an origin only (no path, query or fragment)';
  return null;
}
