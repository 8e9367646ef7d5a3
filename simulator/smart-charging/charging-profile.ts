/**
 * A charging profile in one shape for both OCPP versions. The 1.6 `csChargingProfiles` and the
 * 2.0.1 `ChargingProfileType` both convert into it; the profile store and the composite schedule
 * only ever see this shape.
 */

/** The purposes the composite schedule combines. 2.0.1 `ChargingStationMaxProfile` is `ChargePointMax`. */
export type ProfilePurpose = 'ChargePointMax' | 'TxDefault' | 'Tx';

/** A purpose including 2.0.1 `ChargingStationExternalConstraints` (set by an external system). */
export type AnyProfilePurpose = ProfilePurpose | 'External';

/** How a schedule is anchored in time. */
export type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';

/** Unit of a schedule's limits: amperes per phase or watts in total. */
export type RateUnit = 'A' | 'W';

/** One period of a schedule: from `startPeriodS` (seconds after the schedule start) until the next. */
export interface SchedulePeriod {
  startPeriodS: number;
  /** In the schedule's `rateUnit`: A per phase, or W over all phases. */
  limit: number;
  /** Phases the EV may use; absent means 3 (both versions' default). */
  numberPhases?: number;
  /** 2.0.1 only: the phase to use when `numberPhases` is 1. */
  phaseToUse?: number;
}

/** A charging schedule. */
export interface NeutralSchedule {
  /** 2.0.1 `ChargingScheduleType.id` (absent for 1.6). */
  id?: number;
  /** Absolute start (epoch ms), when the profile gives one. */
  startMs?: number;
  /** Length in seconds; absent = the last period lasts indefinitely. */
  durationS?: number;
  rateUnit: RateUnit;
  minChargingRate?: number;
  periods: SchedulePeriod[];
}

/** A version-neutral charging profile. */
export interface NeutralChargingProfile {
  id: number;
  stackLevel: number;
  purpose: AnyProfilePurpose;
  kind: ProfileKind;
  recurrency?: 'Daily' | 'Weekly';
  validFromMs?: number;
  validToMs?: number;
  /** The transaction a Tx profile belongs to (1.6 integer ids are kept as their decimal text). */
  transactionId?: string;
  /** 0 = the whole station (ChargePointMax, External) or every EVSE (TxDefault). */
  evseId: number;
  schedule: NeutralSchedule;
}

/** A profile payload that does not have the shape of its version's schema. */
export class ProfileFormatError extends Error {
  override readonly name = 'ProfileFormatError';
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ProfileFormatError(`${path} must be an object`);
  return v;
}

function int(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ProfileFormatError(`${path}.${key} must be an integer`);
  }
  return v;
}

function optInt(o: Obj, key: string, path: string): number | undefined {
  return o[key] === undefined ? undefined : int(o, key, path);
}

function num(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ProfileFormatError(`${path}.${key} must be a number`);
  return v;
}

function optNum(o: Obj, key: string, path: string): number | undefined {
  return o[key] === undefined ? undefined : num(o, key, path);
}

function oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new ProfileFormatError(`${path}.${key} must be one of ${values.join(', ')}`);
  }
  return v as T;
}

function optTimeMs(o: Obj, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw new ProfileFormatError(`${path}.${key} must be an ISO-8601 date-time`);
  return ms;
}

function schedule(v: unknown, path: string): NeutralSchedule {
  const s = obj(v, path);
  const rawPeriods = s.chargingSchedulePeriod;
  if (!Array.isArray(rawPeriods))
    throw new ProfileFormatError(`${path}.chargingSchedulePeriod must be an array`);
  const periods = rawPeriods.map((rp, i): SchedulePeriod => {
    const pp = `${path}.chargingSchedulePeriod[${i}]`;
    const p = obj(rp, pp);
    const period: SchedulePeriod = { startPeriodS: int(p, 'startPeriod', pp), limit: num(p, 'limit', pp) };
    const numberPhases = optInt(p, 'numberPhases', pp);
    if (numberPhases !== undefined) period.numberPhases = numberPhases;
    const phaseToUse = optInt(p, 'phaseToUse', pp);
    if (phaseToUse !== undefined) period.phaseToUse = phaseToUse;
    return period;
  });
  const out: NeutralSchedule = { rateUnit: oneOf(s, 'chargingRateUnit', path, ['A', 'W'] as const), periods };
  const id = optInt(s, 'id', path);
  if (id !== undefined) out.id = id;
  const startMs = optTimeMs(s, 'startSchedule', path);
  if (startMs !== undefined) out.startMs = startMs;
  const durationS = optInt(s, 'duration', path);
  if (durationS !== undefined) out.durationS = durationS;
  const minChargingRate = optNum(s, 'minChargingRate', path);
  if (minChargingRate !== undefined) out.minChargingRate = minChargingRate;
  return out;
}

