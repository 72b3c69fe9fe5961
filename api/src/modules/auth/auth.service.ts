import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/with-tenant.ts';
import { Conflict, Forbidden, TokenExpired, TokenInvalid, Unauthenticated, fieldProblem } from '../../lib/problem.ts';
import { anonymousActor, type Actor, type UserActor } from '../access/roles.ts';
import { appendAuditEvent } from '../audit/audit.repository.ts';
import { signAccessToken } from './access-tokens.ts';
import { InvalidCredentials, RefreshTokenReused } from './auth.problems.ts';
import * as repo from './auth.repository.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';
import { dummyPasswordHash, hashPassword, hashToken, randomToken, verifyPassword } from './secrets.ts';
import type { KeyRing } from './signing-keys.ts';

export interface AuthDeps {
  db: Knex;
  keys: KeyRing;
  limiter: LoginRateLimiter;
  issuer: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Rules a new password must meet; long passphrases beat composition rules (NIST SP 800-63B). */
export function checkPasswordStrength(password: string, pointer: string): void {
  if (password.length < 10) throw fieldProblem(pointer, 'must be at least 10 characters long');
  if (password.length > 256) throw fieldProblem(pointer, 'must be at most 256 characters long');
}

function actorOf(principal: { id: string; role: UserActor['role']; tenantId: string | null; organizationId: string | null }, base: Actor): UserActor {
  return { userId: principal.id, role: principal.role, tenantId: principal.tenantId, orgId: principal.organizationId, ip: base.ip, requestId: base.requestId };
}

/**
 * Opens a new refresh-token family and signs its first access token. Runs in the user's own
 * transaction context (the families' policy admits only their owner).
 */
export async function issueTokens(
  deps: Pick<AuthDeps, 'keys' | 'issuer' | 'accessTtlSeconds' | 'refreshTtlSeconds'>,
  trx: Knex.Transaction,
  actor: Pick<UserActor, 'userId' | 'role' | 'tenantId' | 'orgId'>,
  passwordChangedAt: Date,
): Promise<TokenPair> {
  const refreshToken = randomToken('rt');
  await repo.createRefreshFamily(trx, {
    userId: actor.userId,
    tenantId: actor.tenantId,
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(Date.now() + deps.refreshTtlSeconds * 1000),
  });
  const accessToken = await signAccessToken(
    deps.keys,
    { sub: actor.userId, role: actor.role, tid: actor.tenantId, oid: actor.orgId, pwv: new Date(passwordChangedAt).getTime() },
    { issuer: deps.issuer, ttlSeconds: deps.accessTtlSeconds },
  );
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: deps.accessTtlSeconds };
}

/** Self-registration: always an individual user; a role in the request is refused before we get here. */
export async function register(deps: AuthDeps, caller: Actor, input: { email: string; password: string; displayName?: string }) {
  checkPasswordStrength(input.password, '/body/password');
  const passwordHash = await hashPassword(input.password);
  const existing = await repo.findLoginRecord(deps.db, input.email);
  if (existing) throw new Conflict('An account with this email already exists.');
  // The id is chosen here so the new row is visible to its own insert (RLS checks RETURNING too).
  const userId = randomUUID();
  const user = await withTenant(deps.db, { ...anonymousActor(), userId }, async (trx) => {
    const created = await repo.insertIndividualUser(trx, { id: userId, email: input.email, displayName: input.displayName ?? input.email.split('@')[0], passwordHash });
    await appendAuditEvent(trx, { ...caller, userId: null }, { action: 'auth.register', targetType: 'user', targetId: created.id, tenantId: null, organizationId: null });
    return created;
  });
  return user;
}

export async function login(deps: AuthDeps, caller: Actor, input: { email: string; password: string }): Promise<TokenPair> {
  await deps.limiter.checkAttempt(caller.ip ?? 'unknown', input.email);
  const record = await repo.findLoginRecord(deps.db, input.email);
  // Verify against a dummy hash for unknown emails so the response time does not reveal them.
  const isValid = await verifyPassword(record?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!record || !isValid || !record.isActive) {
    await deps.limiter.recordFailure(input.email);
    await withTenant(deps.db, anonymousActor(), (trx) =>
      appendAuditEvent(trx, caller, { action: 'auth.login_failed', targetType: 'user', targetId: record?.id ?? null, tenantId: null, organizationId: null }),
    );
    throw new InvalidCredentials('The email or password is wrong, or the account is disabled.');
  }
  const principal = await repo.findPrincipal(deps.db, record.id);
  if (!principal) throw new InvalidCredentials('The email or password is wrong, or the account is disabled.');
  if (principal.tenantStatus === 'suspended') throw new Forbidden('Your institution is suspended.');
  await deps.limiter.recordSuccess(input.email);
  const actor = actorOf(record, caller);
  return withTenant(deps.db, actor, async (trx) => {
    await repo.touchLastLogin(trx, actor.userId);
    await appendAuditEvent(trx, actor, { action: 'auth.login', targetType: 'user', targetId: actor.userId });
    return issueTokens(deps, trx, actor, principal.passwordChangedAt);
  });
}

