import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { NotFoundError, UniqueViolationError, ForeignKeyViolationError, CheckViolationError, DataError } from 'objection';
import { Conflict, InternalError, NotFound, Problem, ValidationFailed, defineProblem, type FieldError } from '../../lib/problem.ts';

const MethodNotAllowed = defineProblem('method-not-allowed', 405, 'Method not allowed');
const UnsupportedMediaType = defineProblem('unsupported-media-type', 415, 'Unsupported media type');
const PayloadTooLarge = defineProblem('payload-too-large', 413, 'Payload too large');

interface ValidatorError {
  status: number;
  message: string;
  errors?: { path?: string; message?: string }[];
}

/** express-openapi-validator paths look like `/body/email` or `.body.email`; normalise to JSON pointers. */
function pointerOf(path: string | undefined): string {
  if (!path) return '';
  return path.startsWith('/') ? path : `/${path.replace(/^\./, '').replace(/\./g, '/')}`;
}

function isValidatorError(error: unknown): error is ValidatorError {
  const e = error as { status?: unknown; errors?: unknown };
  return typeof e?.status === 'number' && Array.isArray(e.errors);
}

/** Maps anything thrown in a request to one RFC 9457 problem. Nothing internal leaks out. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (isValidatorError(error)) {
    const errors: FieldError[] = (error.errors ?? []).map((e) => ({ pointer: pointerOf(e.path), detail: e.message ?? 'is invalid' }));
    const detail = errors.map((e) => `${e.pointer} ${e.detail}`).join('; ') || error.message;
    switch (error.status) {
      case 404:
        return new NotFound('No such resource.');
      case 405:
        return new MethodNotAllowed('This method is not allowed on this resource.');
      case 413:
        return new PayloadTooLarge(error.message);
      case 415:
        return new UnsupportedMediaType(`${error.message}. Send the media type the operation documents: application/json, or multipart/form-data for file uploads.`);
      default:
        // 400, and 401/403 from the validator's security check (unused: authentication is our middleware).
        return new ValidationFailed(detail, { errors });
    }
  }
  const e = error as { type?: string; status?: number; code?: string };
  if (e?.type === 'entity.parse.failed') return new ValidationFailed('The request body is not valid JSON.', { errors: [{ pointer: '/body', detail: 'is not valid JSON' }] });
  if (e?.type === 'entity.too.large') return new PayloadTooLarge('The request body is too large.');
  if (error instanceof NotFoundError) return new NotFound('No such resource.');
  if (error instanceof UniqueViolationError) return new Conflict('A resource with the same unique value already exists.', { columns: error.columns });
  if (error instanceof ForeignKeyViolationError) return new ValidationFailed('A referenced resource does not exist.');
  if (error instanceof CheckViolationError) return new ValidationFailed('The change breaks a data rule (for example a role that does not fit the user\'s place).');
  if (error instanceof DataError) return new ValidationFailed('A value has the wrong format.');
  // 42501: row-level security or our membership trigger refused the write.
  if (e?.code === '42501') return new NotFound('No such resource.');
  if (e?.code === '22P02') return new NotFound('No such resource.');
  return new InternalError('Something went wrong on our side. Quote the request id when reporting it.');
}

/** The single error middleware of the API. */
export function problemHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      logger.error({ reqId: req.id, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'request failed');
    } else {
      logger.debug({ reqId: req.id, type: problem.type }, 'problem');
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify({ ...problem.toBody(req.originalUrl.split('?')[0]), requestId: req.id }));
  };
}
