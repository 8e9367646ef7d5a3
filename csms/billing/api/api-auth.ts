import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Store } from '../../store/store.js';
import { BillingError } from '../billing-error.js';
import type { Principal } from './api-keys.js';
import { principalOf } from './api-keys.js';

const HOW = 'send an API key as "Authorization: Bearer <key>" or "x-api-key: <key>"';

/** The key a request carries, from `Authorization: Bearer` or `x-api-key`. */
export function apiKeyOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m === null)
      throw new BillingError('unauthorized', `Authorization header must be "Bearer <key>": ${HOW}`);
    return m[1];
  }
  const key = req.get('x-api-key');
  return key === undefined || key.trim() === '' ? undefined : key.trim();
}

/**
 * Requires a valid API key and records who the request acts for (see {@link principal}). 401 when
 * the key is missing or unknown, 403 when its user is blocked.
 */
export function requireApiKey(store: Store): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const run = async (): Promise<void> => {
      const key = apiKeyOf(req);
      if (key === undefined) throw new BillingError('unauthorized', `this route needs an API key: ${HOW}`);
      const who = await principalOf(store, key);
      if (who === undefined) {
        throw new BillingError(
          'unauthorized',
          'API key is unknown or revoked: use a key issued by this CSMS',
        );
      }
      if (who === 'blocked') throw new BillingError('forbidden', 'the user of this API key is blocked');
      res.locals['principal'] = who;
    };
    run().then(() => next(), next);
  };
}

/** Who the request acts for (set by {@link requireApiKey}). */
export function principal(res: Response): Principal {
  const p = res.locals['principal'] as Principal | undefined;
  if (p === undefined) throw new BillingError('unauthorized', `this route needs an API key: ${HOW}`);
  return p;
}

/** Refuses (403) unless the request acts for an admin. */
export function requireAdmin(res: Response): Principal {
  const p = principal(res);
  if (p.role !== 'admin') throw new BillingError('forbidden', 'this route needs an admin API key');
  return p;
}

/** Refuses (403) unless the request acts for an admin or for user `userId` themselves. */
export function requireSelfOrAdmin(res: Response, userId: number): Principal {
  const p = principal(res);
  if (p.role !== 'admin' && p.userId !== userId) {
    throw new BillingError('forbidden', `a user API key sees only its own data, not that of user ${userId}`);
  }
  return p;
}
