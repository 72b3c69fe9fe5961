import type { components } from '../../../../openapi/generated/schema.d.ts';
import type { ApiKeyRow } from './api-keys.repository.ts';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The public shape of an API key (schema ApiKey): never its secret or hash. */
export function toApiKeyView(row: ApiKeyRow): components['schemas']['ApiKey'] {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    tenantId: row.tenantId,
    organizationId: row.organizationId,
    scopes: row.scopes,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}
