import type { ConformanceCase } from '../conformance-case.js';
import { expectCall, mayReceive, plugIn, sendCall } from '../dsl.js';
import { atMost, noPeriodAtOrBelow, present, someItem } from '../field-pattern.js';
import { ID_TOKEN, v201 } from './v201-sessions.js';

const k = { version: '2.0.1', side: 'charger', suite: 'smart-charging', block: 'K Smart Charging' } as const;
const unsure = 'number as best known; check against the official OCTT 2.0.1 list';

/** A 2.0.1 profile limiting to `limitA` (Absolute since 2020, or Relative for TxProfile). */
function profile(
  id: number,
  purpose: string,
  limitA: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const relative = purpose === 'TxProfile';
  const recurring = extra['chargingProfileKind'] === 'Recurring';
  return {
    id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: relative ? 'Relative' : 'Absolute',
    chargingSchedule: [
      {
        id,
        chargingRateUnit: 'A',
        ...(relative ? {} : { startSchedule: '2020-01-01T00:00:00.000Z' }),
        ...(recurring ? { duration: 86_400 } : {}),
        chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA }],
      },
    ],
    ...extra,
  };
}

function set(evseId: number, chargingProfile: Record<string, unknown>, status = 'Accepted') {
  return sendCall('SetChargingProfile', { evseId, chargingProfile }, { status });
}

function compositeLimitedTo(limitA: number, evseId = 1) {
  return sendCall(
    'GetCompositeSchedule',
    { evseId, duration: 600, chargingRateUnit: 'A' },
    { status: 'Accepted', schedule: { evseId, chargingSchedulePeriod: someItem({ limit: atMost(limitA) }) } },
  );
}

function clear(id: number, status = 'Accepted') {
  return sendCall('ClearChargingProfile', { chargingProfileId: id }, { status });
}

