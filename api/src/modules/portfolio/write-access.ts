import { Forbidden } from '../../lib/problem.ts';
import type { UserActor } from '../access/roles.ts';
import type { ScopeColumns } from './data-scope.ts';

/**
 * Whether `actor` may change a portfolio row it can already see. The same lines as the write
 * policies of the portfolio migration (SCOPE_WRITE_SQL), asked up front so that a reader (a tenant
 * admin looking at an organization's companies, anyone looking at global data) gets a clear 403
 * instead of an update that silently touches no row.
 */
export function canWriteRow(actor: UserActor, row: ScopeColumns): boolean {
  switch (row.scope) {
    case 'personal':
      return row.ownerUserId === actor.userId;
    case 'organization':
      return (
        row.tenantId === actor.tenantId &&
        row.organizationId === actor.orgId &&
        (actor.role === 'org_admin' || actor.role === 'org_member')
      );
    case 'global':
      return actor.role === 'super_admin';
  }
}

/** Throws 403 when `actor` may read but not change `row` (`what` names it in the message). */
export function assertWritable(actor: UserActor, row: ScopeColumns, what: string): void {
  if (!canWriteRow(actor, row)) {
    throw new Forbidden(`You may read this ${what} but not change it: it is ${row.scope} data you do not manage.`, { action: 'portfolio.write' });
  }
}
