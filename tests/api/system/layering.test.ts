import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../api/src/config.ts';

/**
 * The layering rules of api/eslint.config.js are live: a file that breaks them is reported. (npm test
 * lints the real sources; this proves the rules would catch a violation rather than pass vacuously.)
 */
const apiDir = path.join(REPO_ROOT, 'api');
const eslint = new ESLint({ cwd: apiDir });

async function messagesFor(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(apiDir, relativePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('API layering lint', () => {
  it('refuses data access from routes', async () => {
    expect(await messagesFor('src/http/routes/probe.routes.ts', "import { createAppKnex } from '../../db/knex.ts';\nexport const x = createAppKnex;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports.*data access belongs to repositories/),
    ]);
    expect(await messagesFor('src/http/routes/probe.routes.ts', "import { findPrincipal } from '../../modules/auth/auth.repository.ts';\nexport const x = findPrincipal;\n")).toHaveLength(1);
  });

  it('refuses HTTP in services, services in repositories, model internals anywhere, and process.env outside config', async () => {
    expect(await messagesFor('src/modules/probe/probe.service.ts', "import { Router } from 'express';\nexport const x = Router;\n")).toHaveLength(1);
    expect(await messagesFor('src/modules/probe/probe.repository.ts', "import { getUser } from '../users/users.service.ts';\nexport const x = getUser;\n")).toHaveLength(1);
    expect(await messagesFor('src/modules/probe/probe.service.ts', "import { FEATURES } from '../../../../model/src/features/ratios.ts';\nexport const x = FEATURES;\n")).toHaveLength(1);
    expect(await messagesFor('src/modules/probe/probe.service.ts', 'export const port = process.env.PORT;\n')).toEqual([expect.stringMatching(/no-restricted-properties/)]);
  });

  it('lets type-only imports and the allowed direction through', async () => {
    expect(await messagesFor('src/modules/probe/probe.service.ts', "import type { Knex } from 'knex';\nimport { findUserById } from '../users/users.repository.ts';\nexport type K = Knex;\nexport const x = findUserById;\n")).toEqual([]);
  });
});
