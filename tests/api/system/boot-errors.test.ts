import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../api/src/config.ts';
import { TEST_ENV } from '../../helpers/test-env.ts';

const run = promisify(execFile);
const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-boot-'));

afterAll(() => fs.rmSync(keysDir, { recursive: true, force: true }));

/** Runs a start-up entry point as `npm start` would and returns its exit code and output. */
async function boot(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), NODE_ENV: 'test', KEYS_DIR: keysDir, LOG_LEVEL: 'silent', RUN_WORKER: 'false', ...env },
      timeout: 30_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function expectOneClearLine(result: { code: number; output: string }, mentions: (string | RegExp)[]) {
  expect(result.code).not.toBe(0);
  const lines = result.output.split('\n').filter((l) => l.trim() !== '');
  expect(lines, result.output).toHaveLength(1);
  for (const m of mentions) expect(lines[0]).toMatch(m);
  expect(result.output).not.toMatch(/^\s+at /m);
}

// Each case spawns Node with tsx; under a parallel test run that takes several seconds.
describe('start-up with a dependency down', { timeout: 60_000 }, () => {
  it('names the PostgreSQL URL and how to start it, in one line, and exits non-zero', async () => {
    const url = 'postgres://127.0.0.1:1/x';
    const result = await boot(['api/src/main.ts', '--setup-only'], { DATABASE_URL: url, REDIS_URL: TEST_ENV.REDIS_URL });
    expectOneClearLine(result, [url, /PostgreSQL/, /[Ss]tart/]);
  });

  it('masks a password in the PostgreSQL URL', async () => {
    const result = await boot(['api/src/main.ts', '--setup-only'], { DATABASE_URL: 'postgres://dr:s3cret-pw@127.0.0.1:1/x', REDIS_URL: TEST_ENV.REDIS_URL });
    expectOneClearLine(result, [/127\.0\.0\.1:1/]);
    expect(result.output).not.toContain('s3cret-pw');
  });

  it('names the Redis URL and how to start it during set-up, before touching the database', async () => {
    const url = 'redis://127.0.0.1:1';
    const result = await boot(['api/src/main.ts', '--setup-only'], { DATABASE_URL: 'postgres://127.0.0.1:1/never-touched', REDIS_URL: url });
    expectOneClearLine(result, [url, /Redis/, /[Ss]tart/]);
  });

  it('names the Redis URL when the server itself is started with Redis down', async () => {
    const url = 'redis://127.0.0.1:1';
    const script = "const m = await import('./api/src/server.ts'); m.startServer().catch(m.exitOnBootError);";
    const result = await boot(['--input-type=module', '-e', script], { DATABASE_URL: TEST_ENV.DATABASE_URL, REDIS_URL: url, PORT: '0' });
    expectOneClearLine(result, [url, /Redis/]);
  });

  it('lists every invalid variable and exits non-zero without a stack trace', async () => {
    const result = await boot(['api/src/main.ts', '--setup-only'], { PORT: 'nope', LOG_LEVEL: 'loud' });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/PORT/);
    expect(result.output).toMatch(/LOG_LEVEL/);
    expect(result.output).not.toMatch(/^\s+at /m);
  });
});
