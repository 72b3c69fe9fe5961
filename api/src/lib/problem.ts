/**
 * RFC 9457 problem details: the one error shape of the API. Services throw subclasses made by
 * `defineProblem`; the problem handler renders them as `application/problem+json`.
 */

/** A field pointer for validation problems, e.g. `{ pointer: '/body/email', detail: 'must be an email' }`. */
export interface FieldError {
  pointer: string;
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Base class of every error that should reach the client as a problem document. */
export class Problem extends Error {
  readonly slug: string;
  readonly status: number;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(slug: string, status: number, title: string, detail: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.slug = slug;
    this.status = status;
    this.title = title;
    this.extensions = extensions;
    this.headers = headers;
  }

  get type(): string {
    return `/problems/${this.slug}`;
  }

  toBody(instance?: string): ProblemBody {
    return { type: this.type, title: this.title, status: this.status, detail: this.message, ...(instance ? { instance } : {}), ...this.extensions };
  }
}

/** The slugs the API may answer with; documented in openapi/components/schemas/Problem.yaml. */
export const PROBLEM_SLUGS = [
  'validation-failed',
  'unauthenticated',
  'token-expired',
  'token-invalid',
  'forbidden',
  'not-found',
  'conflict',
  'rate-limited',
  'method-not-allowed',
  'unsupported-media-type',
  'payload-too-large',
  'invalid-credentials',
  'refresh-token-reused',
  'invitation-invalid',
  'join-token-invalid',
  'member-cap-reached',
  'email-not-allowed',
  'statement-invalid',
  'upload-invalid',
  'job-not-cancellable',
  'embed-token-expired',
  'embed-token-revoked',
  'results-expired',
  'service-unavailable',
  'internal-error',
] as const;
export type ProblemSlug = (typeof PROBLEM_SLUGS)[number];

type ProblemClass = new (detail?: string, extensions?: Record<string, unknown>, headers?: Record<string, string>) => Problem;

/** Makes a Problem subclass with a fixed slug, status and title; `detail` defaults to the title. */
export function defineProblem(slug: ProblemSlug, status: number, title: string): ProblemClass {
  return class extends Problem {
    constructor(detail: string = title, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      super(slug, status, title, detail, extensions, headers);
    }
  };
}

export const ValidationFailed = defineProblem('validation-failed', 400, 'Request validation failed');
export const Unauthenticated = defineProblem('unauthenticated', 401, 'Authentication required');
export const TokenExpired = defineProblem('token-expired', 401, 'Token expired');
export const TokenInvalid = defineProblem('token-invalid', 401, 'Token invalid');
export const Forbidden = defineProblem('forbidden', 403, 'Forbidden');
export const NotFound = defineProblem('not-found', 404, 'Not found');
export const Conflict = defineProblem('conflict', 409, 'Conflict');
export const RateLimited = defineProblem('rate-limited', 429, 'Too many requests');
/** A financial statement that is well-formed JSON but not a plausible statement (each field problem listed). */
export const StatementInvalid = defineProblem('statement-invalid', 422, 'Statement is not valid');
/** A bulk-scoring upload that cannot be processed as a whole (encoding, delimiter, columns, size, rows). */
export const UploadInvalid = defineProblem('upload-invalid', 422, 'Upload cannot be processed');
/** Something that existed but was deleted on purpose (e.g. an upload past its retention), as opposed to never existing. */
export const ResultsExpired = defineProblem('results-expired', 410, 'Results no longer available');
export const ServiceUnavailable = defineProblem('service-unavailable', 503, 'Service unavailable');
export const InternalError = defineProblem('internal-error', 500, 'Internal server error');

/** Shorthand for a single-field validation problem. */
export function fieldProblem(pointer: string, detail: string): Problem {
  return new ValidationFailed(detail, { errors: [{ pointer, detail }] });
}
