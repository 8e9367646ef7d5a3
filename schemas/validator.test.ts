import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { PayloadKind, ValidationResult } from '../common/rpc-types.js';
import {
  aV16MeterValues,
  aV16StatusNotification,
  aV201BootNotification,
  aV201TransactionEvent,
} from './sample-payloads.js';
import { actionsOf } from './actions.js';
import { createValidator, defaultValidator } from './validator.js';

const validator = createValidator();

interface Case {
  readonly name: string;
  readonly version: OcppVersion;
  readonly action: string;
  readonly kind: PayloadKind;
  readonly payload: unknown;
}

function violationsOf(result: ValidationResult): { pointer: string; code: string; message: string }[] {
  return result.ok ? [] : result.violations.map(({ pointer, code, message }) => ({ pointer, code, message }));
}

describe('compilation', () => {
  it.each(['1.6', '2.0.1'] as const)('compiles every OCPP %s schema with ajv in strict mode', (version) => {
    const fresh = createValidator();
    expect(() =>
      fresh.compileAll(
        version,
        actionsOf(version).map((a) => a.action),
      ),
    ).not.toThrow();
  });
});

describe('valid payloads pass', () => {
  it.each<Case>([
    {
      name: '1.6 Authorize',
      version: '1.6',
      action: 'Authorize',
      kind: 'request',
      payload: { idTag: 'RFID-0001' },
    },
    {
      name: '1.6 StatusNotification',
      version: '1.6',
      action: 'StatusNotification',
      kind: 'request',
      payload: aV16StatusNotification(),
    },
    {
      name: '1.6 MeterValues (10 samples)',
      version: '1.6',
      action: 'MeterValues',
      kind: 'request',
      payload: aV16MeterValues(),
    },
    {
      name: '1.6 Heartbeat response',
      version: '1.6',
      action: 'Heartbeat',
      kind: 'response',
      payload: { currentTime: '2026-03-01T10:00:00Z' },
    },
    {
      name: '1.6 UpdateFirmware with a uri',
      version: '1.6',
      action: 'UpdateFirmware',
      kind: 'request',
      payload: { location: 'https://fw.example.com/ac22/3.1.5.bin', retrieveDate: '2026-03-02T02:00:00Z' },
    },
    {
      name: '1.6 security extension SignedUpdateFirmware response',
      version: '1.6',
      action: 'SignedUpdateFirmware',
      kind: 'response',
      payload: { status: 'Accepted' },
    },
    {
      name: '2.0.1 BootNotification',
      version: '2.0.1',
      action: 'BootNotification',
      kind: 'request',
      payload: aV201BootNotification(),
    },
    {
      name: '2.0.1 TransactionEvent (10 samples)',
      version: '2.0.1',
      action: 'TransactionEvent',
      kind: 'request',
      payload: aV201TransactionEvent(),
    },
    {
      name: '2.0.1 customData with vendor fields anywhere it is allowed',
      version: '2.0.1',
      action: 'Heartbeat',
      kind: 'request',
      payload: { customData: { vendorId: 'com.voltaro', firmwareBuild: 77, extra: { nested: true } } },
    },
    {
      name: '2.0.1 nested customData',
      version: '2.0.1',
      action: 'BootNotification',
      kind: 'request',
      payload: aV201BootNotification({
        chargingStation: { model: 'AC22', vendorName: 'Voltaro', customData: { vendorId: 'x', slot: 'B' } },
      }),
    },
  ])('$name', ({ version, action, kind, payload }) => {
    expect(validator.validate(version, action, kind, payload)).toEqual({ ok: true });
  });
});

describe('reporting', () => {
  it('reports every violation of a payload, in schema order', () => {
    const result = validator.validate('1.6', 'Authorize', 'request', { idTag: 'A'.repeat(21), extra: 1 });
    expect(violationsOf(result).map((v) => `${v.code} ${v.pointer}`)).toEqual([
      'PropertyConstraintViolation /extra',
      'FormationViolation /idTag',
    ]);
  });

  it('reports a wrong type once, not also as an enum or length failure', () => {
    const result = validator.validate(
      '1.6',
      'StatusNotification',
      'request',
      aV16StatusNotification({ status: 3 as never }),
    );
    expect(violationsOf(result)).toEqual([
      {
        pointer: '/status',
        code: 'TypeConstraintViolation',
        message: '/status: must be a string (got integer 3)',
      },
    ]);
  });

  it('escapes "/" and "~" in the pointer of an extra property', () => {
    const result = validator.validate('1.6', 'Heartbeat', 'request', { 'a/b~c': 1 });
    expect(violationsOf(result).map((v) => v.pointer)).toEqual(['/a~1b~0c']);
  });

  it.each([
    ['1.6', 'TransactionEvent', 'NotImplemented'],
    ['2.0.1', 'StartTransaction', 'NotImplemented'],
    ['2.0.1', 'Nonsense', 'NotImplemented'],
  ] as const)('an action %s does not have (%s) is %s', (version, action, code) => {
    expect(validator.hasAction(version, action)).toBe(false);
    const [violation] = violationsOf(validator.validate(version, action, 'request', {}));
    expect(violation?.code).toBe(code);
    expect(violation?.message).toContain(`"${action}"`);
  });

  it.each([
    ['1.6', 'StartTransaction'],
    ['1.6', 'SignedUpdateFirmware'],
    ['2.0.1', 'TransactionEvent'],
    ['2.0.1', 'DataTransfer'],
  ] as const)('knows %s %s', (version, action) => {
    expect(validator.hasAction(version, action)).toBe(true);
  });

  it('shares one default validator per process', () => {
    expect(defaultValidator()).toBe(defaultValidator());
    expect(defaultValidator()).not.toBe(validator);
  });
});

describe('1.6 limits in tenths (multipleOf 0.1) — regression: 8.1 was refused by a float division', () => {
  const profileWithLimit = (limit: number): unknown => ({
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 1,
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
    },
  });

  it.each([8.1, 30.4, 12.3, 0.7, 16, 31.9])('accepts %s A', (limit) => {
    expect(validator.validate('1.6', 'SetChargingProfile', 'request', profileWithLimit(limit))).toEqual({
      ok: true,
    });
  });

  it.each([16.05, 8.15, 12.333])('refuses %s A, which is not in tenths', (limit) => {
    expect(
      violationsOf(validator.validate('1.6', 'SetChargingProfile', 'request', profileWithLimit(limit))).map(
        (v) => v.code,
      ),
    ).toEqual(['PropertyConstraintViolation']);
  });
});

it('compiles a schema mid-run without opening a file: validation goes on in a process out of file descriptors', () => {
  const fresh = createValidator();
  // The first schema of a version reads them all.
  expect(fresh.validate('1.6', 'Heartbeat', 'request', {}).ok).toBe(true);
  const fds: number[] = [];
  try {
    for (;;) fds.push(openSync('/dev/null', 'r'));
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('EMFILE');
  }
  try {
    // StopTransaction was never compiled by this validator: compiling it now needs its schema.
    const stop = { transactionId: 1, meterStop: 100, timestamp: '2025-03-01T10:00:00Z' };
    expect(fresh.validate('1.6', 'StopTransaction', 'request', stop)).toEqual({ ok: true });
    expect(fresh.validate('1.6', 'StopTransaction', 'request', {}).ok).toBe(false);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
});
