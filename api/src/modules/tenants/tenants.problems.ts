import { Conflict, NotFound, type Problem } from '../../lib/problem.ts';

/** 404 for a tenant that does not exist or lies outside the caller's scope (indistinguishable on purpose). */
export function tenantNotFound(tenantId: string): Problem {
  return new NotFound(`No tenant ${tenantId}.`, { tenantId });
}

/** 409 naming the field whose unique value is already taken. */
export function alreadyTaken(pointer: string, what: string): Problem {
  return new Conflict(`${what} is already taken.`, { errors: [{ pointer, detail: 'is already taken' }] });
}

/**
 * Maps a unique violation raised by PostgreSQL (another request won the race between our
 * existence check and the insert) to the field it concerns; returns null for anything else.
 */
export function conflictFromUniqueViolation(error: unknown, pointers: Record<string, [pointer: string, what: string]>): Problem | null {
  const e = error as { code?: string; constraint?: string; nativeError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.nativeError?.code;
  const constraint = e?.constraint ?? e?.nativeError?.constraint;
  if (code !== '23505' && !(e instanceof Error && e.name === 'UniqueViolationError')) return null;
  const match = constraint ? pointers[constraint] : undefined;
  return match ? alreadyTaken(...match) : new Conflict('A resource with the same unique value already exists.');
}
