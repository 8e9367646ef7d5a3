import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Clock } from '../../../common/clock.js';
import type { CampaignEngine } from '../campaign-engine.js';
import { FirmwareError } from '../firmware-error.js';
import { firmwarePath } from '../firmware-request.js';
import { FirmwareTooLargeError } from '../firmware-store.js';
import { parseCampaignBody } from './campaign-body.js';
import { campaignReport, campaignSummary, imageView, stationView } from './campaign-report.js';
import { uploadParams } from './upload-params.js';

/** What the firmware API needs. */
export interface FirmwareApiOptions {
  readonly clock: Clock;
  /** The engine (throws before the firmware module has started). */
  readonly engine: () => CampaignEngine;
  /** Base URL stations download from. */
  readonly baseUrl: () => string;
  /** Largest image accepted, bytes. */
  readonly maxImageBytes: number;
}

function idOf(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new FirmwareError(
      'bad_request',
      `${name} must be a positive integer, got ${JSON.stringify(value)}`,
    );
  return n;
}

/**
 * The firmware API, to mount under `/api`:
 * - `POST /firmware?version=&fileName=` with the image as the raw body (optional signature headers)
 * - `GET /firmware`, `GET /firmware/{id}`
 * - `POST /firmware/campaigns`, `GET /firmware/campaigns`, `GET /firmware/campaigns/{id}`
 * - `POST /firmware/campaigns/{id}/stations/{stationId}/retry`, `POST /firmware/campaigns/{id}/retry-failed`
 * Errors answer `{ "error": { "code", "message" } }` with a 4xx status.
 */
export function firmwareRouter(o: FirmwareApiOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '256kb' });

  router.post('/firmware/campaigns', json, async (req, res) => {
    const request = parseCampaignBody(req.body);
    const campaign = await o.engine().create(request);
    res.status(201).json(campaignSummary(campaign));
  });

  router.get('/firmware/campaigns', async (_req, res) => {
    res.json({ campaigns: (await o.engine().campaigns.list()).map(campaignSummary) });
  });

  router.get('/firmware/campaigns/:id', async (req, res) => {
    const engine = o.engine();
    const id = idOf(req.params['id'], 'campaign id');
    const c = await engine.campaigns.get(id);
    if (c === undefined) throw new FirmwareError('not_found', `no firmware campaign ${id}`);
    const image = await engine.images.get(c.firmwareId);
    const view = image === undefined ? undefined : imageView(image, o.baseUrl(), firmwarePath(image));
    res.json(campaignReport(c, view, await engine.campaigns.stations(id)));
  });

  router.post('/firmware/campaigns/:id/stations/:stationId/retry', async (req, res) => {
    const row = await o
      .engine()
      .retryStation(idOf(req.params['id'], 'campaign id'), String(req.params['stationId']));
    res.json(stationView(row));
  });

  router.post('/firmware/campaigns/:id/retry-failed', async (req, res) => {
    const retried = await o.engine().retryFailed(idOf(req.params['id'], 'campaign id'));
    res.json({ retried });
  });

  router.post('/firmware', async (req, res) => {
    const meta = uploadParams(req);
    const engine = o.engine();
    let image;
    try {
      image = await engine.images.save(meta, req, o.clock.now(), o.maxImageBytes);
    } catch (error) {
      if (error instanceof FirmwareTooLargeError) {
        res.set('connection', 'close');
        throw new FirmwareError('too_large', error.message);
      }
      throw error;
    }
    res.status(201).json(imageView(image, o.baseUrl(), firmwarePath(image)));
  });

  router.get('/firmware', async (_req, res) => {
    const images = await o.engine().images.list();
    res.json({ firmware: images.map((i) => imageView(i, o.baseUrl(), firmwarePath(i))) });
  });

  router.get('/firmware/:id', async (req, res) => {
    const id = idOf(req.params['id'], 'firmware id');
    const image = await o.engine().images.get(id);
    if (image === undefined) throw new FirmwareError('not_found', `no firmware ${id}: see GET /api/firmware`);
    res.json(imageView(image, o.baseUrl(), firmwarePath(image)));
  });

  router.use('/firmware', firmwareErrors);
  return router;
}

/** Answers a {@link FirmwareError} (and a bad JSON body) as `{ "error": { "code", "message" } }`. */
export function firmwareErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (error instanceof FirmwareError) {
    res.status(error.httpStatus).json({ error: { code: error.code, message: error.message } });
  } else if (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'entity.parse.failed'
  ) {
    res.status(400).json({
      error: { code: 'invalid_json', message: `request body is not valid JSON: ${(error as Error).message}` },
    });
  } else {
    next(error);
  }
}
