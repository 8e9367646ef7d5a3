import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { DefaultAnswers } from './peer-session.js';

/** Heartbeat interval the test-mode CSMS gives a charger, s (long, so heartbeats stay out of the way). */
export const TEST_HEARTBEAT_INTERVAL_S = 3_600;

/**
 * How the test-mode CSMS answers a charger's CALLs unless a case says otherwise: registration
 * accepted, every card accepted, transaction ids from a counter (captured as `transactionId`).
 */
export function chargerSideAnswers(version: OcppVersion, clock: Clock): DefaultAnswers {
  const now = (): string => new Date(clock.now()).toISOString();
  let txCounter = 0;
  const boot = () => ({ status: 'Accepted', currentTime: now(), interval: TEST_HEARTBEAT_INTERVAL_S });
  if (version === '1.6') {
    return {
      BootNotification: boot,
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: {},
      MeterValues: {},
      Authorize: { idTagInfo: { status: 'Accepted' } },
      StartTransaction: (_req, vars) => {
        const transactionId = ++txCounter;
        vars['transactionId'] = transactionId;
        return { transactionId, idTagInfo: { status: 'Accepted' } };
      },
      StopTransaction: { idTagInfo: { status: 'Accepted' } },
      DataTransfer: { status: 'Accepted' },
      DiagnosticsStatusNotification: {},
      FirmwareStatusNotification: {},
    };
  }
  return {
    BootNotification: boot,
    Heartbeat: () => ({ currentTime: now() }),
    StatusNotification: {},
    MeterValues: {},
    Authorize: { idTokenInfo: { status: 'Accepted' } },
    TransactionEvent: (req, vars) => {
      const info = req['transactionInfo'] as { transactionId?: unknown } | undefined;
      if (info?.transactionId !== undefined) vars['transactionId'] = info.transactionId;
      return req['idToken'] === undefined ? {} : { idTokenInfo: { status: 'Accepted' } };
    },
    NotifyReport: {},
    NotifyEvent: {},
    NotifyChargingLimit: {},
    NotifyEVChargingNeeds: { status: 'Accepted' },
    NotifyEVChargingSchedule: { status: 'Accepted' },
    ReportChargingProfiles: {},
    FirmwareStatusNotification: {},
    LogStatusNotification: {},
    SecurityEventNotification: {},
    DataTransfer: { status: 'Accepted' },
    ClearedChargingLimit: {},
    NotifyMonitoringReport: {},
    NotifyCustomerInformation: {},
    NotifyDisplayMessages: {},
    PublishFirmwareStatusNotification: {},
    ReservationStatusUpdate: {},
    SignCertificate: { status: 'Accepted' },
    Get15118EVCertificate: { status: 'Failed', exiResponse: '' },
    GetCertificateStatus: { status: 'Failed' },
  };
}

/** Actions a charger sends in the background, not part of any case's expected sequence by default. */
const CHARGER_NOISE = new Set([
  'Heartbeat',
  'MeterValues',
  'NotifyEvent',
  'SecurityEventNotification',
  'LogStatusNotification',
  'NotifyChargingLimit',
]);

/**
 * Whether a CALL of the peer is background noise for a case: heartbeats and periodic meter
 * values, a 1.6 StatusNotification of connector 0 (the charger as a whole), and 2.0.1 periodic or
 * rate-change TransactionEvent updates; `watch` brings an action back, `ignore` adds one.
 */
export function isNoise(
  action: string,
  payload: Record<string, unknown>,
  ignore: readonly string[] = [],
  watch: readonly string[] = [],
): boolean {
  if (watch.includes(action)) return false;
  if (ignore.includes(action) || CHARGER_NOISE.has(action)) return true;
  if (action === 'StatusNotification' && payload['connectorId'] === 0) return true;
  if (action === 'TransactionEvent' && payload['eventType'] === 'Updated') {
    const trigger = payload['triggerReason'];
    return trigger === 'MeterValuePeriodic' || trigger === 'ChargingRateChanged';
  }
  return false;
}
