import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { decodeCursor, pageLimit, toPage, type Page } from '../../lib/pagination.ts';
import { Conflict, Forbidden, NotFound } from '../../lib/problem.ts';
import { assertCan } from '../access/permissions.ts';
import { anonymousActor, type Actor, type OrgRole, type UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { findLoginRecord, insertIndividualUser } from '../auth/auth.repository.ts';
import { checkPasswordStrength, type AuthDeps } from '../auth/auth.service.ts';
import { hashPassword, hashToken, randomToken } from '../auth/secrets.ts';
import { assertEmailAllowed, assertIndividual, grantMembership, type MembershipGranted } from '../memberships/memberships.service.ts';
import { loadOrganization, targetOf } from '../organizations/organizations.service.ts';
import { findUser } from '../memberships/memberships.repository.ts';
import { invitationEmail } from './invitation-email.ts';
import { toInvitationView, type InvitationView } from './invitation.view.ts';
import { InvitationInvalid } from './invitations.problems.ts';
import * as repo from './invitations.repository.ts';

export interface InvitationDeps {
  auth: AuthDeps;
  ttlHours: number;
  publicBaseUrl: string;
}

/**
 * Invites an email to the organization with a role. The token goes only into the outgoing email
 * (written to the outbox in the same transaction); the database keeps its hash and the response
 * never carries it. Inviting an email again replaces its pending invitation, so at most one link works.
 */
export async function createInvitation(deps: InvitationDeps, actor: UserActor, organizationId: string, input: { email: string; role: OrgRole }): Promise<InvitationView> {
  return withTenant(deps.auth.db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'members.invite', targetOf(org));
    const email = input.email.trim().toLowerCase();
    assertEmailAllowed(org, email, '/body/email');
    const replaced = await repo.revokePendingInvitationsFor(trx, org.id, email);
    const token = randomToken('inv');
    const expiresAt = new Date(Date.now() + deps.ttlHours * 3600 * 1000);
    const invitation = await repo.insertInvitation(trx, {
      tenantId: org.tenantId,
      organizationId: org.id,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      expiresAt,
      invitedBy: actor.userId,
    });
    await repo.queueEmail(trx, { tenantId: org.tenantId, toEmail: email, kind: 'invitation', ...invitationEmail({ organizationName: org.name, role: input.role, token, expiresAt, publicBaseUrl: deps.publicBaseUrl }) });
    await appendAuditEvent(trx, actor, {
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: invitation.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { email, role: input.role, expiresAt: expiresAt.toISOString(), replacedPending: replaced },
    });
    return toInvitationView(invitation);
  });
}

export async function listInvitations(
  db: Knex,
  actor: UserActor,
  organizationId: string,
  query: { status?: repo.InvitationStatus; limit?: number; cursor?: string },
): Promise<Page<InvitationView>> {
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 1) as [string] | null;
  const rows = await withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'members.invite', targetOf(org));
    return repo.listInvitations(trx, { organizationId: org.id, status: query.status, afterId: after ? after[0] : null, limit: limit + 1 });
  });
  return toPage(rows, limit, (i) => [i.id], toInvitationView);
}

/** Revokes a pending invitation. Revoking one already revoked or expired is a no-op; an accepted one is 409. */
export async function revokeInvitation(db: Knex, actor: UserActor, organizationId: string, invitationId: string): Promise<void> {
  await withTenant(db, actor, async (trx) => {
    const org = await loadOrganization(trx, organizationId);
    assertCan(actor, 'members.invite', targetOf(org));
    const invitation = await repo.findInvitation(trx, org.id, invitationId);
    if (!invitation) throw new NotFound('No such invitation.');
    if (invitation.acceptedAt) throw new Conflict('This invitation has already been accepted; remove the member instead.');
    if (!(await repo.revokeInvitation(trx, invitation.id))) return;
    await appendAuditEvent(trx, actor, {
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: invitation.id,
      tenantId: org.tenantId,
      organizationId: org.id,
      details: { email: invitation.email },
    });
  });
}

