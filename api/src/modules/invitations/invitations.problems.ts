import { defineProblem } from '../../lib/problem.ts';

/** Unknown, expired, revoked and already-used invitation tokens all answer 410 with this type. */
export const InvitationInvalid = defineProblem('invitation-invalid', 410, 'Invitation invalid');
