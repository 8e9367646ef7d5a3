import type { BootNotificationRequest, BootNotificationResponse } from '../../../schemas/types/ocpp16.js';
import type { HandlerContext } from '../handler-context.js';
import { isoAt } from '../handler-context.js';

/** 1.6 BootNotification: registration decision, boot details stored, heartbeat interval. */
export async function bootNotification(
  req: BootNotificationRequest,
  ctx: HandlerContext,
): Promise<BootNotificationResponse> {
  const { stations, events, clock } = ctx.services;
  const info = {
    vendor: req.chargePointVendor,
    model: req.chargePointModel,
    ...(req.chargePointSerialNumber === undefined ? {} : { serialNumber: req.chargePointSerialNumber }),
    ...(req.firmwareVersion === undefined ? {} : { firmwareVersion: req.firmwareVersion }),
    ...(req.iccid === undefined ? {} : { iccid: req.iccid }),
    ...(req.imsi === undefined ? {} : { imsi: req.imsi }),
    ...(req.meterType === undefined ? {} : { meterType: req.meterType }),
    ...(req.meterSerialNumber === undefined ? {} : { meterSerialNumber: req.meterSerialNumber }),
  };
  const decision = await stations.boot(ctx.stationId, '1.6', info, ctx.receivedAtMs);
  events.emit('station.booted', {
    stationId: ctx.stationId,
    version: '1.6',
    ...info,
    status: decision.status,
    timeMs: ctx.receivedAtMs,
  });
  return {
    status: decision.status,
    currentTime: isoAt(clock.now()),
    interval:
      decision.status === 'Accepted' ? ctx.services.heartbeatIntervalS : ctx.services.bootRetryIntervalS,
  };
}
