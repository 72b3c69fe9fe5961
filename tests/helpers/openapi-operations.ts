import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../api/src/config.ts';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

/** One operation of the bundled spec, with its $refs resolved. */
export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  path: string;
  isPublic: boolean;
  parameters: SpecParameter[];
  /** The application/json request body schema (resolved), if any. */
  bodySchema: Record<string, unknown> | null;
  bodyExample: unknown;
  bodyRequired: boolean;
  /** True when the body is a multipart/form-data upload rather than JSON. */
  isUpload: boolean;
}

type Json = Record<string, unknown>;

/** The bundled document the app validates against (openapi/generated/openapi.json). */
export function loadBundledSpec(): Json {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'openapi/generated/openapi.json'), 'utf8')) as Json;
}

/** Follows local `$ref`s (`#/components/...`) until a concrete object is reached. */
export function resolveRef<T = Json>(spec: Json, node: unknown): T {
  let current = node as Json | undefined;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = pointer.reduce<unknown>((acc, key) => (acc as Json | undefined)?.[key], spec) as Json | undefined;
  }
  return current as T;
}

/** Resolves every $ref in a schema tree (no cycles in our spec; depth-bounded anyway). */
export function resolveDeep(spec: Json, node: unknown, depth = 0): unknown {
  if (depth > 30 || node === null || typeof node !== 'object') return node;
  const resolved = resolveRef(spec, node);
  if (Array.isArray(resolved)) return resolved.map((n) => resolveDeep(spec, n, depth + 1));
  return Object.fromEntries(Object.entries(resolved as Json).map(([k, v]) => [k, resolveDeep(spec, v, depth + 1)]));
}

/** Every operation of the spec, in document order. */
export function listOperations(spec: Json = loadBundledSpec()): SpecOperation[] {
  const globalSecurity = spec.security as unknown[] | undefined;
  const operations: SpecOperation[] = [];
  for (const [route, rawItem] of Object.entries(spec.paths as Json)) {
    const item = resolveRef<Json>(spec, rawItem);
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => resolveDeep(spec, p) as SpecParameter);
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = ((op.parameters as unknown[]) ?? []).map((p) => resolveDeep(spec, p) as SpecParameter);
      const byKey = new Map([...shared, ...own].map((p) => [`${p.in}:${p.name}`, p]));
      const security = (op.security as unknown[] | undefined) ?? globalSecurity ?? [];
      const requestBody = op.requestBody ? resolveRef<Json>(spec, op.requestBody) : null;
      const media = (requestBody?.content as Json | undefined)?.['application/json'] as Json | undefined;
      operations.push({
        operationId: String(op.operationId),
        method,
        path: route,
        isPublic: Array.isArray(security) && security.length === 0,
        parameters: [...byKey.values()],
        bodySchema: media?.schema ? (resolveDeep(spec, media.schema) as Json) : null,
        bodyExample: media?.example ?? Object.values((media?.examples as Record<string, { value?: unknown }>) ?? {})[0]?.value,
        bodyRequired: Boolean(requestBody?.required),
        isUpload: Boolean((requestBody?.content as Json | undefined)?.['multipart/form-data']),
      });
    }
  }
  return operations;
}

/** Fills `{param}` placeholders of an OpenAPI path. Throws when a value is missing. */
export function fillPath(route: string, values: Record<string, string | undefined>): string {
  return route.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter {${name}} of ${route}`);
    return encodeURIComponent(value);
  });
}

/** Names of the path parameters of a route, in order. */
export function pathParams(route: string): string[] {
  return [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}
