import { defineProblem } from '../../lib/problem.ts';

/** Distinct from token-expired so a widget knows to ask its host page for a new embed token. */
export const EmbedTokenExpired = defineProblem('embed-token-expired', 401, 'Embed token expired');
/** The token was revoked (one by one or "all issued before"); the host must mint a new one. */
export const EmbedTokenRevoked = defineProblem('embed-token-revoked', 401, 'Embed token revoked');
