import { pino, type Logger } from 'pino';

/**
 * Paths pino must never print. Tokens, passwords and keys can reach a log through request
 * bodies, headers or error objects; redaction is the last line of defence, not the first.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'password',
  'newPassword',
  'currentPassword',
  'refreshToken',
  'accessToken',
  'token',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

/** Creates the structured JSON logger. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'defaultrate', ...base }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
export type { Logger };
