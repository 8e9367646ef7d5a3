import type { NextFunction, Request, Response } from 'express';
import { CommandError } from '../commands/command-error.js';

/** An API failure with an HTTP status and a stable code; the message says what to change. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Answers unknown API paths with a JSON 404. */
export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'not_found', `no API route ${req.method} ${req.originalUrl}: see GET /api/health`));
}

/** Turns any thrown error into `{ "error": { "code", "message" } }` with its status. */
export function errorHandler(
  onInternal: (error: unknown) => void,
): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (error, _req, res, _next) => {
    let status = 500;
    let body: ErrorBody;
    if (error instanceof HttpError) {
      status = error.status;
      body = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
      };
    } else if (error instanceof CommandError) {
      status = error.httpStatus;
      const details = Object.keys(error.details).length > 0 ? { details: error.details } : {};
      body = { error: { code: error.code, message: error.message, ...details } };
    } else if (isBodyParseError(error)) {
      status = error.status;
      body = {
        error: {
          code: error.type === 'entity.too.large' ? 'body_too_large' : 'invalid_json',
          message:
            error.type === 'entity.too.large'
              ? 'request body is too large: send at most 1 MB of JSON'
              : `request body is not valid JSON: ${error.message}`,
        },
      };
    } else {
      onInternal(error);
      body = { error: { code: 'internal', message: 'internal error: the CSMS log has the details' } };
    }
    res.status(status).json(body);
  };
}

function isBodyParseError(error: unknown): error is { status: number; type: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    'status' in error &&
    typeof (error as { status: unknown }).status === 'number' &&
    ((error as { type: unknown }).type === 'entity.parse.failed' ||
      (error as { type: unknown }).type === 'entity.too.large')
  );
}