function common(
  p: Obj,
  path: string,
  idKey: string,
): Omit<NeutralChargingProfile, 'purpose' | 'evseId' | 'schedule'> {
  const out: Omit<NeutralChargingProfile, 'purpose' | 'evseId' | 'schedule'> = {
    id: int(p, idKey, path),
    stackLevel: int(p, 'stackLevel', path),
    kind: oneOf(p, 'chargingProfileKind', path, ['Absolute', 'Recurring', 'Relative'] as const),
  };
  if (p.recurrencyKind !== undefined)
    out.recurrency = oneOf(p, 'recurrencyKind', path, ['Daily', 'Weekly'] as const);
  const validFromMs = optTimeMs(p, 'validFrom', path);
  if (validFromMs !== undefined) out.validFromMs = validFromMs;
  const validToMs = optTimeMs(p, 'validTo', path);
  if (validToMs !== undefined) out.validToMs = validToMs;
  return out;
}

const V16_PURPOSES = {
  ChargePointMaxProfile: 'ChargePointMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
} as const satisfies Record<string, ProfilePurpose>;

const V201_PURPOSES = {
  ChargingStationMaxProfile: 'ChargePointMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
  ChargingStationExternalConstraints: 'External',
} as const satisfies Record<string, AnyProfilePurpose>;

/**
 * Converts a 1.6 `csChargingProfiles` (SetChargingProfile or RemoteStartTransaction) to the neutral
 * shape. `transactionId` (the running transaction, for a profile that arrives with
 * RemoteStartTransaction) is used when the profile itself carries none.
 * @throws ProfileFormatError when the payload does not have the 1.6 shape.
 */
export function fromV16Profile(
  connectorId: number,
  p: unknown,
  transactionId?: string,
): NeutralChargingProfile {
  const path = 'csChargingProfiles';
  const o = obj(p, path);
  const purposeName = oneOf(
    o,
    'chargingProfilePurpose',
    path,
    Object.keys(V16_PURPOSES) as (keyof typeof V16_PURPOSES)[],
  );
  const out: NeutralChargingProfile = {
    ...common(o, path, 'chargingProfileId'),
    purpose: V16_PURPOSES[purposeName],
    evseId: connectorId,
    schedule: schedule(o.chargingSchedule, `${path}.chargingSchedule`),
  };
  const txId = optInt(o, 'transactionId', path);
  if (txId !== undefined) out.transactionId = String(txId);
  else if (transactionId !== undefined) out.transactionId = transactionId;
  return out;
}

/**
 * Converts a 2.0.1 `ChargingProfileType` to the neutral shape. Only the first of its (up to three)
 * charging schedules is kept: the others exist for ISO 15118 negotiation, which the simulated
 * station does not do.
 * @throws ProfileFormatError when the payload does not have the 2.0.1 shape.
 */
export function fromV201Profile(evseId: number, p: unknown): NeutralChargingProfile {
  const path = 'chargingProfile';
  const o = obj(p, path);
  const purposeName = oneOf(
    o,
    'chargingProfilePurpose',
    path,
    Object.keys(V201_PURPOSES) as (keyof typeof V201_PURPOSES)[],
  );
  const schedules = o.chargingSchedule;
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new ProfileFormatError(`${path}.chargingSchedule must be a non-empty array`);
  }
  const out: NeutralChargingProfile = {
    ...common(o, path, 'id'),
    purpose: V201_PURPOSES[purposeName],
    evseId,
    schedule: schedule(schedules[0], `${path}.chargingSchedule[0]`),
  };
  if (o.transactionId !== undefined) {
    if (typeof o.transactionId !== 'string')
      throw new ProfileFormatError(`${path}.transactionId must be a string`);
    out.transactionId = o.transactionId;
  }
  return out;
}

/** The 1.6 purpose name of a neutral purpose (`External` has none in 1.6). */
export function v16PurposeOf(purpose: ProfilePurpose): keyof typeof V16_PURPOSES {
  return purpose === 'ChargePointMax'
    ? 'ChargePointMaxProfile'
    : purpose === 'TxDefault'
      ? 'TxDefaultProfile'
      : 'TxProfile';
}

/** The 2.0.1 purpose name of a neutral purpose. */
export function v201PurposeOf(purpose: AnyProfilePurpose): keyof typeof V201_PURPOSES {
  switch (purpose) {
    case 'ChargePointMax':
      return 'ChargingStationMaxProfile';
    case 'TxDefault':
      return 'TxDefaultProfile';
    case 'Tx':
      return 'TxProfile';
    case 'External':
      return 'ChargingStationExternalConstraints';
  }
}

/** The neutral purpose of a purpose name of either version, or undefined for an unknown one. */
export function purposeFromName(name: string): AnyProfilePurpose | undefined {
  if (name in V16_PURPOSES) return V16_PURPOSES[name as keyof typeof V16_PURPOSES];
  if (name in V201_PURPOSES) return V201_PURPOSES[name as keyof typeof V201_PURPOSES];
  return undefined;
}
