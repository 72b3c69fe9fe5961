import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, REPO_ROOT } from '../../../api/src/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults when the environment is empty', () => {
    const config = loadConfig({}, {});
    expect(config.DATABASE_URL).toBe('postgres://127.0.0.1:5432/defaultrate');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.NODE_ENV).toBe('development');
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(900);
    expect(config.DATABASE_APP_ROLE).toBe('defaultrate_app');
    // Keys live outside the repository.
    expect(path.resolve(config.KEYS_DIR).startsWith(REPO_ROOT + path.sep)).toBe(false);
  });

  it('returns a frozen object with coerced types', () => {
    const config = loadConfig({ PORT: '8080', RUN_WORKER: 'false', LOGIN_MAX_PER_IP: '7' }, {});
    expect(config.PORT).toBe(8080);
    expect(config.RUN_WORKER).toBe(false);
    expect(config.LOGIN_MAX_PER_IP).toBe(7);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('prefers overrides to the environment and treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '4000' }, { PORT: '5000', REDIS_URL: '' });
    expect(config.PORT).toBe(4000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('lists every bad variable in one error', () => {
    const env = {
      PORT: 'not-a-port',
      DATABASE_URL: 'not a url',
      REDIS_URL: 'also bad',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      RUN_WORKER: 'maybe',
      DATABASE_APP_ROLE: 'Robert"); DROP',
    };
    let error: unknown;
    try {
      loadConfig({}, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of Object.keys(env)) expect(message).toContain(key);
    // Only the bad ones are named.
    expect(message).not.toContain('JWT_ISSUER');
  });

  it('refuses an access-token lifetime above 15 minutes', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '901' }, {})).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
  });
});

describe('describeConfig', () => {
  it('describes every key', () => {
    for (const [key, description] of Object.entries(describeConfig())) expect(description, key).not.toBe('');
  });
});

describe('.env.example', () => {
  it('documents every configuration key, and no unknown ones', () => {
    const file = path.join(REPO_ROOT, '.env.example');
    expect(fs.existsSync(file), '.env.example at the repository root').toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    // Keys appear as `KEY=value` or, for optional ones, commented out as `# KEY=`.
    const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const keys = Object.keys(describeConfig());
    expect(keys.filter((k) => !documented.has(k)), 'keys missing from .env.example').toEqual([]);
    expect([...documented].filter((k) => !keys.includes(k!)), 'keys in .env.example the config does not know').toEqual([]);
  });

  it('holds no secret values', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');
    expect(text).not.toMatch(/BEGIN (RSA |EC )?PRIVATE KEY/);
    expect(text).not.toMatch(/^DATABASE_APP_PASSWORD=\S+/m);
  });
});
