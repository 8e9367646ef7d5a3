import type {
  ChargingProfile as V16ChargingProfile,
  ChargingSchedule as V16ChargingSchedule,
  GetCompositeScheduleResponse as V16GetCompositeScheduleResponse,
} from '../../schemas/types/ocpp16.js';
import type {
  ChargingLimitSourceEnumType,
  ChargingProfileType as V201ChargingProfile,
  ChargingSchedulePeriodType as V201Period,
  GetCompositeScheduleResponse as V201GetCompositeScheduleResponse,
} from '../../schemas/types/ocpp201.js';
import { v16PurposeOf, v201PurposeOf, type NeutralChargingProfile } from './charging-profile.js';
import type { CompositeSchedule } from './composite-schedule.js';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * `value` rounded down to a tenth that passes a `multipleOf: 0.1` check done by floating-point
 * division (`value / 0.1` an integer), as ajv and many CSMS validators do without a precision
 * option: 8.1 / 0.1 is 80.99999999999999, so such a validator rejects 8.1 and the station reports
 * 8.0 instead. Never rounds up, so the reported limit is never above the real one.
 */
export function v16SafeTenth(value: number): number {
  let tenths = Math.floor(value * 10 + 1e-6);
  while (tenths > 0 && !Number.isInteger(tenths / 10 / 0.1)) tenths--;
  return tenths / 10;
}

/** A 1.6 GetCompositeSchedule.conf carrying `schedule` for `connectorId`. */
export function toV16CompositeScheduleResponse(
  connectorId: number,
  schedule: CompositeSchedule,
): V16GetCompositeScheduleResponse {
  const chargingSchedule: V16ChargingSchedule = {
    duration: schedule.durationS,
    startSchedule: iso(schedule.startMs),
    chargingRateUnit: schedule.rateUnit,
    chargingSchedulePeriod: schedule.periods.map((p) => {
      const limit = v16SafeTenth(p.limit);
      return p.numberPhases === undefined
        ? { startPeriod: p.startPeriodS, limit }
        : { startPeriod: p.startPeriodS, limit, numberPhases: p.numberPhases };
    }),
  };
  if (schedule.minChargingRate !== undefined) {
    chargingSchedule.minChargingRate = v16SafeTenth(schedule.minChargingRate);
  }
  return { status: 'Accepted', connectorId, scheduleStart: iso(schedule.startMs), chargingSchedule };
}

/** A 2.0.1 GetCompositeScheduleResponse carrying `schedule` for `evseId`. */
export function toV201CompositeScheduleResponse(
  evseId: number,
  schedule: CompositeSchedule,
): V201GetCompositeScheduleResponse {
  return {
    status: 'Accepted',
    schedule: {
      evseId,
      duration: schedule.durationS,
      scheduleStart: iso(schedule.startMs),
      chargingRateUnit: schedule.rateUnit,
      chargingSchedulePeriod: schedule.periods.map((p): V201Period =>
        p.numberPhases === undefined
          ? { startPeriod: p.startPeriodS, limit: p.limit }
          : { startPeriod: p.startPeriodS, limit: p.limit, numberPhases: p.numberPhases },
      ),
    },
  };
}

/**
 * A neutral profile as a 1.6 `csChargingProfiles` (e.g. to report or resend it). Throws for an
 * External profile, which 1.6 does not have.
 */
export function toV16Profile(p: NeutralChargingProfile): V16ChargingProfile {
  if (p.purpose === 'External') throw new Error(`profile ${p.id}: 1.6 has no external-constraints purpose`);
  const s = p.schedule;
  const chargingSchedule: V16ChargingSchedule = {
    chargingRateUnit: s.rateUnit,
    chargingSchedulePeriod: s.periods.map((period) =>
      period.numberPhases === undefined
        ? { startPeriod: period.startPeriodS, limit: period.limit }
        : { startPeriod: period.startPeriodS, limit: period.limit, numberPhases: period.numberPhases },
    ),
  };
  if (s.durationS !== undefined) chargingSchedule.duration = s.durationS;
  if (s.startMs !== undefined) chargingSchedule.startSchedule = iso(s.startMs);
  if (s.minChargingRate !== undefined) chargingSchedule.minChargingRate = s.minChargingRate;
  const out: V16ChargingProfile = {
    chargingProfileId: p.id,
    stackLevel: p.stackLevel,
    chargingProfilePurpose: v16PurposeOf(p.purpose),
    chargingProfileKind: p.kind,
    chargingSchedule,
  };
  if (p.transactionId !== undefined && /^-?\d+$/.test(p.transactionId))
    out.transactionId = Number(p.transactionId);
  if (p.recurrency !== undefined) out.recurrencyKind = p.recurrency;
  if (p.validFromMs !== undefined) out.validFrom = iso(p.validFromMs);
  if (p.validToMs !== undefined) out.validTo = iso(p.validToMs);
  return out;
}

/** A neutral profile as a 2.0.1 `ChargingProfileType` (for ReportChargingProfiles). */
export function toV201Profile(p: NeutralChargingProfile): V201ChargingProfile {
  const s = p.schedule;
  const schedule: V201ChargingProfile['chargingSchedule'][number] = {
    id: s.id ?? p.id,
    chargingRateUnit: s.rateUnit,
    chargingSchedulePeriod: s.periods.map((period): V201Period => {
      const out: V201Period = { startPeriod: period.startPeriodS, limit: period.limit };
      if (period.numberPhases !== undefined) out.numberPhases = period.numberPhases;
      if (period.phaseToUse !== undefined) out.phaseToUse = period.phaseToUse;
      return out;
    }),
  };
  if (s.durationS !== undefined) schedule.duration = s.durationS;
  if (s.startMs !== undefined) schedule.startSchedule = iso(s.startMs);
  if (s.minChargingRate !== undefined) schedule.minChargingRate = s.minChargingRate;
  const out: V201ChargingProfile = {
    id: p.id,
    stackLevel: p.stackLevel,
    chargingProfilePurpose: v201PurposeOf(p.purpose),
    chargingProfileKind: p.kind,
    chargingSchedule: [schedule],
  };
  if (p.transactionId !== undefined) out.transactionId = p.transactionId;
  if (p.recurrency !== undefined) out.recurrencyKind = p.recurrency;
  if (p.validFromMs !== undefined) out.validFrom = iso(p.validFromMs);
  if (p.validToMs !== undefined) out.validTo = iso(p.validToMs);
  return out;
}

/** The 2.0.1 `chargingLimitSource` a profile is reported under: EMS for external constraints, else CSO. */
export function chargingLimitSourceOf(p: NeutralChargingProfile): ChargingLimitSourceEnumType {
  return p.purpose === 'External' ? 'EMS' : 'CSO';
}