/**
 * Rotates a refresh token. Presenting a token that was already rotated away means two parties hold
 * the family (one of them a thief): the whole family is revoked and both must log in again.
 */
export async function refresh(deps: AuthDeps, caller: Actor, refreshToken: string): Promise<TokenPair> {
  const tokenHash = hashToken(refreshToken);
  const found = await repo.findRefreshFamily(deps.db, tokenHash);
  if (!found) throw new TokenInvalid('The refresh token is not recognised.');
  const principal = await repo.findPrincipal(deps.db, found.userId);
  if (!principal || !principal.isActive) throw new TokenInvalid('The account behind this refresh token is disabled.');
  const actor = actorOf(principal, caller);
  const outcome = await withTenant(deps.db, actor, async (trx) => {
    const family = await repo.lockRefreshFamily(trx, found.familyId);
    if (!family) return { kind: 'invalid' as const };
    if (family.revokedAt) return { kind: 'revoked' as const };
    if (family.currentTokenHash !== tokenHash) {
      await repo.revokeRefreshFamily(trx, family.id, 'reuse_detected');
      await appendAuditEvent(trx, actor, { action: 'auth.refresh_reuse_detected', targetType: 'refresh_token_family', targetId: family.id });
      return { kind: 'reused' as const };
    }
    if (family.expiresAt.getTime() <= Date.now()) return { kind: 'expired' as const };
    if (principal.tenantStatus === 'suspended') return { kind: 'suspended' as const };
    const next = randomToken('rt');
    await repo.rotateRefreshFamily(trx, family, hashToken(next), new Date(Date.now() + deps.refreshTtlSeconds * 1000));
    const accessToken = await signAccessToken(
      deps.keys,
      { sub: actor.userId, role: actor.role, tid: actor.tenantId, oid: actor.orgId, pwv: principal.passwordChangedAt.getTime() },
      { issuer: deps.issuer, ttlSeconds: deps.accessTtlSeconds },
    );
    return { kind: 'ok' as const, tokens: { accessToken, refreshToken: next, tokenType: 'Bearer' as const, expiresIn: deps.accessTtlSeconds } };
  });
  switch (outcome.kind) {
    case 'ok':
      return outcome.tokens;
    case 'reused':
      throw new RefreshTokenReused('This refresh token was already used; every session of its family has been revoked. Log in again.');
    case 'expired':
      throw new TokenExpired('The refresh token has expired. Log in again.');
    case 'suspended':
      throw new Forbidden('Your institution is suspended.');
    default:
      throw new TokenInvalid('The refresh token has been revoked.');
  }
}

/** Revokes the family of the given refresh token. Idempotent: an unknown token is not an error. */
export async function logout(deps: AuthDeps, caller: Actor, refreshToken: string): Promise<void> {
  const found = await repo.findRefreshFamily(deps.db, hashToken(refreshToken));
  if (!found) return;
  const principal = await repo.findPrincipal(deps.db, found.userId);
  if (!principal) return;
  const actor = actorOf(principal, caller);
  if (caller.userId && caller.userId !== actor.userId) throw new Forbidden('This refresh token belongs to another user.');
  await withTenant(deps.db, actor, async (trx) => {
    await repo.revokeRefreshFamily(trx, found.familyId, 'logout');
    await appendAuditEvent(trx, actor, { action: 'auth.logout', targetType: 'refresh_token_family', targetId: found.familyId });
  });
}

/** Changes the password and revokes every refresh-token family, so other sessions end too. */
export async function changePassword(deps: AuthDeps, actor: UserActor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  checkPasswordStrength(input.newPassword, '/body/newPassword');
  if (input.currentPassword === input.newPassword) throw fieldProblem('/body/newPassword', 'must differ from the current password');
  await withTenant(deps.db, actor, async (trx) => {
    const user = await repo.findUserById(trx, actor.userId);
    if (!user) throw new Unauthenticated();
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new InvalidCredentials('The current password is wrong.', { errors: [{ pointer: '/body/currentPassword', detail: 'is wrong' }] });
    }
    await repo.updatePasswordHash(trx, actor.userId, await hashPassword(input.newPassword));
    await repo.revokeAllRefreshFamilies(trx, actor.userId, 'password_changed');
    await appendAuditEvent(trx, actor, { action: 'auth.password_changed', targetType: 'user', targetId: actor.userId });
  });
}
