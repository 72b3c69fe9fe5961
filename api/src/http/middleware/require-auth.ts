import type { NextFunction, Request, RequestHandler, Response } from 'express';

interface OpenApiOperation {
  security?: Record<string, string[]>[];
}

/**
 * Authenticates exactly the operations whose spec asks for it: `security: []` marks a public
 * operation, anything else inherits the global bearer requirement. The spec, not the route file,
 * decides — so a new route cannot be public by forgetting a middleware.
 */
export function requireAuthFromSpec(authenticate: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const operation = (req as Request & { openapi?: { schema?: OpenApiOperation } }).openapi?.schema;
    const isPublic = Array.isArray(operation?.security) && operation.security.length === 0;
    if (isPublic) return next();
    authenticate(req, res, next);
  };
}
