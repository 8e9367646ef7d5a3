import { describe, expect, it } from 'vitest';
import { createValidator } from '../../schemas/validator.js';
import { fromV16Profile, fromV201Profile } from './charging-profile.js';
import { aProfile, periods } from './profile-builders.js';
import { ChargingProfileStore } from './profile-store.js';
import {
  toV16CompositeScheduleResponse,
  toV16Profile,
  toV201CompositeScheduleResponse,
  toV201Profile,
  v16SafeTenth,
} from './schedule-payloads.js';

const validator = createValidator();
const T0 = Date.parse('2026-03-02T00:00:00Z');

const v16Request = {
  connectorId: 1,
  csChargingProfiles: {
    chargingProfileId: 12,
    transactionId: 345,
    stackLevel: 2,
    chargingProfilePurpose: 'TxProfile',
    chargingProfileKind: 'Absolute',
    validFrom: '2026-03-02T00:00:00Z',
    validTo: '2026-03-03T00:00:00.000Z',
    chargingSchedule: {
      duration: 7200,
      startSchedule: '2026-03-02T01:00:00.000Z',
      chargingRateUnit: 'W',
      minChargingRate: 1380,
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 7360 },
        { startPeriod: 1800, limit: 3680, numberPhases: 1 },
      ],
    },
  },
};

const v201Request = {
  evseId: 2,
  chargingProfile: {
    id: 7,
    stackLevel: 1,
    chargingProfilePurpose: 'ChargingStationMaxProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: [
      {
        id: 70,
        startSchedule: '2026-03-01T22:00:00.000Z',
        duration: 28800,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 3600, limit: 8.5, numberPhases: 2 },
        ],
      },
    ],
  },
};

describe('profile conversions', () => {
  it('the sample requests are valid against the official schemas', () => {
    expect(validator.validate('1.6', 'SetChargingProfile', 'request', v16Request)).toEqual({ ok: true });
    expect(validator.validate('2.0.1', 'SetChargingProfile', 'request', v201Request)).toEqual({ ok: true });
  });

  it('reads a 1.6 csChargingProfiles', () => {
    const p = fromV16Profile(v16Request.connectorId, v16Request.csChargingProfiles);
    expect(p).toEqual({
      id: 12,
      stackLevel: 2,
      purpose: 'Tx',
      kind: 'Absolute',
      evseId: 1,
      transactionId: '345',
      validFromMs: T0,
      validToMs: T0 + 86_400_000,
      schedule: {
        startMs: T0 + 3_600_000,
        durationS: 7200,
        rateUnit: 'W',
        minChargingRate: 1380,
        periods: [
          { startPeriodS: 0, limit: 7360 },
          { startPeriodS: 1800, limit: 3680, numberPhases: 1 },
        ],
      },
    });
  });

  it('takes the running transaction for a 1.6 profile without transactionId (RemoteStartTransaction)', () => {
    const { transactionId: _omit, ...profile } = v16Request.csChargingProfiles;
    expect(fromV16Profile(1, profile, '99').transactionId).toBe('99');
  });

  it('reads a 2.0.1 ChargingProfileType', () => {
    const p = fromV201Profile(v201Request.evseId, v201Request.chargingProfile);
    expect(p.purpose).toBe('ChargePointMax');
    expect(p.recurrency).toBe('Daily');
    expect(p.schedule).toEqual({
      id: 70,
      startMs: T0 - 2 * 3_600_000,
      durationS: 28800,
      rateUnit: 'A',
      periods: [
        { startPeriodS: 0, limit: 16 },
        { startPeriodS: 3600, limit: 8.5, numberPhases: 2 },
      ],
    });
  });

  it.each([
    [
      { ...v16Request.csChargingProfiles, chargingProfilePurpose: 'Nope' },
      /chargingProfilePurpose must be one of/,
    ],
    [{ ...v16Request.csChargingProfiles, stackLevel: 'x' }, /stackLevel must be an integer/],
    [{ ...v16Request.csChargingProfiles, validFrom: 'yesterday' }, /validFrom must be an ISO-8601/],
    ['not an object', /csChargingProfiles must be an object/],
  ])('names the bad field of a malformed 1.6 profile (%#)', (bad, message) => {
    expect(() => fromV16Profile(1, bad)).toThrow(message);
  });

  it('round-trips 1.6 and 2.0.1 profiles', () => {
    const p16 = fromV16Profile(1, v16Request.csChargingProfiles);
    expect(toV16Profile(p16)).toEqual({
      ...v16Request.csChargingProfiles,
      validFrom: '2026-03-02T00:00:00.000Z',
    });
    const p201 = fromV201Profile(2, v201Request.chargingProfile);
    expect(toV201Profile(p201)).toEqual(v201Request.chargingProfile);
  });

  it('reported 2.0.1 profiles are valid ReportChargingProfiles payloads', () => {
    const report = {
      requestId: 1,
      chargingLimitSource: 'CSO',
      evseId: 0,
      chargingProfile: [
        toV201Profile(aProfile({ id: 5, startMs: T0 })),
        toV201Profile(aProfile({ id: 6, kind: 'Relative' })),
      ],
    };
    expect(validator.validate('2.0.1', 'ReportChargingProfiles', 'request', report)).toEqual({ ok: true });
  });
});

describe('GetCompositeSchedule payloads', () => {
  const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
  store.install(
    aProfile({
      startMs: T0,
      rateUnit: 'W',
      minChargingRate: 1380,
      periods: periods([0, 4000], [600, 7000, 1]),
    }),
    {
      nowMs: T0,
    },
  );

  it.each(['A', 'W'] as const)('1.6 response in %s is schema-valid', (unit) => {
    const response = toV16CompositeScheduleResponse(1, store.compositeSchedule(1, T0, 1200, unit));
    expect(validator.validate('1.6', 'GetCompositeSchedule', 'response', response)).toEqual({ ok: true });
    expect(response.chargingSchedule?.chargingRateUnit).toBe(unit);
    expect(response.scheduleStart).toBe('2026-03-02T00:00:00.000Z');
  });

  it.each(['A', 'W'] as const)('2.0.1 response in %s is schema-valid', (unit) => {
    const response = toV201CompositeScheduleResponse(1, store.compositeSchedule(1, T0, 1200, unit));
    expect(validator.validate('2.0.1', 'GetCompositeSchedule', 'response', response)).toEqual({ ok: true });
    expect(response.schedule?.evseId).toBe(1);
  });

  it('carries the hand-computed periods', () => {
    const response = toV16CompositeScheduleResponse(1, store.compositeSchedule(1, T0, 1200, 'A'));
    expect(response.chargingSchedule).toEqual({
      duration: 1200,
      startSchedule: '2026-03-02T00:00:00.000Z',
      chargingRateUnit: 'A',
      minChargingRate: 2,
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 5.7, numberPhases: 3 },
        { startPeriod: 600, limit: 30.3, numberPhases: 1 },
      ],
    });
  });

  it.each([
    [8.1, 8],
    [30.4, 30.3],
    [5.7, 5.7],
    [16, 16],
    [0.05, 0],
  ])('1.6 limit %d is reported as %d (a tenth that survives float multipleOf checks)', (limit, reported) => {
    expect(v16SafeTenth(limit)).toBe(reported);
    const response = {
      status: 'Accepted',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: reported }],
      },
    };
    expect(validator.validate('1.6', 'GetCompositeSchedule', 'response', response)).toEqual({ ok: true });
  });
});
