import type { StatusNotificationRequest, StatusNotificationResponse } from '../../../schemas/types/ocpp16.js';
import type { HandlerContext } from '../handler-context.js';
import { timeOf } from '../handler-context.js';

/** 1.6 StatusNotification: the connector's latest status (connector 0 is the station). */
export async function statusNotification(
  req: StatusNotificationRequest,
  ctx: HandlerContext,
): Promise<StatusNotificationResponse> {
  const statusAtMs = timeOf(req.timestamp, ctx.receivedAtMs);
  await ctx.services.stations.setConnectorStatus(
    ctx.stationId,
    {
      evseId: req.connectorId,
      connectorId: req.connectorId,
      status: req.status,
      errorCode: req.errorCode,
      info: req.info ?? null,
      vendorErrorCode: req.vendorErrorCode ?? null,
      statusAtMs,
    },
    ctx.receivedAtMs,
  );
  ctx.services.events.emit('connector.status', {
    stationId: ctx.stationId,
    evseId: req.connectorId,
    connectorId: req.connectorId,
    status: req.status,
    errorCode: req.errorCode,
    timeMs: statusAtMs,
  });
  return {};
}
