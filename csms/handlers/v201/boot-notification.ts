import type { BootNotificationRequest, BootNotificationResponse } from '../../../schemas/types/ocpp201.js';
import type { HandlerContext } from '../handler-context.js';
import { isoAt } from '../handler-context.js';

/** 2.0.1 BootNotification: registration decision, boot details stored, heartbeat interval. */
export async function bootNotification(
  req: BootNotificationRequest,
  ctx: HandlerContext,
): Promise<BootNotificationResponse> {
  const { stations, events, clock } = ctx.services;
  const cs = req.chargingStation;
  const info = {
    vendor: cs.vendorName,
    model: cs.model,
    ...(cs.serialNumber === undefined ? {} : { serialNumber: cs.serialNumber }),
    ...(cs.firmwareVersion === undefined ? {} : { firmwareVersion: cs.firmwareVersion }),
    ...(cs.modem?.iccid === undefined ? {} : { iccid: cs.modem.iccid }),
    ...(cs.modem?.imsi === undefined ? {} : { imsi: cs.modem.imsi }),
    reason: req.reason,
  };
  const decision = await stations.boot(ctx.stationId, '2.0.1', info, ctx.receivedAtMs);
  events.emit('station.booted', {
    stationId: ctx.stationId,
    version: '2.0.1',
    vendor: info.vendor,
    model: info.model,
    ...(info.serialNumber === undefined ? {} : { serialNumber: info.serialNumber }),
    ...(info.firmwareVersion === undefined ? {} : { firmwareVersion: info.firmwareVersion }),
    status: decision.status,
    timeMs: ctx.receivedAtMs,
  });
  return {
    status: decision.status,
    currentTime: isoAt(clock.now()),
    interval:
      decision.status === 'Accepted' ? ctx.services.heartbeatIntervalS : ctx.services.bootRetryIntervalS,
    ...(decision.reason === undefined
      ? {}
      : { statusInfo: { reasonCode: 'NotRegistered', additionalInfo: decision.reason.slice(0, 512) } }),
  };
}
