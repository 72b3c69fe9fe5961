/**
 * The `exp` claim of a JWT in milliseconds, read without verifying the signature (the API verifies;
 * the widget only needs to know when to ask for a new token). Undefined when the token is not a JWT.
 */
export function jwtExpiryMs(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
