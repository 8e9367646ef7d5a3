import type { OcppVersion } from '../../common/ocpp-version.js';
import type { NeutralChargingProfile } from './charging-profile.js';

/** What the station knows when a profile arrives. */
export interface InstallContext {
  /** The transaction running on the profile's EVSE, if any. */
  activeTransactionId?: string;
  /** Station time when the profile arrived (epoch ms). */
  nowMs: number;
  /** True when the profile comes from a local/external system rather than the CSMS (External purpose). */
  fromExternalSystem?: boolean;
}

/** Station properties the rules depend on. */
export interface ProfileRulesOptions {
  evseCount: number;
  version: OcppVersion;
  /** Highest stack level accepted (1.6 `ChargeProfileMaxStackLevel`). */
  maxStackLevel: number;
  /** Most periods a schedule may have (1.6 `ChargingScheduleMaxPeriods`). */
  maxPeriods: number;
}

/**
 * Checks a profile against the rules of OCPP 1.6 §3.13 / §5.16 and 2.0.1 use case K01. Returns the
 * reason for rejecting it, or undefined when the station may install it.
 */
export function rejectionReason(
  p: NeutralChargingProfile,
  ctx: InstallContext,
  opts: ProfileRulesOptions,
): string | undefined {
  const where = opts.version === '1.6' ? 'connectorId' : 'evseId';
  if (!Number.isInteger(p.evseId) || p.evseId < 0 || p.evseId > opts.evseCount) {
    return `${where} ${p.evseId} does not exist: this station has ${where} 1..${opts.evseCount} (0 = the whole station)`;
  }
  if (p.stackLevel < 0 || p.stackLevel > opts.maxStackLevel) {
    return `stackLevel ${p.stackLevel} is outside 0..${opts.maxStackLevel} (ChargeProfileMaxStackLevel)`;
  }
  const periodsReason = periodRejection(p, opts);
  if (periodsReason !== undefined) return periodsReason;
  if (p.validFromMs !== undefined && p.validToMs !== undefined && p.validToMs <= p.validFromMs) {
    return 'validTo must be later than validFrom';
  }
  if (p.validToMs !== undefined && p.validToMs <= ctx.nowMs) return 'validTo is already in the past';
  if (p.schedule.durationS !== undefined && p.schedule.durationS <= 0) return 'duration must be positive';
  if (p.kind === 'Recurring') {
    if (p.recurrency === undefined) return 'a Recurring profile needs recurrencyKind (Daily or Weekly)';
    if (p.schedule.startMs === undefined)
      return 'a Recurring profile needs startSchedule (the recurrence anchor)';
  }
  if (opts.version === '2.0.1' && p.kind === 'Relative' && p.schedule.startMs !== undefined) {
    return 'a Relative profile must not have startSchedule';
  }
  if (opts.version === '2.0.1' && p.kind === 'Absolute' && p.schedule.startMs === undefined) {
    return 'an Absolute profile needs startSchedule';
  }
  return purposeRejection(p, ctx, where);
}

function periodRejection(p: NeutralChargingProfile, opts: ProfileRulesOptions): string | undefined {
  const { periods } = p.schedule;
  if (periods.length === 0) return 'chargingSchedulePeriod must hold at least one period';
  if (periods.length > opts.maxPeriods) {
    return `chargingSchedulePeriod has ${periods.length} periods; this station accepts at most ${opts.maxPeriods} (ChargingScheduleMaxPeriods)`;
  }
  if (periods[0]!.startPeriodS !== 0)
    return `the first period must start at 0, not ${periods[0]!.startPeriodS}`;
  for (let i = 0; i < periods.length; i++) {
    const period = periods[i]!;
    if (i > 0 && period.startPeriodS <= periods[i - 1]!.startPeriodS) {
      return `chargingSchedulePeriod[${i}].startPeriod must be greater than the one before it`;
    }
    if (period.limit < 0) return `chargingSchedulePeriod[${i}].limit must not be negative`;
    if (period.numberPhases !== undefined && (period.numberPhases < 1 || period.numberPhases > 3)) {
      return `chargingSchedulePeriod[${i}].numberPhases must be 1, 2 or 3`;
    }
    if (period.phaseToUse !== undefined) {
      return `chargingSchedulePeriod[${i}].phaseToUse needs ACPhaseSwitchingSupported, which this station does not have`;
    }
  }
  if (p.schedule.minChargingRate !== undefined && p.schedule.minChargingRate < 0) {
    return 'minChargingRate must not be negative';
  }
  return undefined;
}

function purposeRejection(p: NeutralChargingProfile, ctx: InstallContext, where: string): string | undefined {
  switch (p.purpose) {
    case 'ChargePointMax':
      return p.evseId === 0 ? undefined : `a station-wide maximum profile must be set on ${where} 0`;
    case 'External':
      return ctx.fromExternalSystem === true
        ? undefined
        : 'ChargingStationExternalConstraints profiles are set by an external system, not by the CSMS';
    case 'TxDefault':
      return undefined;
    case 'Tx':
      if (p.evseId === 0) return `a TxProfile must name the ${where} of its transaction, not 0`;
      if (ctx.activeTransactionId === undefined) {
        return `a TxProfile needs a transaction, and none is running on ${where} ${p.evseId}`;
      }
      if (p.transactionId !== undefined && p.transactionId !== ctx.activeTransactionId) {
        return `transactionId ${p.transactionId} is not the transaction running on ${where} ${p.evseId} (${ctx.activeTransactionId})`;
      }
      return undefined;
  }
}
