import { Router } from 'express';
import type { ApiDeps } from './api-deps.js';
import { iso } from './api-deps.js';
import { enumParam, intParam, stringParam, timeParam } from './query-params.js';

const TYPES = ['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID'] as const;
const DIRECTIONS = ['station->csms', 'csms->station'] as const;

/** GET /messages?stationId=&action=&type=&messageId=&direction=&from=&to=&limit= (oldest first). */
export function messagesRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/messages', async (req, res) => {
    const stationId = stringParam(req, 'stationId');
    const action = stringParam(req, 'action');
    const messageType = enumParam(req, 'type', TYPES);
    const messageId = stringParam(req, 'messageId');
    const direction = enumParam(req, 'direction', DIRECTIONS);
    const fromMs = timeParam(req, 'from');
    const toMs = timeParam(req, 'to');
    const limit = intParam(req, 'limit', 1, 10_000);
    const messages = await deps.messages.query({
      ...(stationId === undefined ? {} : { stationId }),
      ...(action === undefined ? {} : { action }),
      ...(messageType === undefined ? {} : { messageType }),
      ...(messageId === undefined ? {} : { messageId }),
      ...(direction === undefined ? {} : { direction }),
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(toMs === undefined ? {} : { toMs }),
      ...(limit === undefined ? {} : { limit }),
    });
    res.json({
      messages: messages.map((m) => ({
        id: m.id,
        time: iso(m.timeMs),
        stationId: m.stationId,
        direction: m.direction,
        type: m.messageType,
        messageId: m.messageId,
        action: m.action,
        payload: m.payload,
        raw: m.raw,
        verdict: m.verdict,
        violations: m.violations,
      })),
    });
  });
  return router;
}
