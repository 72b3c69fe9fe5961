import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { assertCan, can } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { checkPasswordStrength } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/secrets.ts';
import * as usersRepo from '../users/users.repository.ts';
import { toUserView, type UserView } from '../users/user.view.ts';
import { normalizeEmbedOrigins } from './embed-origins.ts';
import type { TenantStatus } from './tenant.model.ts';
import { toTenantView, type TenantView } from './tenant.view.ts';
import * as repo from './tenants.repository.ts';
import { alreadyTaken, conflictFromUniqueViolation, tenantNotFound } from './tenants.problems.ts';

export interface TenantListQuery {
  q?: string;
  status?: TenantStatus;
  limit?: number;
  cursor?: string;
}

/** All tenants (super admin), searchable by name or slug, keyset-paginated by name. */
export async function listTenants(db: Knex, actor: UserActor, query: TenantListQuery): Promise<Page<TenantView>> {
  assertCan(actor, 'tenants.manage');
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const limit = pageLimit(query.limit);
  const rows = await withTenant(db, actor, (trx) => repo.listTenants(trx, { q: query.q, status: query.status, after, limit: limit + 1 }));
  return toPage(rows, limit, (t) => [t.name, t.id], toTenantView);
}

/** One tenant: any for a super admin, its own for a tenant admin; anything else is 404. */
export async function getTenant(db: Knex, actor: UserActor, tenantId: string): Promise<TenantView> {
  assertCan(actor, 'tenants.read');
  if (!can(actor, 'tenants.read', { tenantId })) throw tenantNotFound(tenantId);
  const tenant = await withTenant(db, actor, (trx) => repo.findTenantById(trx, tenantId));
  if (!tenant) throw tenantNotFound(tenantId);
  return toTenantView(tenant);
}

export interface CreateTenantInput {
  name: string;
  slug: string;
  embedOrigins?: string[];
  admin?: { email: string; displayName: string; password: string };
  organization?: { name: string };
}

export interface ProvisionedTenant {
  tenant: TenantView;
  admin: UserView | null;
  organization: { id: string; tenantId: string; name: string } | null;
}

const CREATE_CONFLICTS: Record<string, [string, string]> = {
  tenants_slug_unique: ['/body/slug', 'The slug'],
  users_email_unique: ['/body/admin/email', 'The admin email'],
};

/**
 * Creates a tenant, optionally with its tenant admin and a first organization, in one transaction:
 * a clash on any of them (for example an admin email already in use) leaves nothing behind.
 *
 * The admin's initial password is required: there is no password-reset flow yet, so a "set your
 * password" email would lead nowhere. The super admin hands the password over out of band; the
 * admin gets a welcome email (without the password) in the outbox and should change it.
 */
