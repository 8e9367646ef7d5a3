import type { Request } from 'express';
import { HttpError } from './http-error.js';

/** A single string query parameter, or undefined; a repeated one is a 400. */
export function stringParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw new HttpError(400, 'invalid_query', `query parameter ${name} must be given once`);
  return v === '' ? undefined : v;
}

/** A time parameter: ISO-8601 or epoch milliseconds. */
export function timeParam(req: Request, name: string): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) {
    throw new HttpError(
      400,
      'invalid_query',
      `query parameter ${name}="${v}" is not a time: use ISO-8601 (2025-01-01T10:00:00Z) or epoch milliseconds`,
    );
  }
  return ms;
}

/** An integer parameter within [min, max]. */
export function intParam(req: Request, name: string, min: number, max: number): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) {
    throw new HttpError(
      400,
      'invalid_query',
      `query parameter ${name}="${v}" must be an integer from ${min} to ${max}`,
    );
  }
  return n;
}

/** A parameter restricted to a set of values. */
export function enumParam<T extends string>(req: Request, name: string, values: readonly T[]): T | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) {
    throw new HttpError(
      400,
      'invalid_query',
      `query parameter ${name}="${v}" must be one of ${values.join(', ')}`,
    );
  }
  return v as T;
}

/** An integer path parameter. */
export function idParam(value: string | undefined, name: string): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new HttpError(400, 'invalid_path', `${name} "${value}" must be a positive integer`);
  }
  return n;
}
