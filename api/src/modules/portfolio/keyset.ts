import { decodeCursor } from '../../lib/pagination.ts';
import { fieldProblem } from '../../lib/problem.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's text form of a timestamptz, e.g. `2026-11-24 09:30:12.345678+00`.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** True for a UUID as cursors carry them. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** True for a timestamp as cursors carry them (PostgreSQL's text form, microseconds intact). */
export function isPgTimestamp(value: unknown): value is string {
  return typeof value === 'string' && PG_TIMESTAMP.test(value);
}

/**
 * Decodes a newest-first cursor `[timestamp, id]`. Timestamps travel as PostgreSQL's text, not as
 * JavaScript dates, because rows made within the same millisecond would otherwise be skipped or
 * repeated at a page boundary. A cursor that does not fit is a 400, never a database error.
 */
export function decodeTimeCursor(cursor: string | undefined): [string, string] | null {
  const key = decodeCursor(cursor, 2);
  if (!key) return null;
  const [at, id] = key;
  if (!isPgTimestamp(at) || !isUuid(id)) throw fieldProblem('/query/cursor', 'is not a cursor returned by this list');
  return [at, id];
}
