import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { Conflict, Forbidden, NotFound, type Problem } from '../../lib/problem.ts';
import { assertCan, can } from '../access/permissions.ts';
import type { Actor, OrgRole, UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import type { AuthDeps, TokenPair } from '../auth/auth.service.ts';
import { hashToken } from '../auth/secrets.ts';
import { markInvitationAccepted } from '../invitations/invitations.repository.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { loadOrganization, targetOf } from '../organizations/organizations.service.ts';
import { revokeUserSessions } from '../users/users.repository.ts';
import type { UserModel } from '../users/user.model.ts';
import { toUserView, type UserView } from '../users/user.view.ts';
import { isEmailAllowed } from './email-allow-list.ts';
import { EmailNotAllowed, JoinTokenInvalid, MemberCapReached } from './memberships.problems.ts';
import * as repo from './memberships.repository.ts';
import { issueSessionTokens } from './session-tokens.ts';

/** What a user gets back when they join an organization: their new self and a login for it. */
export interface MembershipGranted {
  user: UserView;
  organization: { id: string; name: string };
  tokens: TokenPair;
}

export async function listMembers(db: Knex, actor: UserActor, organizationId: string, query: { limit?: number; cursor?: string }): Promise<Page<UserView>> {
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'members.read', targetOf(org));
    return repo.listMembers(trx, org.id, after, limit + 1);
  });
  return toPage(rows, limit, (u) => [u.email, u.id], toUserView);
}

/** Refuses a new member when the organization is at its cap. Call with the membership lock held. */
export async function assertRoomFor(trx: Knex.Transaction, org: { id: string; memberCap: number | null }): Promise<void> {
  if (org.memberCap === null) return;
  const count = await orgRepo.countMembers(trx, org.id);
  if (count >= org.memberCap) {
    throw new MemberCapReached(`The organization has reached its cap of ${org.memberCap} member(s).`, { memberCap: org.memberCap, memberCount: count });
  }
}

export function assertEmailAllowed(org: { emailAllowList: string[] }, email: string, pointer?: string): void {
  if (!isEmailAllowed(org.emailAllowList ?? [], email)) {
    throw new EmailNotAllowed('This email address is not on the organization\'s allow-list.', pointer ? { errors: [{ pointer, detail: 'is not on the allow-list' }] } : {});
  }
}

/**
 * Tenant admins (and super admins) put a user of the organization's tenant into this organization
 * with a role: moving them from another organization of the tenant, changing their role, or
 * appointing an org admin. Only users already in the tenant qualify; individuals join through an
 * invitation or a join token, which is their consent.
 */
export async function assignMember(db: Knex, actor: UserActor, organizationId: string, userId: string, role: OrgRole): Promise<UserView> {
  return withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'organizations.assign_users', targetOf(org));
    if (role === 'org_admin') assertCan(actor, 'organizations.appoint_admins', targetOf(org));
    const user = await repo.findUser(trx, userId);
    if (!user || user.tenantId !== org.tenantId) throw new NotFound('No such user in this organization\'s tenant.');
    if (user.role !== 'org_admin' && user.role !== 'org_member') {
      throw new Conflict(`A ${user.role} cannot be an organization member; only org admins and org members move between organizations.`);
    }
    if (user.organizationId === org.id && user.role === role) return toUserView(user);
    await orgRepo.lockMembership(trx, org.id);
    if (user.organizationId !== org.id) await assertRoomFor(trx, org);
    const moved = await repo.changeMembership(
      trx,
      user.id,
      { role: user.role, tenantId: user.tenantId, organizationId: user.organizationId },
      { role, tenantId: org.tenantId, organizationId: org.id },
    );
    if (!moved) throw new Conflict('The user\'s membership changed meanwhile; retry.');
    await appendAuditEvent(trx, actor, {
      action: 'member.assigned',
      targetType: 'user',
      targetId: user.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { role, previousRole: user.role, previousOrganizationId: user.organizationId },
    });
    return toUserView(await mustFind(trx, user.id));
  });
}

async function mustFind(trx: Knex.Transaction, userId: string): Promise<UserModel> {
  const user = await repo.findUser(trx, userId);
  if (!user) throw new NotFound('No such user.');
  return user;
}

/**
 * Changes a member's role within the organization. An org admin may step down to org member, unless
 * they are its last org admin (409): the organization would be left with nobody to run it.
 */
export async function changeMemberRole(db: Knex, actor: UserActor, organizationId: string, userId: string, role: OrgRole): Promise<UserView> {
  return withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'members.change_role', targetOf(org));
    const member = await repo.findMember(trx, org.id, userId);
    if (!member) throw new NotFound('No such member in this organization.');
    if (member.role === role) return toUserView(member);
    await orgRepo.lockMembership(trx, org.id);
    if (member.id === actor.userId && member.role === 'org_admin' && (await repo.countOrgAdmins(trx, org.id)) <= 1) {
      throw new Conflict('You are the last org admin of this organization; appoint another one before stepping down.');
    }
    const changed = await repo.changeMembership(
      trx,
      member.id,
      { role: member.role, tenantId: member.tenantId, organizationId: org.id },
      { role, tenantId: org.tenantId, organizationId: org.id },
    );
    if (!changed) throw new Conflict('The member changed meanwhile; retry.');
    await appendAuditEvent(trx, actor, {
      action: 'member.role_changed',
      targetType: 'user',
      targetId: member.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { from: member.role, to: role },
    });
    return toUserView(await mustFind(trx, member.id));
  });
}