/** Finds a usable invitation by its token or answers 410 invitation-invalid, saying why. */
async function findUsableInvitation(db: Knex, token: string): Promise<repo.InvitationLookup> {
  const invitation = await repo.findInvitationByTokenHash(db, hashToken(token));
  if (!invitation) throw new InvitationInvalid('This invitation link is not valid.');
  if (invitation.acceptedAt) throw new InvitationInvalid('This invitation has already been used.');
  if (invitation.revokedAt) throw new InvitationInvalid('This invitation has been revoked.');
  if (new Date(invitation.expiresAt).getTime() <= Date.now()) throw new InvitationInvalid('This invitation has expired; ask for a new one.');
  return invitation;
}

const invalidNow = () => new InvitationInvalid('This invitation is no longer valid.');

/** The membership context of the invitee: their own row, aimed at the invitation's organization. */
function joinContext(base: Actor & { userId: string }, invitation: repo.InvitationLookup) {
  return { ...base, tenantId: invitation.tenantId, orgId: invitation.organizationId };
}

/** A logged-in individual user accepts an invitation sent to their email address. */
export async function acceptInvitation(deps: InvitationDeps, actor: UserActor, token: string): Promise<MembershipGranted> {
  assertIndividual(actor);
  const invitation = await findUsableInvitation(deps.auth.db, token);
  const context = joinContext({ ...actor, role: 'user' }, invitation);
  return withTenant(
    deps.auth.db,
    context,
    async (trx) => {
      const me = await findUser(trx, actor.userId);
      if (!me) throw new NotFound('No such user.');
      // citext comparison in the database, lower-casing here: the invited address is case-insensitive.
      if (me.email.toLowerCase() !== invitation.email.toLowerCase()) {
        throw new Forbidden('This invitation was sent to a different email address; log in with that account.');
      }
      return grantMembership(trx, deps.auth, context, {
        email: me.email,
        tenantId: invitation.tenantId,
        organizationId: invitation.organizationId,
        role: invitation.role,
        route: { kind: 'invitation', invitationId: invitation.id, invalid: invalidNow },
      });
    },
    { membershipGrant: invitation.role },
  );
}

/**
 * Someone without an account accepts: the account is created for the invited email and joins in the
 * same transaction, so a refusal (cap reached, allow-list changed) leaves no half-made account. The
 * transaction runs as the anonymous registration context (the only one allowed to create a user),
 * carrying the new user's id and the target organization so that the same row may then take the
 * invited role, exactly as a logged-in invitee's would.
 */
export async function registerWithInvitation(
  deps: InvitationDeps,
  caller: Actor,
  input: { token: string; password: string; displayName: string },
): Promise<MembershipGranted> {
  const invitation = await findUsableInvitation(deps.auth.db, input.token);
  checkPasswordStrength(input.password, '/body/password');
  if (await findLoginRecord(deps.auth.db, invitation.email)) {
    throw new Conflict('An account with the invited email already exists; log in and accept the invitation with POST /v1/invitations/accept.');
  }
  const passwordHash = await hashPassword(input.password);
  const userId = randomUUID();
  const context = joinContext({ ...anonymousActor(caller.ip, caller.requestId), userId }, invitation);
  return withTenant(
    deps.auth.db,
    context,
    async (trx) => {
      await insertIndividualUser(trx, { id: userId, email: invitation.email, displayName: input.displayName.trim(), passwordHash });
      await appendAuditEvent(trx, context, { action: 'auth.register', targetType: 'user', targetId: userId, details: { via: 'invitation' } });
      return grantMembership(trx, deps.auth, context, {
        email: invitation.email,
        tenantId: invitation.tenantId,
        organizationId: invitation.organizationId,
        role: invitation.role,
        route: { kind: 'invitation', invitationId: invitation.id, invalid: invalidNow },
      });
    },
    { membershipGrant: invitation.role },
  );
}
