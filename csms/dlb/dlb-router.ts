import express, { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { CircuitTreeError } from './circuit-tree.js';
import { DlbSettingsError } from './dlb-settings.js';
import { LoadBalancer } from './load-balancer.js';
import type { SitePatch } from './load-balancer.js';
import { StrategyLoadError } from './load-strategy.js';
import { SiteConfigError, siteConfigJson } from './site-config.js';

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const PATCH_FIELDS = new Set([
  'timeZone',
  'voltageV',
  'main',
  'dedicated',
  'strategy',
  'settings',
  'meterStationId',
  'assumedHomePerPhaseA',
  'offlineHomeReserveA',
  'rateUnit',
  'meterRecomputeMinMs',
  'autoDispatchMs',
  'txStackLevel',
  'priorityByIdTag',
  'maxPerPhaseA',
  'maxPowerKw',
  'modes',
]);

function patchFrom(body: unknown, balancer: LoadBalancer): SitePatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(
      400,
      'invalid_body',
      'send a JSON object with the fields to change, e.g. {"maxPerPhaseA": 40}',
    );
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (key === 'siteId') throw new ApiError(400, 'invalid_field', 'siteId cannot be changed');
    if (!PATCH_FIELDS.has(key)) {
      throw new ApiError(
        400,
        'unknown_field',
        `unknown field "${key}": use one of ${[...PATCH_FIELDS].join(', ')}`,
      );
    }
  }
  const { maxPerPhaseA, maxPowerKw, modes, ...rest } = b;
  const patch: Record<string, unknown> = { ...rest };
  if (maxPerPhaseA !== undefined || maxPowerKw !== undefined) {
    const main = (rest.main ?? balancer.site.main) as Record<string, unknown>;
    patch.main = {
      ...main,
      ...(maxPerPhaseA === undefined ? {} : { maxPerPhaseA }),
      ...(maxPowerKw === undefined ? {} : { maxPowerKw }),
    };
  }
  if (modes !== undefined) {
    const settings = (rest.settings ?? {}) as Record<string, unknown>;
    patch.settings = { ...settings, modes };
  }
  return patch;
}

/**
 * The load-balancing admin API, to mount under `/api`:
 * - `GET /sites/{siteId}`: tree, limits, strategy, modes and settings;
 * - `PUT /sites/{siteId}`: change any of them at run time (`maxPerPhaseA`/`maxPowerKw` and `modes`
 *   are shorthands); applied at once and broadcast on the site's event stream;
 * - `GET /sites/{siteId}/allocations`: each running session's limit with the reason for it.
 * Errors answer `{ "error": { "code", "message" } }`, the message naming the field to change.
 */
export function createDlbRouter(balancers: LoadBalancer | readonly LoadBalancer[]): Router {
  const list: readonly LoadBalancer[] = balancers instanceof LoadBalancer ? [balancers] : balancers;
  const router = Router();
  const find = (req: Request): LoadBalancer => {
    const id = String(req.params.siteId);
    const b = list.find((x) => x.site.siteId === id);
    if (b === undefined) {
      throw new ApiError(
        404,
        'unknown_site',
        `no site "${id}": known sites are ${list.map((x) => x.site.siteId).join(', ')}`,
      );
    }
    return b;
  };
  const view = (b: LoadBalancer): Record<string, unknown> => ({
    ...siteConfigJson(b.site),
    pv: b.pvState,
  });
  router.get('/sites/:siteId', (req, res) => {
    res.json(view(find(req)));
  });
  router.put('/sites/:siteId', express.json({ limit: '256kb' }), async (req, res) => {
    const b = find(req);
    try {
      await b.updateSite(patchFrom(req.body, b));
    } catch (err) {
      if (
        err instanceof SiteConfigError ||
        err instanceof CircuitTreeError ||
        err instanceof DlbSettingsError
      ) {
        throw new ApiError(400, 'invalid_site', err.message);
      }
      if (err instanceof StrategyLoadError) throw new ApiError(400, 'invalid_strategy', err.message);
      throw err;
    }
    res.json(view(b));
  });
  router.get('/sites/:siteId/allocations', (req, res) => {
    const b = find(req);
    res.json({ siteId: b.site.siteId, allocations: b.allocations() });
  });
  router.use('/sites', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ApiError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    if (
      typeof err === 'object' &&
      err !== null &&
      (err as { type?: unknown }).type === 'entity.parse.failed'
    ) {
      res.status(400).json({ error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
      return;
    }
    next(err);
  });
  return router;
}
