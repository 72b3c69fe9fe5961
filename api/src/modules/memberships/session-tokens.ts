import type { Knex } from 'knex';
import type { UserActor } from '../access/roles.ts';
import { issueTokens, type AuthDeps, type TokenPair } from '../auth/auth.service.ts';

/**
 * A fresh login for a user whose role just changed (invitation accepted, join token used), so the
 * client's next access token carries the new role and organization. Runs in the caller's
 * transaction, whose context must be the user's own.
 */
export function issueSessionTokens(
  auth: AuthDeps,
  trx: Knex.Transaction,
  user: Pick<UserActor, 'userId' | 'role' | 'tenantId' | 'orgId'> & { passwordChangedAt: Date },
): Promise<TokenPair> {
  return issueTokens(auth, trx, user, user.passwordChangedAt);
}
