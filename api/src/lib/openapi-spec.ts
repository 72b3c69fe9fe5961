import fs from 'node:fs';
import path from 'node:path';

/** The bundled OpenAPI document (openapi/generated/openapi.json, made by `redocly bundle`). */
export function loadOpenApiSpec(repoRoot: string): Record<string, unknown> {
  const file = path.join(repoRoot, 'openapi/generated/openapi.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
