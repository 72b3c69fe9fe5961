import { defineProblem } from '../../lib/problem.ts';

export const InvalidCredentials = defineProblem('invalid-credentials', 401, 'Invalid email or password');
export const RefreshTokenReused = defineProblem('refresh-token-reused', 401, 'Refresh token reused');
