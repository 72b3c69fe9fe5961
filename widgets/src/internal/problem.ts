import type { components } from '../../../openapi/generated/schema.d.ts';

/** The API's error document (RFC 9457 problem+json). */
export type ProblemDocument = components['schemas']['Problem'];

/**
 * An error a widget can show: the API's problem document, or one made up on the client for
 * failures that never reached the API (network down, no provider). Widgets render `title` and
 * `detail` and never let it escape into the host page.
 */
export class DrProblem extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Field-level errors of a validation problem (`pointer` like `/body/statement/totalAssets`). */
  readonly errors: FieldProblem[];
  /** The whole document, with extension members such as `unknownColumns` of an upload problem. */
  readonly document: Readonly<Record<string, unknown>>;

  constructor(problem: Pick<ProblemDocument, 'type' | 'title' | 'status' | 'detail'> & Partial<ProblemDocument>) {
    super(problem.detail);
    this.name = 'DrProblem';
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.document = problem;
  }
}

/** One field-level error of a validation problem. */
export type FieldProblem = NonNullable<ProblemDocument['errors']>[number];

function isProblemDocument(body: unknown): body is ProblemDocument {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.type === 'string' && typeof b.title === 'string' && typeof b.detail === 'string';
}

/** Turns whatever a failed call produced into a DrProblem (the API's own document when there is one). */
export function toProblem(error: unknown, response?: Response): DrProblem {
  if (error instanceof DrProblem) return error;
  if (isProblemDocument(error)) return new DrProblem({ ...error, status: error.status ?? response?.status ?? 0 });
  if (response) {
    return new DrProblem({ type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, detail: `The API answered ${response.status}.` });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DrProblem({ type: '/problems/network-error', title: 'Cannot reach DefaultRate', status: 0, detail });
}

/** True for the rejection of a request that was cancelled on purpose (a newer one replaced it). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The data of a client call, or a DrProblem thrown with the API's problem document. */
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw toProblem(error, response);
  return data as T;
}
