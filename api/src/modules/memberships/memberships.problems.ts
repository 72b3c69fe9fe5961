import { defineProblem } from '../../lib/problem.ts';

export const MemberCapReached = defineProblem('member-cap-reached', 409, 'Member cap reached');
export const EmailNotAllowed = defineProblem('email-not-allowed', 403, 'Email not allowed');
/** Unknown, disabled, regenerated-away or expired join tokens all answer the same way. */
export const JoinTokenInvalid = defineProblem('join-token-invalid', 410, 'Join token invalid');
