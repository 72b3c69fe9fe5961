import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';

/** Absolute path of the repository root (api/src/config.ts → ../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * The one schema for the process environment. Each key carries its documentation in `.describe()`;
 * `.env.example` lists the same keys. Parsed once at boot; nothing else reads `process.env`.
 */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode; "production" disables demo seeding'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of the API'),
  HOST: z.string().default('0.0.0.0').describe('Interface the API binds to'),
  DATABASE_URL: z.url().default('postgres://127.0.0.1:5432/defaultrate').describe('Owner connection: creates the database, runs migrations'),
  DATABASE_APP_ROLE: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('defaultrate_app').describe('Login role the API uses at run time; it does not bypass row-level security'),
  DATABASE_APP_PASSWORD: z.string().optional().describe('Password of DATABASE_APP_ROLE (not needed with trust auth)'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10).describe('Maximum connections in the API pool'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379').describe('Redis for Bull queues and rate limits'),
  REDIS_PREFIX: z.string().default('dr').describe('Key prefix in Redis, so several instances can share one server'),
  KEYS_DIR: z.string().default(path.join(os.homedir(), '.defaultrate', 'keys')).describe('Folder outside the repository holding the RS256 signing keys (created on first start, mode 0700)'),
  JWT_ISSUER: z.string().default('defaultrate').describe('iss claim of issued tokens'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900).describe('Access-token lifetime (at most 15 minutes)'),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).default(30 * 24 * 3600).describe('Refresh-token lifetime'),
  LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(20).describe('Login attempts per IP per window'),
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5).describe('Failed login attempts per account per window'),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900).describe('Rate-limit window for logins'),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).default(72).describe('Lifetime of an invitation'),
  JOIN_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).default(24 * 14).describe('Default lifetime of an organization join token'),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000').describe('Base URL used in links written to outgoing email'),
  DEMO_PASSWORD: z.string().min(8).default('DefaultRate-demo-2026').describe('Password of the seeded demo users (not in production)'),
  DEMO_HOST_PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe('Port of the demo host (the Northwind Bank intranet that embeds the widgets from its own origin), started by npm start'),
  PLATFORM_EMBED_ORIGINS: z
    .string()
    .default('')
    .refine((list) => splitOrigins(list).every(isBareOrigin), 'must be a comma-separated list of origins such as https://ops.defaultrate.example')
    .describe("Comma-separated origins where super admins may embed the admin panels (they belong to no tenant's allow-list); the demo host's origins are added while it runs"),
  DEMO_HOST_ENABLED: booleanFromString.optional().describe('Start the demo host with npm start (default: yes, except in production)'),
  DEFAULTRATE_DATA_DIR: z.string().default(path.resolve(REPO_ROOT, '../shared/data')).describe('Training data folder for the model'),
  MODEL_PATH: z.string().optional().describe('Default-model artifact to score with (default: the committed model/artifacts/default-model-v1.json)'),
  UPLOAD_DIR: z.string().default(path.join(os.homedir(), '.defaultrate', 'uploads')).describe('Folder where bulk-scoring uploads are streamed to (shared by API and workers)'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).default(512 * 1024 * 1024).describe('Largest accepted bulk-scoring file'),
  UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).default(30).describe('Days an uploaded bulk-scoring file is kept after its job ends (its results download needs it)'),
  UPLOAD_MAX_ROWS: z.coerce.number().int().min(1).default(2_000_000).describe('Most data rows accepted in one bulk-scoring file'),
  SCORE_JOB_CHUNK_ROWS: z.coerce.number().int().min(1).max(100_000).default(5000).describe('Rows a bulk-scoring worker scores and writes per transaction'),
  SCORE_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1).describe('Bulk-scoring jobs one worker process runs at once'),
  SCORE_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000).describe('How long a bulk-scoring worker holds a job without renewing its lock; after that a crashed worker\'s job is taken over'),
  SCORE_JOB_STALLED_CHECK_MS: z.coerce.number().int().min(200).default(30_000).describe('How often workers look for bulk-scoring jobs whose worker died (Bull stalledInterval)'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000).describe('Timeout of one webhook delivery attempt'),
  WEBHOOK_DELIVERY: booleanFromString.default(true).describe('Workers drain the webhook outbox (off in the test suite, where tests drive deliveries themselves)'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8).describe('Delivery attempts before a webhook delivery is marked failed'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  RUN_WORKER: booleanFromString.default(true).describe('Run the Bull worker inside the API process'),
  TRUST_PROXY: booleanFromString.default(false).describe('Trust X-Forwarded-For (behind a reverse proxy)'),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

function splitOrigins(list: string): string[] {
  return list.split(',').map((o) => o.trim()).filter(Boolean);
}

function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href === `${url.origin}/`;
  } catch {
    return false;
  }
}

/** The origins the demo host is served from; browsers may send either. */
export function demoHostOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** Whether npm start serves the demo host (by default everywhere but in production). */
export const isDemoHostEnabled = (config: Config): boolean => config.DEMO_HOST_ENABLED ?? config.NODE_ENV !== 'production';

/** PLATFORM_EMBED_ORIGINS, plus the demo host's origins when it runs (its super admin page embeds a panel). */
export function platformEmbedOrigins(config: Config): string[] {
  const origins = splitOrigins(config.PLATFORM_EMBED_ORIGINS).map((o) => new URL(o).origin);
  if (isDemoHostEnabled(config)) origins.push(...demoHostOrigins(config.DEMO_HOST_PORT));
  return [...new Set(origins)];
}

/** Thrown with every invalid variable listed, so an operator fixes them all at once. */
export class ConfigError extends Error {}

/** Parses the environment (plus overrides, for tests) into a frozen Config. */
export function loadConfig(overrides: Record<string, string | undefined> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const source: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = overrides[key] ?? env[key];
    if (value !== undefined && value !== '') source[key] = value;
  }
  const parsed = ConfigSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

/** Key → description, used to check that .env.example documents every key. */
export function describeConfig(): Record<string, string> {
  return Object.fromEntries(Object.entries(ConfigSchema.shape).map(([k, v]) => [k, v.description ?? '']));
}
