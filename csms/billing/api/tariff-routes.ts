import type { Router } from 'express';
import { BillingError } from '../billing-error.js';
import type { TariffInput } from '../tariff.js';
import { createTariff, listTariffs } from '../tariff-store.js';
import { requireAdmin } from './api-auth.js';
import { tariffView } from './api-views.js';
import type { BillingApiOptions } from './billing-router.js';
import { bodyObject } from './billing-router.js';

const FIELDS = new Set([
  'stationId',
  'currency',
  'pricePerKwh',
  'sessionFee',
  'timeZone',
  'periods',
  'effectiveFrom',
]);

/**
 * `/tariffs`: anyone with a key reads them (optionally `?stationId=` for one charger plus the
 * global ones); an admin adds one. A tariff is never edited: a change is a new tariff with a later
 * `effectiveFrom`, which applies to sessions starting after it.
 */
export function tariffRoutes(router: Router, { store, clock }: BillingApiOptions): void {
  router.get('/tariffs', async (req, res) => {
    const station = req.query['stationId'];
    if (station !== undefined && typeof station !== 'string') {
      throw new BillingError('bad_request', 'query parameter stationId must be given once');
    }
    res.json((await listTariffs(store, station)).map(tariffView));
  });

  router.post('/tariffs', async (req, res) => {
    requireAdmin(res);
    const body = bodyObject(req.body, '{"pricePerKwh": "12.50", "sessionFee": "5.00"}');
    for (const k of Object.keys(body)) {
      if (!FIELDS.has(k))
        throw new BillingError('bad_request', `unknown field "${k}": allowed are ${[...FIELDS].join(', ')}`);
    }
    const price = body['pricePerKwh'];
    if (typeof price !== 'string' && typeof price !== 'number') {
      throw new BillingError(
        'bad_request',
        'pricePerKwh is required: a decimal such as "12.50" (at most 2 decimals)',
      );
    }
    if (body['periods'] !== undefined && !Array.isArray(body['periods'])) {
      throw new BillingError('bad_request', 'periods must be a list of {name, start, end, pricePerKwh}');
    }
    const tariff = await createTariff(store, body as unknown as TariffInput, clock.now());
    res.status(201).location(`/api/tariffs/${tariff.id}`).json(tariffView(tariff));
  });
}
