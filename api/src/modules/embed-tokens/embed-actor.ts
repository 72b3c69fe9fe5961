import { EMBED_ACTOR_USER_ID, type EmbedRowScope, type UserActor } from '../access/roles.ts';
import type { EmbedResources } from './embed-token-jwt.ts';

/** The row scope of a token's resources: its organization's portfolio, or only the companies listed. */
export function rowScopeOf(resources: EmbedResources): EmbedRowScope {
  return 'portfolio' in resources ? { mode: 'portfolio' } : { mode: 'companies', companyIds: [...resources.companyIds] };
}

/**
 * The actor of a request made with an embed token: an org member of the token's organization with
 * no user of its own and the token's row scope, so it never reads more than a member would, and
 * usually much less (organization data only, maybe only some companies).
 */
export function embedActor(grant: { tenantId: string; orgId: string; resources: EmbedResources }, ip: string | null, requestId: string | null): UserActor {
  return { userId: EMBED_ACTOR_USER_ID, role: 'org_member', tenantId: grant.tenantId, orgId: grant.orgId, ip, requestId, embed: rowScopeOf(grant.resources) };
}
