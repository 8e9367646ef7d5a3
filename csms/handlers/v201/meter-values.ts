import type { MeterValuesRequest, MeterValuesResponse } from '../../../schemas/types/ocpp201.js';
import { normaliseV201MeterValues } from '../../meter/normalise-v201.js';
import type { HandlerContext } from '../handler-context.js';
import { recordReadings } from '../v16/meter-values.js';

/** 2.0.1 MeterValues (outside transaction events): stored, normalised, per EVSE (0 = main meter). */
export function meterValues(req: MeterValuesRequest, ctx: HandlerContext): Promise<MeterValuesResponse> {
  recordReadings(
    ctx.services,
    { stationId: ctx.stationId, evseId: req.evseId, connectorId: req.evseId === 0 ? 0 : 1 },
    normaliseV201MeterValues(req.meterValue),
  );
  return Promise.resolve({});
}
