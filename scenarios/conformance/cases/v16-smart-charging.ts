import type { ConformanceCase } from '../conformance-case.js';
import { expectCall, mayReceive, plugIn, sendCall } from '../dsl.js';
import { atMost, noPeriodAtOrBelow, oneOf, someItem } from '../field-pattern.js';
import { V16_ID_TAG as TAG, v16 } from './v16-sessions.js';

const smart = {
  version: '1.6',
  side: 'charger',
  suite: 'smart-charging',
  block: '1.6 Smart Charging',
  requiresFeature: 'SmartCharging',
} as const;

/** A 1.6 profile limiting to `limitA` since 2020 (fixed, so the frames are the same every run). */
function profile(
  id: number,
  purpose: string,
  limitA: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const relative = purpose === 'TxProfile';
  return {
    chargingProfileId: id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: relative ? 'Relative' : 'Absolute',
    chargingSchedule: {
      chargingRateUnit: 'A',
      ...(relative ? {} : { startSchedule: '2020-01-01T00:00:00.000Z' }),
      chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA }],
    },
    ...extra,
  };
}

/** The composite schedule of connector 1 is limited to `limitA`. */
function compositeLimitedTo(limitA: number) {
  return sendCall(
    'GetCompositeSchedule',
    { connectorId: 1, duration: 600, chargingRateUnit: 'A' },
    { status: 'Accepted', chargingSchedule: { chargingSchedulePeriod: someItem({ limit: atMost(limitA) }) } },
  );
}

/** OCPP 1.6 Smart Charging charger-side cases. */
export const V16_SMART_CHARGING_CASES: readonly ConformanceCase[] = [
  {
    ...smart,
    id: 'TC_056',
    title: 'Central smart charging - TxDefaultProfile',
    specRef: 'OCPP 1.6 §3.13.2, §5.16 SetChargingProfile',
    steps: [
      sendCall(
        'SetChargingProfile',
        { connectorId: 1, csChargingProfiles: profile(561, 'TxDefaultProfile', 6) },
        { status: 'Accepted' },
      ),
      compositeLimitedTo(6),
      ...v16.startCharging(),
      compositeLimitedTo(6),
      ...v16.stopAndUnplug(),
      sendCall('ClearChargingProfile', { id: 561 }, { status: 'Accepted' }),
    ],
  },
  {
    ...smart,
    id: 'TC_057',
    title: 'Central smart charging - TxProfile',
    specRef: 'OCPP 1.6 §3.13.3, §5.16 SetChargingProfile',
    steps: [
      ...v16.startCharging(),
      sendCall(
        'SetChargingProfile',
        (vars) => ({
          connectorId: 1,
          csChargingProfiles: profile(571, 'TxProfile', 8, { transactionId: vars['transactionId'] }),
        }),
        { status: 'Accepted' },
      ),
      compositeLimitedTo(8),
      ...v16.stopAndUnplug(),
    ],
  },
  {
    ...smart,
    id: 'TC_059',
    title: 'Remote start transaction with charging profile',
    specRef: 'OCPP 1.6 §5.11 RemoteStartTransaction (chargingProfile)',
    steps: [
      plugIn(1),
      expectCall('StatusNotification', { connectorId: 1, status: 'Preparing' }),
      sendCall(
        'RemoteStartTransaction',
        { connectorId: 1, idTag: TAG, chargingProfile: profile(591, 'TxProfile', 10) },
        { status: 'Accepted' },
      ),
      mayReceive('Authorize', { idTag: TAG }),
      expectCall('StartTransaction', { connectorId: 1, idTag: TAG }),
      expectCall('StatusNotification', {
        connectorId: 1,
        status: oneOf('Charging', 'SuspendedEV', 'SuspendedEVSE'),
      }),
      compositeLimitedTo(10),
      ...v16.stopAndUnplug(),
    ],
  },
  {
    ...smart,
    id: 'TC_066',
    title: 'Get composite schedule',
    specRef: 'OCPP 1.6 §5.7 GetCompositeSchedule',
    steps: [
      sendCall(
        'SetChargingProfile',
        { connectorId: 1, csChargingProfiles: profile(661, 'TxDefaultProfile', 12) },
        { status: 'Accepted' },
      ),
      sendCall(
        'GetCompositeSchedule',
        { connectorId: 1, duration: 3600, chargingRateUnit: 'A' },
        {
          status: 'Accepted',
          connectorId: 1,
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: someItem({ startPeriod: 0, limit: atMost(12) }),
          },
        },
      ),
      sendCall('ClearChargingProfile', { id: 661 }, { status: 'Accepted' }),
    ],
  },
  {
    ...smart,
    id: 'TC_067',
    title: 'Clear charging profile',
    specRef: 'OCPP 1.6 §5.5 ClearChargingProfile',
    steps: [
      sendCall(
        'SetChargingProfile',
        { connectorId: 1, csChargingProfiles: profile(671, 'TxDefaultProfile', 7) },
        { status: 'Accepted' },
      ),
      compositeLimitedTo(7),
      sendCall('ClearChargingProfile', { id: 671 }, { status: 'Accepted' }),
      sendCall(
        'GetCompositeSchedule',
        { connectorId: 1, duration: 600, chargingRateUnit: 'A' },
        { chargingSchedule: noPeriodAtOrBelow(7) },
      ),
      sendCall('ClearChargingProfile', { id: 671 }, { status: 'Unknown' }),
    ],
  },
];
