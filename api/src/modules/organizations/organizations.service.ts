import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { Conflict, Forbidden, NotFound, fieldProblem } from '../../lib/problem.ts';
import { assertCan, can } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { normalizeAllowList } from '../memberships/email-allow-list.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import { toOrganizationView, type OrganizationView } from './organization.view.ts';
import * as repo from './organizations.repository.ts';

/** The target of a permission check on one organization. */
export function targetOf(org: { id: string; tenantId: string }) {
  return { tenantId: org.tenantId, orgId: org.id };
}

/** Loads an organization the actor can see, or 404 (foreign ids never reveal whether they exist). */
export async function loadOrganization(trx: Knex.Transaction, organizationId: string): Promise<repo.OrganizationRow> {
  const org = await repo.findOrganization(trx, organizationId);
  if (!org) throw new NotFound('No such organization.');
  return org;
}

export interface OrganizationListQuery {
  tenantId?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Super admins list every organization (or one tenant's), tenant admins their tenant's, org admins
 * and members only their own. The row-level policies draw the same lines; the filters here make the
 * intent explicit and keep pages small.
 */
export async function listOrganizations(db: Knex, actor: UserActor, query: OrganizationListQuery): Promise<Page<OrganizationView>> {
  assertCan(actor, 'organizations.list');
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const filter: repo.OrganizationListFilter = { after, limit: limit + 1 };
  if (actor.role === 'super_admin') {
    if (query.tenantId) filter.tenantId = query.tenantId;
  } else if (actor.role === 'tenant_admin') {
    // A foreign tenantId simply matches nothing: the list is of the caller's tenant only.
    if (query.tenantId && query.tenantId !== actor.tenantId) return { items: [], nextCursor: null };
    filter.tenantId = actor.tenantId ?? undefined;
  } else {
    if (query.tenantId && query.tenantId !== actor.tenantId) return { items: [], nextCursor: null };
    filter.organizationId = actor.orgId ?? undefined;
  }
  const rows = await withTenant(db, actor, (trx) => repo.listOrganizations(trx, filter));
  return toPage(rows, limit, (o) => [o.name, o.id], toOrganizationView);
}

export async function getOrganization(db: Knex, actor: UserActor, organizationId: string): Promise<OrganizationView> {
  return withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'organizations.read', targetOf(org));
    return toOrganizationView(org);
  });
}

export interface OrganizationInput {
  tenantId?: string;
  name: string;
  memberCap?: number | null;
  allowGlobalData?: boolean;
  emailAllowList?: string[];
}

async function assertNameFree(trx: Knex.Transaction, tenantId: string, name: string, exceptId?: string): Promise<void> {
  const existing = await repo.findOrganizationByName(trx, tenantId, name);
  if (existing && existing.id !== exceptId) {
    throw new Conflict(`The tenant already has an organization named "${name}".`, { errors: [{ pointer: '/body/name', detail: 'is already taken in this tenant' }] });
  }
}

/** Tenant admins create organizations in their own tenant; super admins name the tenant. */
export async function createOrganization(db: Knex, actor: UserActor, input: OrganizationInput): Promise<OrganizationView> {
  assertCan(actor, 'organizations.manage');
  let tenantId: string;
  if (actor.role === 'super_admin') {
    if (!input.tenantId) throw fieldProblem('/body/tenantId', 'is required for a super admin');
    tenantId = input.tenantId;
  } else {
    if (input.tenantId && input.tenantId !== actor.tenantId) throw new NotFound('No such tenant.');
    tenantId = actor.tenantId as string;
  }
  const name = input.name.trim();
  if (name === '') throw fieldProblem('/body/name', 'must not be blank');
  return withTenant(db, actor, async (trx) => {
    if (!(await findTenantById(trx, tenantId))) throw new NotFound('No such tenant.');
    await assertNameFree(trx, tenantId, name);
    const created = await repo.insertOrganization(trx, {
      tenantId,
      name,
      memberCap: input.memberCap ?? null,
      allowGlobalData: input.allowGlobalData ?? true,
      emailAllowList: normalizeAllowList(input.emailAllowList ?? []),
    });
    await appendAuditEvent(trx, actor, {
      action: 'organization.created',
      targetType: 'organization',
      targetId: created.id,
      tenantId,
      organizationId: created.id,
      details: { name, memberCap: created.memberCap, allowGlobalData: created.allowGlobalData, emailAllowList: created.emailAllowList },
    });
    return toOrganizationView(await loadOrganization(trx, created.id));
  });
}

