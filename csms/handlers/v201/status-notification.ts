import type {
  NotifyEventRequest,
  NotifyEventResponse,
  StatusNotificationRequest,
  StatusNotificationResponse,
} from '../../../schemas/types/ocpp201.js';
import type { HandlerContext } from '../handler-context.js';
import { timeOf } from '../handler-context.js';

async function setStatus(
  ctx: HandlerContext,
  evseId: number,
  connectorId: number,
  status: string,
  statusAtMs: number,
): Promise<void> {
  await ctx.services.stations.setConnectorStatus(
    ctx.stationId,
    { evseId, connectorId, status, errorCode: null, info: null, vendorErrorCode: null, statusAtMs },
    ctx.receivedAtMs,
  );
  ctx.services.events.emit('connector.status', {
    stationId: ctx.stationId,
    evseId,
    connectorId,
    status,
    timeMs: statusAtMs,
  });
}

/** 2.0.1 StatusNotification: the connector's latest status. */
export async function statusNotification(
  req: StatusNotificationRequest,
  ctx: HandlerContext,
): Promise<StatusNotificationResponse> {
  await setStatus(
    ctx,
    req.evseId,
    req.connectorId,
    req.connectorStatus,
    timeOf(req.timestamp, ctx.receivedAtMs),
  );
  return {};
}

/**
 * 2.0.1 NotifyEvent: a connector's AvailabilityState is taken as its status (the device-model way
 * of reporting it); other events stay in the message log.
 */
export async function notifyEvent(
  req: NotifyEventRequest,
  ctx: HandlerContext,
): Promise<NotifyEventResponse> {
  for (const e of req.eventData) {
    const evse = e.component.evse;
    if (e.component.name === 'Connector' && e.variable.name === 'AvailabilityState' && evse !== undefined) {
      await setStatus(
        ctx,
        evse.id,
        evse.connectorId ?? 1,
        e.actualValue,
        timeOf(e.timestamp, ctx.receivedAtMs),
      );
    }
  }
  return {};
}
