import type { V16StationToCsms } from '../../../schemas/types/ocpp16.js';
import type { HandlerMap } from '../handler-context.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { heartbeat } from './heartbeat.js';
import { meterValues } from './meter-values.js';
import {
  dataTransfer,
  diagnosticsStatusNotification,
  firmwareStatusNotification,
  logStatusNotification,
  securityEventNotification,
  signedFirmwareStatusNotification,
} from './notifications.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import { stopTransaction } from './stop-transaction.js';

/** Every OCPP 1.6 action the CSMS answers, by name. */
export const V16_HANDLERS: HandlerMap<V16StationToCsms> = {
  Authorize: authorize,
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  DiagnosticsStatusNotification: diagnosticsStatusNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  Heartbeat: heartbeat,
  LogStatusNotification: logStatusNotification,
  MeterValues: meterValues,
  SecurityEventNotification: securityEventNotification,
  SignedFirmwareStatusNotification: signedFirmwareStatusNotification,
  StartTransaction: startTransaction,
  StatusNotification: statusNotification,
  StopTransaction: stopTransaction,
};
