import type {
  DataTransferRequest,
  DataTransferResponse,
  FirmwareStatusNotificationRequest,
  FirmwareStatusNotificationResponse,
  LogStatusNotificationRequest,
  LogStatusNotificationResponse,
  NotifyReportRequest,
  NotifyReportResponse,
  SecurityEventNotificationRequest,
  SecurityEventNotificationResponse,
} from '../../../schemas/types/ocpp201.js';
import type { HandlerContext } from '../handler-context.js';
import { timeOf } from '../handler-context.js';

/** 2.0.1 NotifyReport: each part stored; listeners (GetBaseReport) collect the whole report. */
export async function notifyReport(
  req: NotifyReportRequest,
  ctx: HandlerContext,
): Promise<NotifyReportResponse> {
  const part = {
    stationId: ctx.stationId,
    requestId: req.requestId,
    seqNo: req.seqNo,
    tbc: req.tbc ?? false,
    generatedAtMs: timeOf(req.generatedAt, ctx.receivedAtMs),
    reportData: req.reportData ?? [],
  };
  await ctx.services.reports.add(part, ctx.receivedAtMs);
  ctx.services.events.emit('report.part', {
    stationId: part.stationId,
    requestId: part.requestId,
    seqNo: part.seqNo,
    tbc: part.tbc,
    reportData: [...part.reportData],
  });
  return {};
}

/** 2.0.1 FirmwareStatusNotification: told to listeners (the firmware module follows updates). */
export function firmwareStatusNotification(
  req: FirmwareStatusNotificationRequest,
  ctx: HandlerContext,
): Promise<FirmwareStatusNotificationResponse> {
  ctx.services.events.emit('firmware.status', {
    stationId: ctx.stationId,
    status: req.status,
    ...(req.requestId === undefined ? {} : { requestId: req.requestId }),
    timeMs: ctx.receivedAtMs,
  });
  return Promise.resolve({});
}

/** 2.0.1 LogStatusNotification: acknowledged (kept in the message log). */
export function logStatusNotification(
  _req: LogStatusNotificationRequest,
  _ctx: HandlerContext,
): Promise<LogStatusNotificationResponse> {
  return Promise.resolve({});
}

/** 2.0.1 SecurityEventNotification: acknowledged (kept in the message log). */
export function securityEventNotification(
  _req: SecurityEventNotificationRequest,
  _ctx: HandlerContext,
): Promise<SecurityEventNotificationResponse> {
  return Promise.resolve({});
}

/** 2.0.1 DataTransfer: no vendor extension is installed, so every vendor is unknown. */
export function dataTransfer(_req: DataTransferRequest, _ctx: HandlerContext): Promise<DataTransferResponse> {
  return Promise.resolve({ status: 'UnknownVendorId' });
}
