import fs from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs before the OpenAPI validator, whose multer streams multipart files to UPLOAD_DIR:
 *  - the caller of a multipart request is authenticated first, so an anonymous client cannot make
 *    us write a byte to disk (the spec-driven authentication runs only after the validator);
 *  - whatever file a request leaves in UPLOAD_DIR is deleted when the response ends. An accepted
 *    upload has been moved under its job's id by then, so only refused files are removed.
 */
export function uploadGuard(authenticate: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next();
    res.on('close', () => {
      for (const file of (req.files as Express.Multer.File[] | undefined) ?? []) {
        if (file.path) fs.promises.unlink(file.path).catch(() => undefined);
      }
    });
    authenticate(req, res, next);
  };
}
