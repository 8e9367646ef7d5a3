import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Clock } from '../../../common/clock.js';
import type { Rng } from '../../../common/rng.js';
import type { Store } from '../../store/store.js';
import type { Billing } from '../billing-service.js';
import { BillingError } from '../billing-error.js';
import { MoneyError } from '../money.js';
import { TariffError } from '../tariff.js';
import { requireAdmin, requireApiKey } from './api-auth.js';
import { chargeRoutes } from './charge-routes.js';
import { tariffRoutes } from './tariff-routes.js';
import { transactionsCsvRoute } from './transactions-csv-route.js';
import { userRoutes } from './user-routes.js';
import { walletRoutes } from './wallet-routes.js';

/** What the billing API needs. */
export interface BillingApiOptions {
  store: Store;
  clock: Clock;
  /** Draws the virtual RFID of users created without one (seeded, so runs repeat). */
  tokenRng: Rng;
  /** Require an admin key on the other `/api` routes (all but `/health`). Default true. */
  guardAdminApi?: boolean;
  /** Settles again what an admin retries from the review queue. */
  billing?: Billing;
}

const STATUS: Record<BillingError['code'], number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/**
 * The billing API, to mount under `/api`: `/users`, `/tariffs`, `/wallets/{userId}` (and its
 * `/top-ups`), `/transactions.csv`, `/billing/charges` (the review queue). Every route needs an API
 * key (`Authorization: Bearer <key>` or `x-api-key`); a user key sees only that user's data (403
 * otherwise), an admin key sees all. With `guardAdminApi` (the default) every other `/api` route
 * mounted after this router, except `/health`, needs an admin key too: with money at stake,
 * sending RemoteStart or giving a token to a user is an admin's act. Errors answer
 * `{ "error": { "code", "message" } }` with a 4xx status.
 */
export function billingRouter(options: BillingApiOptions): Router {
  const router = express.Router();
  const paths = ['/users', '/tariffs', '/wallets', '/transactions.csv', '/billing'];
  const auth = requireApiKey(options.store);
  router.use(paths, express.json({ limit: '64kb' }), auth);
  userRoutes(router, options);
  tariffRoutes(router, options);
  walletRoutes(router, options);
  transactionsCsvRoute(router, options);
  chargeRoutes(router, options);
  if (options.guardAdminApi ?? true) {
    router.use((req: Request, res: Response, next: NextFunction) => {
      if (req.path === '/health') {
        next();
        return;
      }
      const admitAdmin = (error?: unknown): void => {
        if (error !== undefined) {
          next(error);
          return;
        }
        try {
          requireAdmin(res);
          next();
        } catch (e) {
          next(e);
        }
      };
      if (res.locals['principal'] === undefined) auth(req, res, admitAdmin);
      else admitAdmin();
    });
  }
  router.use(billingErrors);
  return router;
}

function billingErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (error instanceof BillingError) {
    res.status(STATUS[error.code]).json({ error: { code: error.code, message: error.message } });
  } else if (error instanceof MoneyError || error instanceof TariffError) {
    res.status(400).json({ error: { code: 'bad_request', message: error.message } });
  } else if (isBodyError(error)) {
    res
      .status(400)
      .json({ error: { code: 'invalid_json', message: `request body is not valid JSON: ${error.message}` } });
  } else {
    next(error);
  }
}

function isBodyError(error: unknown): error is { type: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'entity.parse.failed'
  );
}

/** A positive integer path parameter, or a 400 naming it. */
export function idParam(value: string | string[] | undefined, name: string): number {
  const text = Array.isArray(value) ? value[0] : value;
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(n) || n === 0) {
    throw new BillingError('bad_request', `${name} "${String(text)}" must be a positive integer`);
  }
  return n;
}

/** The request body as an object, or a 400 saying what to send. */
export function bodyObject(body: unknown, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BillingError(
      'bad_request',
      `body must be a JSON object such as ${example} (Content-Type: application/json)`,
    );
  }
  return body as Record<string, unknown>;
}
