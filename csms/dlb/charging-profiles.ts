import type { OcppVersion } from '../../common/ocpp-version.js';
import { powerFromCurrentW } from '../../common/units.js';
import type { PhaseCount } from '../../common/units.js';
import type {
  ClearChargingProfileRequest as ClearV16,
  SetChargingProfileRequest as SetV16,
} from '../../schemas/types/ocpp16.js';
import type {
  ClearChargingProfileRequest as ClearV201,
  SetChargingProfileRequest as SetV201,
} from '../../schemas/types/ocpp201.js';

/** Unit of the limits sent to stations: amperes per phase (default) or watts in total. */
export type RateUnit = 'A' | 'W';

/** What a profile is for, version-neutral. */
export type ProfileKind = 'tx' | 'tx-default' | 'station-max';

/** A limit to send, version-neutral. */
export interface ProfileLimit {
  readonly kind: ProfileKind;
  readonly profileId: number;
  readonly stackLevel: number;
  /** Connector (1.6) / EVSE (2.0.1); 0 for the station as a whole. */
  readonly evseId: number;
  /** Per-phase current, amperes. */
  readonly perPhaseA: number;
  readonly phases: PhaseCount;
  readonly voltageV: number;
  readonly rateUnit: RateUnit;
  /** 1.6 integer transaction id / 2.0.1 transaction id text; for `tx` only. */
  readonly transactionId?: number;
  readonly transactionRef?: string;
  /** Clock time, epoch ms (start of absolute schedules). */
  readonly timeMs: number;
}

/**
 * The limit as it goes on the wire: amperes rounded down to 0.1 A, or watts rounded down to 1 W.
 * Rounding down keeps the sum under the fuse; the OCPP schemas allow one decimal. Amperes are
 * lowered further, by 0.1 A at a time, to a value that also passes a `multipleOf: 0.1` check done
 * by floating-point division (31.4 / 0.1 = 313.99999999999994), as many JSON-schema validators in
 * stations and CSMSs do it.
 */
export function wireLimit(
  perPhaseA: number,
  phases: PhaseCount,
  rateUnit: RateUnit,
  voltageV: number,
): number {
  const a = Math.max(0, perPhaseA);
  if (rateUnit === 'W') return Math.floor(powerFromCurrentW(a, phases, voltageV) + 1e-9);
  let tenths = Math.floor(a * 10 + 1e-9);
  while (tenths > 0 && !Number.isInteger(tenths / 10 / 0.1)) tenths--;
  return tenths / 10;
}

const PURPOSE_16 = {
  tx: 'TxProfile',
  'tx-default': 'TxDefaultProfile',
  'station-max': 'ChargePointMaxProfile',
} as const;
const PURPOSE_201 = {
  tx: 'TxProfile',
  'tx-default': 'TxDefaultProfile',
  'station-max': 'ChargingStationMaxProfile',
} as const;

/** SetChargingProfile payload for OCPP 1.6. */
export function setProfileV16(p: ProfileLimit): SetV16 {
  const absolute = p.kind !== 'tx';
  return {
    connectorId: p.kind === 'station-max' ? 0 : p.evseId,
    csChargingProfiles: {
      chargingProfileId: p.profileId,
      ...(p.kind === 'tx' && p.transactionId !== undefined ? { transactionId: p.transactionId } : {}),
      stackLevel: p.stackLevel,
      chargingProfilePurpose: PURPOSE_16[p.kind],
      chargingProfileKind: absolute ? 'Absolute' : 'Relative',
      chargingSchedule: {
        ...(absolute ? { startSchedule: new Date(p.timeMs).toISOString() } : {}),
        chargingRateUnit: p.rateUnit,
        chargingSchedulePeriod: [
          {
            startPeriod: 0,
            limit: wireLimit(p.perPhaseA, p.phases, p.rateUnit, p.voltageV),
            numberPhases: p.phases,
          },
        ],
      },
    },
  };
}

/** SetChargingProfile payload for OCPP 2.0.1 (schedule id = profile id). */
export function setProfileV201(p: ProfileLimit): SetV201 {
  const absolute = p.kind !== 'tx';
  return {
    evseId: p.kind === 'station-max' ? 0 : p.evseId,
    chargingProfile: {
      id: p.profileId,
      stackLevel: p.stackLevel,
      chargingProfilePurpose: PURPOSE_201[p.kind],
      chargingProfileKind: absolute ? 'Absolute' : 'Relative',
      ...(p.kind === 'tx' && p.transactionRef !== undefined ? { transactionId: p.transactionRef } : {}),
      chargingSchedule: [
        {
          id: p.profileId,
          ...(absolute ? { startSchedule: new Date(p.timeMs).toISOString() } : {}),
          chargingRateUnit: p.rateUnit,
          chargingSchedulePeriod: [
            {
              startPeriod: 0,
              limit: wireLimit(p.perPhaseA, p.phases, p.rateUnit, p.voltageV),
              numberPhases: p.phases,
            },
          ],
        },
      ],
    },
  };
}

/** SetChargingProfile payload for the station's version. */
export function setProfilePayload(version: OcppVersion, p: ProfileLimit): SetV16 | SetV201 {
  return version === '1.6' ? setProfileV16(p) : setProfileV201(p);
}

/** ClearChargingProfile payload removing one profile by id, for the station's version. */
export function clearProfilePayload(version: OcppVersion, profileId: number): ClearV16 | ClearV201 {
  return version === '1.6' ? { id: profileId } : { chargingProfileId: profileId };
}
