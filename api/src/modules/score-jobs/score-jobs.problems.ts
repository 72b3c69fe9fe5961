import { defineProblem } from '../../lib/problem.ts';

/** Cancelling a job that has already finished (completed, failed or cancelled). */
export const JobNotCancellable = defineProblem('job-not-cancellable', 409, 'Job cannot be cancelled');
