import type {
  DataTransferRequest,
  DataTransferResponse,
  DiagnosticsStatusNotificationRequest,
  DiagnosticsStatusNotificationResponse,
  FirmwareStatusNotificationRequest,
  FirmwareStatusNotificationResponse,
  LogStatusNotificationRequest,
  LogStatusNotificationResponse,
  SecurityEventNotificationRequest,
  SecurityEventNotificationResponse,
  SignedFirmwareStatusNotificationRequest,
  SignedFirmwareStatusNotificationResponse,
} from '../../../schemas/types/ocpp16.js';
import type { HandlerContext } from '../handler-context.js';

/** 1.6 FirmwareStatusNotification: told to listeners (the firmware module follows updates). */
export function firmwareStatusNotification(
  req: FirmwareStatusNotificationRequest,
  ctx: HandlerContext,
): Promise<FirmwareStatusNotificationResponse> {
  ctx.services.events.emit('firmware.status', {
    stationId: ctx.stationId,
    status: req.status,
    timeMs: ctx.receivedAtMs,
  });
  return Promise.resolve({});
}

/** 1.6 security extension SignedFirmwareStatusNotification: told to listeners. */
export function signedFirmwareStatusNotification(
  req: SignedFirmwareStatusNotificationRequest,
  ctx: HandlerContext,
): Promise<SignedFirmwareStatusNotificationResponse> {
  ctx.services.events.emit('firmware.status', {
    stationId: ctx.stationId,
    status: req.status,
    ...(req.requestId === undefined ? {} : { requestId: req.requestId }),
    timeMs: ctx.receivedAtMs,
  });
  return Promise.resolve({});
}

/** 1.6 DiagnosticsStatusNotification: acknowledged (kept in the message log). */
export function diagnosticsStatusNotification(
  _req: DiagnosticsStatusNotificationRequest,
  _ctx: HandlerContext,
): Promise<DiagnosticsStatusNotificationResponse> {
  return Promise.resolve({});
}

/** 1.6 LogStatusNotification: acknowledged (kept in the message log). */
export function logStatusNotification(
  _req: LogStatusNotificationRequest,
  _ctx: HandlerContext,
): Promise<LogStatusNotificationResponse> {
  return Promise.resolve({});
}

/** 1.6 SecurityEventNotification: acknowledged (kept in the message log). */
export function securityEventNotification(
  _req: SecurityEventNotificationRequest,
  _ctx: HandlerContext,
): Promise<SecurityEventNotificationResponse> {
  return Promise.resolve({});
}

/** 1.6 DataTransfer: no vendor extension is installed, so every vendor is unknown. */
export function dataTransfer(_req: DataTransferRequest, _ctx: HandlerContext): Promise<DataTransferResponse> {
  return Promise.resolve({ status: 'UnknownVendorId' });
}
