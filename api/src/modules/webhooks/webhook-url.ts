import { fieldProblem } from '../../lib/problem.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A webhook target must be https: deliveries carry portfolio data and a signature whose secret must
 * not travel in clear. Plain http is allowed only to this machine (localhost, 127.0.0.1, ::1) and
 * only outside production, for local receivers during development and tests.
 */
export function checkWebhookUrl(raw: string, allowLocalHttp: boolean, pointer = '/body/url'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fieldProblem(pointer, 'must be an absolute URL');
  }
  if (url.username || url.password) throw fieldProblem(pointer, 'must not contain credentials');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && allowLocalHttp && LOCAL_HOSTS.has(url.hostname)) return url.toString();
  throw fieldProblem(pointer, allowLocalHttp ? 'must use https (http only for localhost or 127.0.0.1)' : 'must use https');
}
