import type { components } from '../../openapi/generated/schema.d.ts';
import { MockRaw, type MockRoutes } from './mock-api.ts';

/**
 * Fixtures of <dr-org-admin-panel>'s stories, typed with the spec's schemas: an organization with
 * its admin and members, invitations in every status, an active join token, webhooks with a
 * delivery log, API keys (one revoked) and the tenant's embed origins. `orgAdminRoutes()` answers
 * every call the panel makes from them; stories override single routes.
 */

type Me = components['schemas']['Me'];
type Role = components['schemas']['Role'];
type User = components['schemas']['User'];
type Organization = components['schemas']['Organization'];
type Invitation = components['schemas']['Invitation'];
type JoinTokenStatus = components['schemas']['JoinTokenStatus'];
type Webhook = components['schemas']['Webhook'];
type WebhookDelivery = components['schemas']['WebhookDelivery'];
type ApiKey = components['schemas']['ApiKey'];

const TENANT = { id: '6f1d3c2a-1b2c-4d5e-8f90-0a1b2c3d4e5f', name: 'Northwind Bank', slug: 'northwind' };
export const ADMIN_ORG_ID = '7a2e4d3b-2c3d-4e5f-9a01-1b2c3d4e5f60';
const CREATED = '2025-01-06T08:00:00.000Z';
const NOW = '2025-03-14T09:30:00.000Z';

