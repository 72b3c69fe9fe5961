import { fieldProblem } from './problem.ts';

/** Page sizes of every list endpoint (spec parameter Limit). */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export type CursorValue = string | number;

/** A page of a keyset-paginated list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The page size to use for a requested `limit` (the spec bounds it; this guards direct callers). */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isInteger(limit)) return DEFAULT_LIMIT;
  return Math.min(Math.max(limit, 1), MAX_LIMIT);
}

/**
 * Opaque keyset cursor: the sort key of the last row of a page. Clients treat it as a string; it is
 * base64url JSON only so that we can change the key without changing the API.
 */
export function encodeCursor(key: CursorValue[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` key parts; anything else is a 400 on `pointer`. */
export function decodeCursor(cursor: string | undefined, arity: number, pointer = '/query/cursor'): CursorValue[] | null {
  if (cursor === undefined || cursor === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const isValid = Array.isArray(key) && key.length === arity && key.every((v) => typeof v === 'string' || typeof v === 'number');
  if (!isValid) throw fieldProblem(pointer, 'is not a cursor returned by this list');
  return key as CursorValue[];
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells us that another page exists,
 * so no count query is needed.
 */
export function toPage<T, V>(rows: T[], limit: number, keyOf: (row: T) => CursorValue[], view: (row: T) => V): Page<V> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** An ILIKE pattern matching `text` anywhere, with LIKE wildcards in the user's text escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
