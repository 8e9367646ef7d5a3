import express from 'express';
import type { Express, Router } from 'express';
import type { ApiDeps } from './api-deps.js';
import { HttpError, errorHandler, notFound } from './http-error.js';
import { messagesRouter } from './messages-router.js';
import { stationsRouter } from './stations-router.js';
import { transactionsRouter } from './transactions-router.js';
import { usersRouter } from './users-router.js';

/**
 * Builds the express app: the REST API under `/api`, JSON in and out, JSON errors. `extensions`
 * are mounted first, so they may take over a path; `rootExtensions` are mounted at the root,
 * outside `/api` (e.g. firmware downloads for stations).
 */
export function createApi(
  deps: ApiDeps,
  onInternalError: (error: unknown) => void,
  extensions: readonly Router[] = [],
  rootExtensions: readonly Router[] = [],
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  for (const router of rootExtensions) app.use(router);
  const api = express.Router();
  for (const router of extensions) api.use(router);
  api.use(express.json({ limit: '1mb' }));
  api.get('/health', async (_req, res) => {
    try {
      await deps.store.query('SELECT 1');
    } catch (error) {
      throw new HttpError(
        503,
        'store_unavailable',
        `the database does not answer: ${(error as Error).message}`,
      );
    }
    res.json({
      status: 'ok',
      time: new Date(deps.clock.now()).toISOString(),
      store: deps.store.driver,
      stationsConnected: deps.server.connectedCount,
    });
  });
  api.use(stationsRouter(deps));
  api.use(transactionsRouter(deps));
  api.use(messagesRouter(deps));
  api.use(usersRouter(deps));
  api.use(notFound);
  app.use('/api', api);
  app.use(notFound);
  app.use(errorHandler(onInternalError));
  return app;
}