/** OCPP 2.0.1 block K (smart charging) charger-side cases. */
export const V201_K_CASES: readonly ConformanceCase[] = [
  {
    ...k,
    id: 'TC_K_01_CS',
    title: 'Set charging profile - TxDefaultProfile on a specific EVSE',
    specRef: 'OCPP 2.0.1 K01 (K01.FR.01, FR.05)',
    numberingNote: unsure,
    steps: [set(1, profile(1101, 'TxDefaultProfile', 6)), compositeLimitedTo(6), clear(1101)],
  },
  {
    ...k,
    id: 'TC_K_02_CS',
    title: 'Set charging profile - TxDefaultProfile on all EVSEs (evseId 0)',
    specRef: 'OCPP 2.0.1 K01 (K01.FR.05, evseId 0)',
    numberingNote: unsure,
    steps: [set(0, profile(1102, 'TxDefaultProfile', 7)), compositeLimitedTo(7), clear(1102)],
  },
  {
    ...k,
    id: 'TC_K_03_CS',
    title: 'Set charging profile - TxProfile without a transaction',
    specRef: 'OCPP 2.0.1 K01.FR.09 (TxProfile needs a transaction: Rejected)',
    numberingNote: unsure,
    steps: [set(1, profile(1103, 'TxProfile', 8, { transactionId: 'no-such-transaction' }), 'Rejected')],
  },
  {
    ...k,
    id: 'TC_K_04_CS',
    title: 'Set charging profile - TxProfile with a transaction',
    specRef: 'OCPP 2.0.1 K01 (K01.FR.03 transactionId)',
    numberingNote: unsure,
    steps: [
      ...v201.startCharging(104),
      sendCall(
        'SetChargingProfile',
        (vars) => ({
          evseId: 1,
          chargingProfile: profile(1104, 'TxProfile', 9, { transactionId: vars['transactionId'] }),
        }),
        { status: 'Accepted' },
      ),
      compositeLimitedTo(9),
      ...v201.stopAndUnplug(),
    ],
  },
  {
    ...k,
    id: 'TC_K_05_CS',
    title: 'Set charging profile - ChargingStationMaxProfile',
    specRef: 'OCPP 2.0.1 K01 (K01.FR.38 ChargingStationMaxProfile on evseId 0)',
    numberingNote: unsure,
    steps: [set(0, profile(1105, 'ChargingStationMaxProfile', 10)), compositeLimitedTo(10), clear(1105)],
  },
  {
    ...k,
    id: 'TC_K_06_CS',
    title: 'Set charging profile - replace a profile with the same id',
    specRef: 'OCPP 2.0.1 K01.FR.05 (same id replaces)',
    numberingNote: unsure,
    steps: [
      set(1, profile(1106, 'TxDefaultProfile', 12)),
      compositeLimitedTo(12),
      set(1, profile(1106, 'TxDefaultProfile', 6)),
      compositeLimitedTo(6),
      clear(1106),
    ],
  },
  {
    ...k,
    id: 'TC_K_10_CS',
    title: 'Clear charging profile',
    specRef: 'OCPP 2.0.1 K10 ClearChargingProfile (K10.FR.01, FR.08 Unknown)',
    numberingNote: unsure,
    steps: [
      set(1, profile(1110, 'TxDefaultProfile', 7)),
      clear(1110),
      sendCall(
        'GetCompositeSchedule',
        { evseId: 1, duration: 600, chargingRateUnit: 'A' },
        { schedule: noPeriodAtOrBelow(7) },
      ),
      clear(1110, 'Unknown'),
    ],
  },
  {
    ...k,
    id: 'TC_K_15_CS',
    title: 'Set charging profile - recurring daily profile',
    specRef: 'OCPP 2.0.1 K01 (Recurring, recurrencyKind Daily)',
    numberingNote: unsure,
    steps: [
      set(
        1,
        profile(1115, 'TxDefaultProfile', 8, { chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' }),
      ),
      compositeLimitedTo(8),
      clear(1115),
    ],
  },
  {
    ...k,
    id: 'TC_K_29_CS',
    title: 'Get charging profiles',
    specRef: 'OCPP 2.0.1 K09 GetChargingProfiles, ReportChargingProfiles',
    numberingNote: unsure,
    steps: [
      set(1, profile(1129, 'TxDefaultProfile', 11)),
      sendCall(
        'GetChargingProfiles',
        { requestId: 1129, evseId: 1, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } },
        { status: 'Accepted' },
      ),
      expectCall('ReportChargingProfiles', {
        requestId: 1129,
        chargingLimitSource: 'CSO',
        evseId: 1,
        chargingProfile: someItem({ id: 1129 }),
      }),
      clear(1129),
    ],
  },
  {
    ...k,
    id: 'TC_K_37_CS',
    title: 'Get composite schedule',
    specRef: 'OCPP 2.0.1 K08 GetCompositeSchedule (K08.FR.01-FR.05)',
    numberingNote: unsure,
    steps: [
      set(1, profile(1137, 'TxDefaultProfile', 13)),
      sendCall(
        'GetCompositeSchedule',
        { evseId: 1, duration: 3600, chargingRateUnit: 'A' },
        {
          status: 'Accepted',
          schedule: {
            evseId: 1,
            duration: present,
            scheduleStart: present,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: someItem({ startPeriod: 0, limit: atMost(13) }),
          },
        },
      ),
      clear(1137),
    ],
  },
  {
    ...k,
    id: 'TC_K_38_CS',
    title: 'Request start transaction with a charging profile',
    specRef: 'OCPP 2.0.1 F01.FR.08-FR.12, K05 (chargingProfile in RequestStartTransaction)',
    numberingNote: unsure,
    steps: [
      plugIn(1),
      v201.occupied(),
      sendCall(
        'RequestStartTransaction',
        { evseId: 1, remoteStartId: 138, idToken: ID_TOKEN, chargingProfile: profile(1138, 'TxProfile', 10) },
        { status: 'Accepted' },
      ),
      mayReceive('Authorize', { idToken: { idToken: ID_TOKEN.idToken } }),
      expectCall(
        'TransactionEvent',
        { eventType: 'Started', transactionInfo: { transactionId: present, remoteStartId: 138 } },
        { capture: { transactionId: 'transactionInfo.transactionId' } },
      ),
      compositeLimitedTo(10),
      ...v201.stopAndUnplug(),
    ],
  },
];
