/**
 * An organization's email allow-list: entries are exact addresses (`jane@bank.test`) or whole
 * domains (`@bank.test`). An empty list admits everyone. A domain entry matches that domain only,
 * not its subdomains: `@bank.test` admits `a@bank.test` but not `a@mail.bank.test`.
 */

/** Lower-cases, trims and de-duplicates entries, keeping their first order. */
export function normalizeAllowList(entries: readonly string[]): string[] {
  return [...new Set(entries.map((e) => e.trim().toLowerCase()))];
}

/** True when `email` may join an organization with this allow-list. */
export function isEmailAllowed(allowList: readonly string[], email: string): boolean {
  if (allowList.length === 0) return true;
  const address = email.trim().toLowerCase();
  return allowList.some((entry) => (entry.startsWith('@') ? address.endsWith(entry) : address === entry));
}
