import type { MeterValuesRequest, MeterValuesResponse } from '../../../schemas/types/ocpp16.js';
import type { TypedEvents } from '../../../common/typed-events.js';
import type { CsmsEvents } from '../../csms-events.js';
import type { MeterReading } from '../../meter/meter-sample.js';
import type { MeterSource } from '../../meter/meter-store.js';
import { normaliseV16MeterValues } from '../../meter/normalise-v16.js';
import type { CsmsServices } from '../handler-context.js';
import type { HandlerContext } from '../handler-context.js';

/** Tells listeners about normalised readings: one `meter.values` event per reading. */
export function emitReadings(
  events: Pick<TypedEvents<CsmsEvents>, 'emit'>,
  source: MeterSource,
  readings: readonly MeterReading[],
): void {
  const { stationId, evseId, connectorId, transactionId } = source;
  for (const r of readings) {
    // Written out rather than spread from `source`: this runs for every MeterValue.
    events.emit(
      'meter.values',
      transactionId === undefined
        ? { stationId, evseId, connectorId, samples: r.samples, timeMs: r.timeMs }
        : { stationId, evseId, connectorId, transactionId, samples: r.samples, timeMs: r.timeMs },
    );
  }
}

/** Buffers normalised readings for writing and tells listeners about them. */
export function recordReadings(
  services: CsmsServices,
  source: MeterSource,
  readings: readonly MeterReading[],
): void {
  if (readings.length === 0) return;
  services.meter.record(source, readings);
  emitReadings(services.events, source, readings);
}

/** 1.6 MeterValues: every sample stored, normalised, linked to the transaction it names. */
export function meterValues(req: MeterValuesRequest, ctx: HandlerContext): Promise<MeterValuesResponse> {
  recordReadings(
    ctx.services,
    {
      stationId: ctx.stationId,
      evseId: req.connectorId,
      connectorId: req.connectorId,
      ...(req.transactionId === undefined ? {} : { transactionId: req.transactionId }),
    },
    normaliseV16MeterValues(req.meterValue),
  );
  return Promise.resolve({});
}
