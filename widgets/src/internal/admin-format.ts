import type { components } from '../../../openapi/generated/schema.d.ts';

type Role = components['schemas']['Role'];
type OrgRole = components['schemas']['OrgRole'];

export const ORG_ROLES = ['org_admin', 'org_member'] as const satisfies readonly OrgRole[];

/** What the admin panels call each role. */
export const ROLE_LABELS: Record<Role, string> = {
  super_admin: 'Super admin',
  tenant_admin: 'Tenant admin',
  org_admin: 'Org admin',
  org_member: 'Org member',
  user: 'Individual',
};

const counts = new Intl.NumberFormat(undefined);
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimes = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A head count with the locale's grouping ("1,204"). */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** "Mar 14, 2025" from an API timestamp. */
export function formatDate(iso: string): string {
  return dates.format(new Date(iso));
}

/** "Mar 14, 2025, 9:30 AM" from an API timestamp. */
export function formatDateTime(iso: string): string {
  return dateTimes.format(new Date(iso));
}

/** "3 of 25" or "3 (no cap)". */
export function formatHeadCount(memberCount: number, memberCap: number | null): string {
  return memberCap === null ? `${formatCount(memberCount)} (no cap)` : `${formatCount(memberCount)} of ${formatCount(memberCap)}`;
}
