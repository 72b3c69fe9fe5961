import type { TenantFixture } from '../../factories/tenant-fixture.ts';
import type { TestApp } from '../../helpers/test-app.ts';

/**
 * Types and helpers of the isolation matrix (endpoint-matrix.test.ts). Areas of the API add their
 * probes as a ProbeSet in ./probes/<area>.ts; the matrix picks every such file up.
 */

export const ROLES = ['super_admin', 'tenant_admin', 'org_admin', 'org_member', 'user', 'anonymous'] as const;
export type MatrixRole = (typeof ROLES)[number];

/** What a probe aims at. Ids per path parameter, and the strings whose appearance would be a leak. */
export type ScopeName = 'foreignTenant' | 'foreignOrg' | 'ownOrgForeignUser' | 'ownOrgOtherOrgUser' | 'none';

export interface ScopeData {
  ids: Record<string, string>;
  markers: string[];
}

/** How a role relates to a scope: probed (must be refused), sanity (GET must succeed), or skipped. */
export type Treatment = 'probe' | 'sanity' | 'skip';

export const TREATMENT: Record<Exclude<ScopeName, 'none'>, Partial<Record<MatrixRole, Treatment>>> = {
  foreignTenant: { super_admin: 'sanity' },
  foreignOrg: { super_admin: 'sanity', tenant_admin: 'sanity' },
  ownOrgForeignUser: { super_admin: 'skip' },
  ownOrgOtherOrgUser: { super_admin: 'skip', tenant_admin: 'skip' },
};

export interface Env {
  a: TenantFixture;
  b: TenantFixture;
  tag: string;
  scopes: Record<Exclude<ScopeName, 'none'>, ScopeData>;
  tokens: { bPendingInvitation: string; bRevokedInvitation: string; bDisabledJoinToken: string };
}

/**
 * One probe template. `scope` fills the path parameters; `body`/`query` are built from the scope's
 * ids (valid bodies, so the probe tests authorization, not validation); `expect` is what a
 * non-exempt role must get:
 *  - 'denied': 401 (anonymous) or 403/404 (others);
 *  - 'token': a foreign or dead secret: 400/401/403/404/409/410;
 *  - 'noLeak': any status below 500 (collections and public endpoints), checked for leaks only;
 *  - number[]: exactly one of these statuses.
 */
export interface ProbeTemplate {
  label: string;
  scope: ScopeName;
  body?: (ids: Record<string, string>, env: Env) => unknown;
  query?: (ids: Record<string, string>, env: Env) => Record<string, string>;
  expect: 'denied' | 'token' | 'noLeak' | number[];
  /** Roles for which this template does not apply (e.g. legitimate callers of a self-service call). */
  exempt?: MatrixRole[];
}

export const denied = (scope: ScopeName, extra: Partial<ProbeTemplate> = {}): ProbeTemplate => ({ label: scope, scope, expect: 'denied', ...extra });
export const collection = (label: string, query: ProbeTemplate['query']): ProbeTemplate => ({ label, scope: 'foreignTenant', query, expect: 'noLeak' });


/** The part of the matrix environment a probe set's seed receives. */
export interface SeedContext {
  t: TestApp;
  a: TenantFixture;
  b: TenantFixture;
}

/**
 * Probes for one area of the API. `seed` creates the foreign data its probes aim at (tenant B's, and
 * tenant A's other organization's) with the owner connection and returns, per scope, the extra path
 * ids and the markers whose appearance in a response would be a leak. Fixture cleanup (tenant
 * deletion) removes what it made, through the foreign keys' cascades.
 */
export interface ProbeSet {
  probes: Record<string, ProbeTemplate[]>;
  seed?(ctx: SeedContext): Promise<Partial<Record<Exclude<ScopeName, 'none'>, ScopeData>>>;
}
