/** Realistic payloads for tests, benchmarks and samples: each builder takes overrides. */
import type { MeterValuesRequest as V16MeterValuesRequest, SampledValue } from './types/ocpp16.js';
import type { StatusNotificationRequest as V16StatusNotificationRequest } from './types/ocpp16.js';
import type { BootNotificationRequest as V201BootNotificationRequest } from './types/ocpp201.js';
import type { TransactionEventRequest, SampledValueType } from './types/ocpp201.js';

/** A 1.6 StatusNotification request; override any field. */
export function aV16StatusNotification(
  over: Partial<V16StatusNotificationRequest> = {},
): V16StatusNotificationRequest {
  return {
    connectorId: 1,
    errorCode: 'NoError',
    status: 'Charging',
    timestamp: '2026-03-01T10:00:00.000Z',
    ...over,
  };
}

const V16_MEASURANDS: SampledValue['measurand'][] = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Current.Import',
  'Current.Import',
  'Current.Import',
  'Voltage',
  'Voltage',
  'Voltage',
  'Current.Offered',
  'SoC',
];

/** A 1.6 MeterValues request with one meter value of ten sampled values (as a busy charger sends). */
export function aV16MeterValues(over: Partial<V16MeterValuesRequest> = {}): V16MeterValuesRequest {
  const sampledValue: SampledValue[] = V16_MEASURANDS.map((measurand, i) => ({
    value: (1000 + i * 7.5).toFixed(1),
    context: 'Sample.Periodic',
    measurand,
    ...(i >= 2 && i <= 7 ? { phase: (['L1', 'L2', 'L3'] as const)[(i - 2) % 3] } : {}),
    location: 'Outlet',
  }));
  return {
    connectorId: 1,
    transactionId: 42,
    meterValue: [{ timestamp: '2026-03-01T10:15:00.000Z', sampledValue }],
    ...over,
  };
}

/** A 2.0.1 BootNotification request; override any field. */
export function aV201BootNotification(
  over: Partial<V201BootNotificationRequest> = {},
): V201BootNotificationRequest {
  return {
    reason: 'PowerUp',
    chargingStation: { model: 'AC22-T2', vendorName: 'Voltaro', firmwareVersion: '3.1.4' },
    ...over,
  };
}

/** A 2.0.1 TransactionEvent (Updated) with ten sampled values. */
export function aV201TransactionEvent(over: Partial<TransactionEventRequest> = {}): TransactionEventRequest {
  const sampledValue: SampledValueType[] = Array.from({ length: 10 }, (_, i) => ({
    value: 230 + i,
    measurand: i === 0 ? 'Energy.Active.Import.Register' : 'Voltage',
    context: 'Sample.Periodic',
    ...(i === 0 ? { unitOfMeasure: { unit: 'Wh' } } : {}),
  }));
  return {
    eventType: 'Updated',
    timestamp: '2026-03-01T10:15:00.000Z',
    triggerReason: 'MeterValuePeriodic',
    seqNo: 3,
    transactionInfo: { transactionId: 'tx-0001', chargingState: 'Charging' },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{ timestamp: '2026-03-01T10:15:00.000Z', sampledValue }],
    ...over,
  };
}