export async function createTenant(db: Knex, actor: UserActor, input: CreateTenantInput): Promise<ProvisionedTenant> {
  assertCan(actor, 'tenants.manage');
  const embedOrigins = normalizeEmbedOrigins(input.embedOrigins ?? [], '/body/embedOrigins');
  if (input.admin) checkPasswordStrength(input.admin.password, '/body/admin/password');
  // Hash before the transaction opens: argon2 is slow on purpose and must not hold locks.
  const passwordHash = input.admin ? await hashPassword(input.admin.password) : null;

  try {
    return await withTenant(db, actor, async (trx) => {
      if (await repo.findTenantBySlug(trx, input.slug)) throw alreadyTaken('/body/slug', 'The slug');
      if (input.admin && (await usersRepo.findUserByEmail(trx, input.admin.email))) throw alreadyTaken('/body/admin/email', 'The admin email');

      const tenant = await repo.insertTenant(trx, { name: input.name, slug: input.slug, embedOrigins });
      await appendAuditEvent(trx, actor, {
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: tenant.id,
        tenantId: tenant.id,
        organizationId: null,
        details: { name: tenant.name, slug: tenant.slug, withAdmin: Boolean(input.admin), withOrganization: Boolean(input.organization) },
      });

      let organization: ProvisionedTenant['organization'] = null;
      if (input.organization) {
        const org = await repo.insertOrganization(trx, { tenantId: tenant.id, name: input.organization.name });
        organization = { id: org.id, tenantId: org.tenantId, name: org.name };
        await appendAuditEvent(trx, actor, { action: 'organization.created', targetType: 'organization', targetId: org.id, tenantId: tenant.id, organizationId: org.id, details: { name: org.name } });
      }

      let admin: UserView | null = null;
      if (input.admin && passwordHash) {
        const user = await usersRepo.insertUser(trx, {
          email: input.admin.email,
          displayName: input.admin.displayName,
          passwordHash,
          role: 'tenant_admin',
          tenantId: tenant.id,
          organizationId: null,
        });
        admin = toUserView(user);
        await appendAuditEvent(trx, actor, { action: 'user.created', targetType: 'user', targetId: user.id, tenantId: tenant.id, organizationId: null, details: { role: 'tenant_admin' } });
        await repo.queueEmail(trx, {
          tenantId: tenant.id,
          toEmail: user.email,
          kind: 'tenant_admin_welcome',
          subject: `Your DefaultRate administrator account for ${tenant.name}`,
          bodyText:
            `Hello ${user.displayName},\n\nan administrator account for ${tenant.name} has been created for you on DefaultRate.\n` +
            'Sign in with this email address and the initial password you received from the platform team, then change it.\n',
        });
      }
      return { tenant: toTenantView(tenant), admin, organization };
    });
  } catch (error) {
    throw conflictFromUniqueViolation(error, CREATE_CONFLICTS) ?? error;
  }
}

export interface UpdateTenantInput {
  name?: string;
  status?: TenantStatus;
  embedOrigins?: string[];
}

/** Renames, suspends/reactivates or sets the embed origins of a tenant (super admin); suspending ends its users' sessions. */
export async function updateTenant(db: Knex, actor: UserActor, tenantId: string, input: UpdateTenantInput): Promise<TenantView> {
  assertCan(actor, 'tenants.manage');
  const patch: repo.TenantPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.status !== undefined) patch.status = input.status;
  if (input.embedOrigins !== undefined) patch.embedOrigins = normalizeEmbedOrigins(input.embedOrigins, '/body/embedOrigins');
  return withTenant(db, actor, async (trx) => {
    const before = await repo.findTenantById(trx, tenantId);
    if (!before) throw tenantNotFound(tenantId);
    const tenant = await repo.updateTenant(trx, tenantId, patch);
    if (!tenant) throw tenantNotFound(tenantId);
    const isSuspending = patch.status === 'suspended' && before.status !== 'suspended';
    const isReactivating = patch.status === 'active' && before.status !== 'active';
    // Access tokens of a suspended tenant are refused at authentication; its refresh tokens are
    // revoked too, so that nobody can keep a session alive across the suspension.
    const revokedSessions = isSuspending ? await repo.revokeTenantSessions(trx, tenantId, 'tenant_suspended') : 0;
    await appendAuditEvent(trx, actor, {
      action: isSuspending ? 'tenant.suspended' : isReactivating ? 'tenant.reactivated' : 'tenant.updated',
      targetType: 'tenant',
      targetId: tenantId,
      tenantId,
      organizationId: null,
      details: { changes: patch, ...(isSuspending ? { revokedSessions } : {}) },
    });
    return toTenantView(tenant);
  });
}

/** Deletes a tenant with its organizations, users, invitations and keys (super admin). */
export async function deleteTenant(db: Knex, actor: UserActor, tenantId: string): Promise<void> {
  assertCan(actor, 'tenants.manage');
  await withTenant(db, actor, async (trx) => {
    const tenant = await repo.findTenantById(trx, tenantId);
    if (!tenant) throw tenantNotFound(tenantId);
    await repo.deleteTenant(trx, tenantId);
    // The tenant row is gone, so the event cannot reference it; its id and name stay in the record.
    await appendAuditEvent(trx, actor, { action: 'tenant.deleted', targetType: 'tenant', targetId: tenantId, tenantId: null, organizationId: null, details: { name: tenant.name, slug: tenant.slug } });
  });
}
