import type { Response } from 'express';
import type { components, operations } from '../../../openapi/generated/schema.d.ts';

/**
 * Wire types of the API, derived from the generated spec types (openapi/generated/schema.d.ts, made
 * by `npm test` from the spec). Route handlers type what they read and send with these, so a
 * service whose output drifts from the spec fails the type check, not only the response validator.
 */
export type OperationId = keyof operations;

/** A named schema of the spec (components.schemas). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The JSON request body of an operation. */
export type JsonBody<Op extends OperationId> = operations[Op] extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body | undefined
    : never;

/** The query parameters of an operation, after the validator's coercion. */
export type QueryParams<Op extends OperationId> = operations[Op]['parameters'] extends { query?: infer Query } ? NonNullable<Query> : never;

type Responses<Op extends OperationId> = operations[Op]['responses'];

/** The JSON body of an operation's response with `status`. */
export type JsonResponseBody<Op extends OperationId, Status extends keyof Responses<Op>> = Responses<Op>[Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

/** An Express response whose `json()` accepts only the body the spec gives `status` of `Op`. */
export type JsonResponse<Op extends OperationId, Status extends keyof Responses<Op> = 200 extends keyof Responses<Op> ? 200 : never> = Response<
  JsonResponseBody<Op, Status>
>;