export type OrganizationPatchInput = Omit<OrganizationInput, 'tenantId' | 'name'> & { name?: string; alertPdChangeThreshold?: number };

/** Fields an org admin may change on their own organization; everything else is the tenant admin's. */
const ORG_ADMIN_FIELDS = new Set<keyof OrganizationPatchInput>(['emailAllowList', 'alertPdChangeThreshold']);

/**
 * Tenant admins change anything; org admins only the email allow-list and the alert threshold, and a request naming any
 * other field is refused as a whole (403 listing the fields) rather than applied in part.
 */
export async function updateOrganization(db: Knex, actor: UserActor, organizationId: string, input: OrganizationPatchInput): Promise<OrganizationView> {
  return withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    const target = targetOf(org);
    const fields = Object.keys(input) as (keyof OrganizationPatchInput)[];
    if (!can(actor, 'organizations.manage', target)) {
      assertCan(actor, 'organizations.settings', target);
      const refused = fields.filter((f) => !ORG_ADMIN_FIELDS.has(f));
      if (refused.length > 0) {
        throw new Forbidden(`Your role (${actor.role}) may change only ${[...ORG_ADMIN_FIELDS].join(', ')}; not ${refused.join(', ')}.`, {
          action: 'organizations.manage',
          fields: refused,
          errors: refused.map((f) => ({ pointer: `/body/${f}`, detail: 'may only be changed by a tenant admin' })),
        });
      }
    }
    const patch: repo.OrganizationPatch = {};
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (name === '') throw fieldProblem('/body/name', 'must not be blank');
      if (name !== org.name) await assertNameFree(trx, org.tenantId, name, org.id);
      patch.name = name;
    }
    if (input.memberCap !== undefined) patch.memberCap = input.memberCap;
    if (input.allowGlobalData !== undefined) patch.allowGlobalData = input.allowGlobalData;
    if (input.alertPdChangeThreshold !== undefined) patch.alertPdChangeThreshold = input.alertPdChangeThreshold;
    if (input.emailAllowList !== undefined) patch.emailAllowList = normalizeAllowList(input.emailAllowList);
    if (!(await repo.updateOrganization(trx, org.id, patch))) throw new NotFound('No such organization.');
    await appendAuditEvent(trx, actor, {
      action: 'organization.updated',
      targetType: 'organization',
      targetId: org.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { changes: patch },
    });
    return toOrganizationView(await loadOrganization(trx, org.id));
  });
}

/**
 * Deletes an empty organization. One that still has members is refused with 409: removing or moving
 * people is a decision to take member by member (and each of those is audited), not a side effect.
 * Its pending invitations and API keys go with it.
 */
export async function deleteOrganization(db: Knex, actor: UserActor, organizationId: string): Promise<void> {
  await withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'organizations.manage', targetOf(org));
    await repo.lockMembership(trx, org.id);
    const memberCount = await repo.countMembers(trx, org.id);
    if (memberCount > 0) {
      throw new Conflict(`The organization still has ${memberCount} member(s); move or remove them first.`, { memberCount });
    }
    // Appended before the delete: the event's organization reference is then nulled by the cascade,
    // while targetId keeps the id.
    await appendAuditEvent(trx, actor, {
      action: 'organization.deleted',
      targetType: 'organization',
      targetId: org.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { name: org.name },
    });
    if (!(await repo.deleteOrganization(trx, org.id))) throw new NotFound('No such organization.');
  });
}
