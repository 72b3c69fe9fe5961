import { pino, type DestinationStream, type Logger } from 'pino';

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
  '*.newPassword',
  '*.currentPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

/** Creates the structured JSON logger (on stdout unless a destination is given, e.g. a test's in-memory stream). */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'defaultrate', ...base }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
