import type { V201StationToCsms } from '../../../schemas/types/ocpp201.js';
import type { HandlerMap } from '../handler-context.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { heartbeat } from './heartbeat.js';
import { meterValues } from './meter-values.js';
import {
  dataTransfer,
  firmwareStatusNotification,
  logStatusNotification,
  notifyReport,
  securityEventNotification,
} from './notifications.js';
import { notifyEvent, statusNotification } from './status-notification.js';
import { transactionEvent } from './transaction-event.js';

/** Every OCPP 2.0.1 action the CSMS answers, by name. */
export const V201_HANDLERS: HandlerMap<V201StationToCsms> = {
  Authorize: authorize,
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  FirmwareStatusNotification: firmwareStatusNotification,
  Heartbeat: heartbeat,
  LogStatusNotification: logStatusNotification,
  MeterValues: meterValues,
  NotifyEvent: notifyEvent,
  NotifyReport: notifyReport,
  SecurityEventNotification: securityEventNotification,
  StatusNotification: statusNotification,
  TransactionEvent: transactionEvent,
};
