import { Router } from 'express';
import type { Request } from 'express';
import type { StationRecord } from '../stations/station-record.js';
import type { ApiDeps } from './api-deps.js';
import { iso } from './api-deps.js';
import { HttpError } from './http-error.js';
import { intParam } from './query-params.js';

const STATION_ID = /^[\x21-\x7e]{1,48}$/;

/** GET /stations, GET /stations/:id, POST /stations (register), POST /stations/:id/commands/:action. */
export function stationsRouter(deps: ApiDeps): Router {
  const router = Router();

  async function view(s: StationRecord, withConnectors: boolean): Promise<Record<string, unknown>> {
    const session = deps.server.session(s.id);
    const connectionState = deps.server.stateOf(s.id);
    const base = {
      id: s.id,
      ocppVersion: session?.version ?? s.version,
      registrationStatus: s.registrationStatus,
      connectionState,
      online: connectionState !== 'DISCONNECTED',
      vendor: s.vendor,
      model: s.model,
      serialNumber: s.serialNumber,
      firmwareVersion: s.firmwareVersion,
      lastBootAt: iso(s.lastBootAtMs),
      lastHeartbeatAt: iso(s.lastHeartbeatAtMs),
      lastSeenAt: iso(session?.lastSeenMs ?? s.lastSeenAtMs),
      connectedAt: iso(session?.connectedAtMs ?? s.connectedAtMs),
      disconnectedAt: iso(s.disconnectedAtMs),
    };
    if (!withConnectors) return base;
    const connectors = await deps.stations.connectors(s.id);
    return {
      ...base,
      iccid: s.iccid,
      imsi: s.imsi,
      meterType: s.meterType,
      meterSerialNumber: s.meterSerialNumber,
      connectors: connectors.map((c) => ({
        evseId: c.evseId,
        connectorId: c.connectorId,
        status: c.status,
        errorCode: c.errorCode,
        info: c.info,
        statusAt: iso(c.statusAtMs),
      })),
    };
  }

  router.get('/stations', async (_req, res) => {
    const stations = await deps.stations.list();
    res.json({ stations: await Promise.all(stations.map((s) => view(s, false))) });
  });

  router.get('/stations/:id', async (req, res) => {
    const s = await deps.stations.get(req.params.id);
    if (s === undefined)
      throw new HttpError(404, 'unknown_station', `no station ${req.params.id} is registered`);
    res.json(await view(s, true));
  });

  router.post('/stations', async (req, res) => {
    const id = (req.body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !STATION_ID.test(id)) {
      throw new HttpError(
        400,
        'invalid_body',
        'body must be { "id": "<station id>" }: 1-48 printable characters, no spaces',
      );
    }
    const { station, created } = await deps.stations.register(id, deps.clock.now());
    res.status(created ? 201 : 200).json(await view(station, true));
  });

  router.post('/stations/:id/commands/:action', async (req: Request<{ id: string; action: string }>, res) => {
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(
        400,
        'invalid_body',
        `body must be the JSON object payload of ${req.params.action}`,
      );
    }
    const timeoutMs = intParam(req, 'timeoutMs', 1, 600_000);
    const result = await deps.commands.send(req.params.id, req.params.action, body, {
      timeoutMs: timeoutMs ?? deps.callTimeoutMs,
    });
    res.json(result);
  });

  return router;
}
