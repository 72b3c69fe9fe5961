import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { components } from '../../openapi/generated/schema.d.ts';

type Role = components['schemas']['Role'];

/** What the intranet remembers about a signed-in employee. Kept server-side; the browser holds only an opaque id. */
export interface Session {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  tenant: { id: string; name: string } | null;
  organization: { id: string; name: string } | null;
  /** The user's own DefaultRate tokens, for the admin panels the embed allow-list does not cover. Never sent to the browser. */
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  /** Admin embed tokens minted for this session's panels, revoked when the user signs out. */
  adminTokenIds?: string[];
}

export const SESSION_COOKIE = 'nw_session';
/** An intranet session outlives the API's access token (renewed with the refresh token) but not a working day. */
const SESSION_TTL_MS = 8 * 3600_000;

/** In-memory sessions: a demo host restarts rarely, and a lost session only means signing in again. */
export class SessionStore {
  #sessions = new Map<string, { session: Session; expiresAt: number }>();

  create(fields: Omit<Session, 'id'>): Session {
    const session = { ...fields, id: randomBytes(32).toString('base64url') };
    this.#sessions.set(session.id, { session, expiresAt: Date.now() + SESSION_TTL_MS });
    return session;
  }

  of(req: IncomingMessage): Session | undefined {
    const id = cookiesOf(req)[SESSION_COOKIE];
    const entry = id ? this.#sessions.get(id) : undefined;
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.#sessions.delete(entry.session.id);
      return undefined;
    }
    return entry.session;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }
}

function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

/** httpOnly (no script reads it), SameSite=Lax (no cross-site form posts carry it); Secure when served over https. */
export function sessionCookie(id: string, isSecure: boolean): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Lax; Path=/${isSecure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
}