function id(n: number): string {
  return `4d0a11e0-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * The actions of the API's permission matrix (api/src/modules/access/permissions.ts) that the panel
 * looks at, per role, as GET /v1/me lists them.
 */
const PERMISSIONS: Partial<Record<Role, Me['permissions']>> = {
  org_admin: [
    ['members.read', 'organization'],
    ['members.invite', 'organization'],
    ['members.remove', 'organization'],
    ['members.change_role', 'organization'],
    ['join_token.manage', 'organization'],
    ['webhooks.manage', 'organization'],
    ['api_keys.manage', 'organization'],
    ['tenant.embed_origins.read', 'tenant'],
  ].map(([action, scope]) => ({ action, scope }) as Me['permissions'][number]),
  org_member: [{ action: 'members.read', scope: 'organization' }],
  tenant_admin: [
    'members.read',
    'members.invite',
    'members.remove',
    'members.change_role',
    'join_token.manage',
    'webhooks.manage',
    'api_keys.manage',
    'tenant.embed_origins.read',
    'tenant.embed_origins.manage',
  ].map((action) => ({ action, scope: 'tenant' }) as const),
};

function user(n: number, name: string, email: string, role: Role, lastLoginAt: string | null = NOW): User {
  return { id: id(n), email, displayName: name, role, tenantId: TENANT.id, organizationId: ADMIN_ORG_ID, isActive: true, lastLoginAt, createdAt: CREATED };
}

export const MEMBERS: User[] = [
  user(1, 'Amara Okafor', 'amara.okafor@northwind.test', 'org_admin'),
  user(2, 'Bruno Lindqvist', 'bruno.lindqvist@northwind.test', 'org_member', '2025-03-12T15:04:00.000Z'),
  user(3, 'Chen Wei', 'chen.wei@northwind.test', 'org_admin', '2025-02-27T10:41:00.000Z'),
  user(4, 'Dolores Ibáñez', 'dolores.ibanez@northwind.test', 'org_member', null),
];
const ADMIN = MEMBERS[0];
const MEMBER = MEMBERS[1];

export function organization(overrides: Partial<Organization> = {}): Organization {
  return {
    id: ADMIN_ORG_ID,
    tenantId: TENANT.id,
    name: 'Credit Risk — Corporate Lending',
    memberCap: 25,
    memberCount: MEMBERS.length,
    allowGlobalData: true,
    alertPdChangeThreshold: 0.05,
    emailAllowList: ['@northwind.test'],
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/** GET /v1/me for a user of the organization with this role. */
export function meAs(role: 'org_admin' | 'org_member' | 'tenant_admin', person: User = role === 'org_member' ? MEMBER : ADMIN): Me {
  const org = organization();
  const isOrgUser = role !== 'tenant_admin';
  return {
    user: { ...person, role, organizationId: isOrgUser ? org.id : null },
    role,
    tenant: TENANT,
    organization: isOrgUser ? { id: org.id, name: org.name } : null,
    permissions: PERMISSIONS[role] ?? [],
  };
}

function invitation(n: number, email: string, status: Invitation['status'], overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: id(100 + n),
    organizationId: ADMIN_ORG_ID,
    email,
    role: 'org_member',
    status,
    expiresAt: '2025-03-17T09:30:00.000Z',
    invitedBy: ADMIN.id,
    acceptedAt: status === 'accepted' ? '2025-03-10T11:00:00.000Z' : null,
    acceptedBy: status === 'accepted' ? id(4) : null,
    revokedAt: status === 'revoked' ? '2025-03-09T08:15:00.000Z' : null,
    createdAt: '2025-03-07T09:30:00.000Z',
    ...overrides,
  };
}

export const INVITATIONS: Invitation[] = [
  invitation(1, 'new.analyst@northwind.test', 'pending'),
  invitation(2, 'portfolio.lead@northwind.test', 'pending', { role: 'org_admin' }),
  invitation(3, 'dolores.ibanez@northwind.test', 'accepted'),
  invitation(4, 'wrong.address@northwind.test', 'revoked'),
  invitation(5, 'summer.intern@northwind.test', 'expired', { expiresAt: '2025-02-01T09:30:00.000Z' }),
];

export const ACTIVE_JOIN_TOKEN: JoinTokenStatus = { enabled: true, expired: false, createdAt: '2025-03-01T09:00:00.000Z', expiresAt: '2025-03-15T09:00:00.000Z' };
export const NO_JOIN_TOKEN: JoinTokenStatus = { enabled: false, expired: false, createdAt: null, expiresAt: null };

function webhook(n: number, url: string, events: Webhook['events'], isActive = true): Webhook {
  return { id: id(200 + n), organizationId: ADMIN_ORG_ID, url, events, isActive, createdBy: ADMIN.id, createdAt: CREATED, updatedAt: CREATED };
}

export const WEBHOOKS: Webhook[] = [
  webhook(1, 'https://hooks.northwind.test/defaultrate', ['alert.created', 'prediction.band_changed']),
  webhook(2, 'https://risk-dashboard.northwind.test/api/score-jobs', ['score_job.completed'], false),
];

export const DELIVERIES: WebhookDelivery[] = [
  { id: '3', webhookId: WEBHOOKS[0].id, event: 'alert.created', eventId: id(301), status: 'pending', attempts: 2, lastStatusCode: 503, lastError: 'HTTP 503', nextAttemptAt: '2025-03-14T09:31:20.000Z', createdAt: '2025-03-14T09:29:40.000Z', deliveredAt: null },
  { id: '2', webhookId: WEBHOOKS[0].id, event: 'prediction.band_changed', eventId: id(302), status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, createdAt: '2025-03-13T16:02:00.000Z', deliveredAt: '2025-03-13T16:02:01.000Z' },
  { id: '1', webhookId: WEBHOOKS[0].id, event: 'alert.created', eventId: id(303), status: 'failed', attempts: 8, lastStatusCode: null, lastError: 'timed out after 5000 ms', nextAttemptAt: null, createdAt: '2025-03-10T07:45:00.000Z', deliveredAt: null },
];

function apiKey(n: number, name: string, prefix: string, overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: id(400 + n),
    name,
    prefix,
    tenantId: TENANT.id,
    organizationId: ADMIN_ORG_ID,
    scopes: ['embed_tokens:create', 'embed_tokens:revoke'],
    createdBy: ADMIN.id,
    createdAt: CREATED,
    lastUsedAt: NOW,
    revokedAt: null,
    ...overrides,
  };
}

export const API_KEYS: ApiKey[] = [
  apiKey(1, 'Intranet portal backend', '3f9a1c7e'),
  apiKey(2, 'Relationship manager app', 'a17c44d0', { scopes: ['embed_tokens:create'], lastUsedAt: null }),
  apiKey(3, 'Old portal (decommissioned)', '0be3f512', { revokedAt: '2025-02-20T12:00:00.000Z', lastUsedAt: '2025-02-19T17:22:00.000Z' }),
];

export const EMBED_ORIGINS = ['https://portal.northwind.example', 'https://intranet.northwind.example:8443'];

/** Data with very long names, to show wrapping in narrow hosts. */
export const LONG = {
  organization: organization({ name: 'Vereinigte Norddeutsche Kreditrisikosteuerung für Firmenkunden, Projektfinanzierungen und strukturierte Handelsfinanzierung' }),
  members: [
    ADMIN,
    user(5, 'Maximiliane Alexandra Henriette von und zu Schwarzenberg-Lichtenstein', 'maximiliane.alexandra.henriette.von-und-zu.schwarzenberg-lichtenstein@credit-risk-division.northwind-bank.test', 'org_member'),
  ],
  webhooks: [webhook(3, 'https://integration-gateway.internal-services.northwind-bank.test/webhooks/defaultrate/v2/corporate-lending/risk-events?source=defaultrate&format=json', ['score_job.completed', 'prediction.band_changed', 'alert.created'])],
  apiKeys: [apiKey(4, 'Backend of the corporate banking relationship-manager workstation (production, EU region)', '9d2e7b11')],
  origins: ['https://corporate-banking-relationship-manager-workstation.northwind-bank.example:8443'],
};

/** An answer without a body (the API's 204), for DELETEs. */
export function noContent(): MockRaw {
  return new MockRaw(() => new Response(null, { status: 204 }));
}

function pageOf<T>(items: T[]): { items: T[]; nextCursor: string | null } {
  return { items, nextCursor: null };
}

/** Every route the panel calls, answered for an org admin of a populated organization. */
export function orgAdminRoutes(): MockRoutes {
  return {
    'GET /v1/me': meAs('org_admin'),
    'GET /v1/organizations/{organizationId}': organization(),
    'GET /v1/organizations/{organizationId}/members': pageOf(MEMBERS),
    'PATCH /v1/organizations/{organizationId}/members/{userId}': async ({ params, request }) => {
      const { role } = (await request.clone().json()) as { role: User['role'] };
      const member = MEMBERS.find((m) => m.id === params.userId) ?? MEMBER;
      return { ...member, role };
    },
    'DELETE /v1/organizations/{organizationId}/members/{userId}': noContent(),
    'GET /v1/organizations/{organizationId}/invitations': ({ url }) => {
      const status = url.searchParams.get('status');
      return pageOf(INVITATIONS.filter((i) => !status || i.status === status));
    },
    'POST /v1/organizations/{organizationId}/invitations': async ({ request }) => {
      const body = (await request.clone().json()) as { email: string; role: Invitation['role'] };
      return invitation(9, body.email, 'pending', { role: body.role, createdAt: NOW });
    },
    'DELETE /v1/organizations/{organizationId}/invitations/{invitationId}': noContent(),
    'GET /v1/organizations/{organizationId}/join-token': ACTIVE_JOIN_TOKEN,
    'POST /v1/organizations/{organizationId}/join-token': { token: 'join_Q2x7-kS0mEXAMPLEt0kenF0rSt0ryb00k_4tZ', createdAt: NOW, expiresAt: '2025-03-28T09:30:00.000Z' },
    'DELETE /v1/organizations/{organizationId}/join-token': noContent(),
    'GET /v1/organizations/{organizationId}/webhooks': pageOf(WEBHOOKS),
    'GET /v1/organizations/{organizationId}/webhooks/{webhookId}/deliveries': ({ params }) => pageOf(DELIVERIES.filter((d) => d.webhookId === params.webhookId)),
    'POST /v1/organizations/{organizationId}/webhooks': { ...WEBHOOKS[0], id: id(299), secret: 'whsec_3n9Yb2EXAMPLEsecretForTheStorybookOnly0xyz1' },
    'POST /v1/organizations/{organizationId}/webhooks/{webhookId}/secret': { ...WEBHOOKS[0], secret: 'whsec_r0tat3dEXAMPLEsecretForTheStorybook00abc123' },
    'DELETE /v1/organizations/{organizationId}/webhooks/{webhookId}': noContent(),
    'GET /v1/api-keys': pageOf(API_KEYS),
    'POST /v1/api-keys': { apiKey: API_KEYS[0], key: 'drk_3f9a1c7e_EXAMPLEkeyForTheStorybookOnlyNotARealKey000' },
    'DELETE /v1/api-keys/{apiKeyId}': noContent(),
    'GET /v1/tenants/{tenantId}/embed-origins': { origins: EMBED_ORIGINS },
  };
}