/**
 * Removes a member: they become an individual user (no tenant, no organization) and every session
 * they had ends, so nothing issued for their old role outlives the removal. Removing oneself is
 * refused; another org admin or the tenant admin does it.
 */
export async function removeMember(db: Knex, actor: UserActor, organizationId: string, userId: string): Promise<void> {
  await withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'members.remove', targetOf(org));
    const member = await repo.findMember(trx, org.id, userId);
    if (!member) throw new NotFound('No such member in this organization.');
    if (member.id === actor.userId) throw new Forbidden('You cannot remove yourself; ask another org admin or your tenant admin.');
    await orgRepo.lockMembership(trx, org.id);
    // Revoke first: the function checks the caller's scope against the member's current organization.
    const revokedSessions = await revokeUserSessions(trx, member.id, 'removed_from_organization');
    if (!(await repo.releaseMember(trx, member.id, org.id))) throw new Conflict('The member changed meanwhile; retry.');
    await appendAuditEvent(trx, actor, {
      action: 'member.removed',
      targetType: 'user',
      targetId: member.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { previousRole: member.role, revokedSessions },
    });
  });
}

/** How a user came to join: decides the problem to answer when the way in closed meanwhile, and what to audit. */
export type JoinRoute =
  | { kind: 'invitation'; invitationId: string; invalid: () => Problem }
  | { kind: 'join_token'; tokenHash: string; invalid: () => Problem };

/**
 * The one way into an organization for an individual user, shared by invitations and join tokens.
 * Must run in a transaction whose context is the joining user's own, aimed at the target tenant and
 * organization, with `membershipGrant` = `role`: the policies then let them read that organization
 * and move their own row into it, and the membership trigger lets their role become exactly `role`.
 * Re-checks the way in under the membership lock, then the allow-list and the cap.
 */
export async function grantMembership(
  trx: Knex.Transaction,
  auth: AuthDeps,
  actor: Actor & { userId: string },
  input: { email: string; tenantId: string; organizationId: string; role: OrgRole; route: JoinRoute },
): Promise<MembershipGranted> {
  const { route } = input;
  await orgRepo.lockMembership(trx, input.organizationId);
  const org = await orgRepo.findOrganization(trx, input.organizationId);
  if (!org || org.tenantId !== input.tenantId) throw route.invalid();
  if (route.kind === 'join_token') {
    const isLive = org.joinTokenEnabled && org.joinTokenHash === route.tokenHash && org.joinTokenExpiresAt !== null && new Date(org.joinTokenExpiresAt).getTime() > Date.now();
    if (!isLive) throw route.invalid();
  }
  assertEmailAllowed(org, input.email);
  await assertRoomFor(trx, org);
  const joined = await repo.changeMembership(
    trx,
    actor.userId,
    { role: 'user', tenantId: null, organizationId: null },
    { role: input.role, tenantId: org.tenantId, organizationId: org.id },
  );
  if (!joined) throw new Conflict('You already belong to an organization.');
  if (route.kind === 'invitation' && !(await markInvitationAccepted(trx, route.invitationId, actor.userId))) throw route.invalid();
  // Whatever context the transaction runs in (registration is anonymous), the one joining is a user.
  await appendAuditEvent(trx, { ...actor, role: 'user' }, {
    action: route.kind === 'invitation' ? 'invitation.accepted' : 'organization.joined',
    targetType: route.kind === 'invitation' ? 'invitation' : 'organization',
    targetId: route.kind === 'invitation' ? route.invitationId : org.id,
    tenantId: org.tenantId,
    organizationId: org.id,
    details: { role: input.role, userId: actor.userId },
  });
  const user = await mustFind(trx, actor.userId);
  const tokens = await issueSessionTokens(auth, trx, { userId: user.id, role: user.role, tenantId: user.tenantId, orgId: user.organizationId, passwordChangedAt: user.passwordChangedAt });
  return { user: toUserView(user), organization: { id: org.id, name: org.name }, tokens };
}

/** Only individual users join organizations; anyone already placed in the hierarchy gets 409. */
export function assertIndividual(actor: UserActor): void {
  if (!can(actor, 'organizations.join')) {
    throw new Conflict(`You already have the role ${actor.role}${actor.orgId ? ' in an organization' : ''}; only individual users can join an organization.`);
  }
}

/** An individual user joins an organization as org member with its join token. */
export async function joinWithToken(auth: AuthDeps, actor: UserActor, token: string): Promise<MembershipGranted> {
  assertIndividual(actor);
  const tokenHash = hashToken(token);
  const invalid = () => new JoinTokenInvalid('This join token is unknown, disabled, replaced or expired. Ask the organization for a new one.');
  const found = await orgRepo.findJoinToken(auth.db, tokenHash);
  if (!found || !found.isEnabled || !found.expiresAt || new Date(found.expiresAt).getTime() <= Date.now()) throw invalid();
  const context = { ...actor, role: 'user' as const, tenantId: found.tenantId, orgId: found.organizationId };
  return withTenant(
    auth.db,
    context,
    async (trx) => {
      const me = await mustFind(trx, actor.userId);
      return grantMembership(trx, auth, context, {
        email: me.email,
        tenantId: found.tenantId,
        organizationId: found.organizationId,
        role: 'org_member',
        route: { kind: 'join_token', tokenHash, invalid },
      });
    },
    { membershipGrant: 'org_member' },
  );
}
