import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { PayloadKind, ValidationResult } from '../common/rpc-types.js';
import {
  aV16MeterValues,
  aV16StatusNotification,
  aV201BootNotification,
  aV201TransactionEvent,
} from './sample-payloads.js';
import { createValidator } from './validator.js';

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

describe('each error class maps to the version’s code, with a pointer and a message saying what to change', () => {
  it.each<Case & { pointer: string; code: string; message: string }>([
    // missing required field
    {
      name: '1.6 missing connectorId',
      version: '1.6',
      action: 'StatusNotification',
      kind: 'request',
      payload: { errorCode: 'NoError', status: 'Available' },
      pointer: '/connectorId',
      code: 'OccurenceConstraintViolation',
      message: '/connectorId: required property missing',
    },
    {
      name: '2.0.1 missing reason',
      version: '2.0.1',
      action: 'BootNotification',
      kind: 'request',
      payload: { chargingStation: { model: 'AC22', vendorName: 'Voltaro' } },
      pointer: '/reason',
      code: 'OccurrenceConstraintViolation',
      message: '/reason: required property missing',
    },
    {
      name: '2.0.1 customData without vendorId',
      version: '2.0.1',
      action: 'Heartbeat',
      kind: 'request',
      payload: { customData: { note: 'x' } },
      pointer: '/customData/vendorId',
      code: 'OccurrenceConstraintViolation',
      message: '/customData/vendorId: required property missing',
    },
    // wrong type
    {
      name: '1.6 connectorId as a string',
      version: '1.6',
      action: 'StatusNotification',
      kind: 'request',
      payload: aV16StatusNotification({ connectorId: '1' as unknown as number }),
      pointer: '/connectorId',
      code: 'TypeConstraintViolation',
      message: '/connectorId: must be an integer (got string "1")',
    },
    {
      name: '2.0.1 seqNo as a fraction',
      version: '2.0.1',
      action: 'TransactionEvent',
      kind: 'request',
      payload: aV201TransactionEvent({ seqNo: 1.5 }),
      pointer: '/seqNo',
      code: 'TypeConstraintViolation',
      message: '/seqNo: must be an integer (got number 1.5)',
    },
    // additional property
    {
      name: '1.6 additional property',
      version: '1.6',
      action: 'Authorize',
      kind: 'request',
      payload: { idTag: 'RFID-0001', pin: '1234' },
      pointer: '/pin',
      code: 'PropertyConstraintViolation',
      message: '/pin: property not allowed by the schema; remove it',
    },
    {
      name: '2.0.1 additional nested property',
      version: '2.0.1',
      action: 'BootNotification',
      kind: 'request',
      payload: aV201BootNotification({
        chargingStation: { model: 'AC22', vendorName: 'Voltaro', colour: 'red' } as never,
      }),
      pointer: '/chargingStation/colour',
      code: 'PropertyConstraintViolation',
      message: '/chargingStation/colour: property not allowed by the schema; remove it',
    },
    // bad property value: enum, range, multipleOf
    {
      name: '1.6 status outside its enum',
      version: '1.6',
      action: 'StatusNotification',
      kind: 'request',
      payload: aV16StatusNotification({ status: 'Broken' as never }),
      pointer: '/status',
      code: 'PropertyConstraintViolation',
      message:
        '/status: must be one of "Available", "Preparing", "Charging", "SuspendedEVSE", "SuspendedEV", "Finishing", "Reserved", "Unavailable", "Faulted" (got "Broken")',
    },
    {
      name: '2.0.1 stateOfCharge above 100',
      version: '2.0.1',
      action: 'NotifyEVChargingNeeds',
      kind: 'request',
      payload: {
        evseId: 1,
        chargingNeeds: {
          requestedEnergyTransfer: 'DC',
          dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 800, stateOfCharge: 101 },
        },
      },
      pointer: '/chargingNeeds/dcChargingParameters/stateOfCharge',
      code: 'PropertyConstraintViolation',
      message: '/chargingNeeds/dcChargingParameters/stateOfCharge: must be <= 100 (got 101)',
    },
    {
      name: '1.6 limit not a multiple of 0.1',
      version: '1.6',
      action: 'RemoteStartTransaction',
      kind: 'request',
      payload: {
        idTag: 'RFID-0001',
        chargingProfile: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.05 }],
          },
        },
      },
      pointer: '/chargingProfile/chargingSchedule/chargingSchedulePeriod/0/limit',
      code: 'PropertyConstraintViolation',
      message:
        '/chargingProfile/chargingSchedule/chargingSchedulePeriod/0/limit: must be a multiple of 0.1 (got 16.05)',
    },
    // string too long, bad format
    {
      name: '1.6 idTag too long',
      version: '1.6',
      action: 'Authorize',
      kind: 'request',
      payload: { idTag: 'A'.repeat(25) },
      pointer: '/idTag',
      code: 'FormationViolation',
      message: '/idTag: must be at most 20 characters (got 25)',
    },
    {
      name: '2.0.1 model too long',
      version: '2.0.1',
      action: 'BootNotification',
      kind: 'request',
      payload: aV201BootNotification({ chargingStation: { model: 'M'.repeat(21), vendorName: 'Voltaro' } }),
      pointer: '/chargingStation/model',
      code: 'FormatViolation',
      message: '/chargingStation/model: must be at most 20 characters (got 21)',
    },
    {
      name: '1.6 timestamp not a date-time',
      version: '1.6',
      action: 'StatusNotification',
      kind: 'request',
      payload: aV16StatusNotification({ timestamp: '01/03/2026 10:00' }),
      pointer: '/timestamp',
      code: 'FormationViolation',
      message:
        '/timestamp: must be an RFC 3339 date-time with time zone, e.g. 2026-01-01T12:00:00Z (got "01/03/2026 10:00")',
    },
    {
      name: '1.6 date-time without a time zone',
      version: '1.6',
      action: 'Heartbeat',
      kind: 'response',
      payload: { currentTime: '2026-03-01T10:00:00' },
      pointer: '/currentTime',
      code: 'FormationViolation',
      message:
        '/currentTime: must be an RFC 3339 date-time with time zone, e.g. 2026-01-01T12:00:00Z (got "2026-03-01T10:00:00")',
    },
    {
      name: '2.0.1 impossible date',
      version: '2.0.1',
      action: 'Heartbeat',
      kind: 'response',
      payload: { currentTime: '2026-02-30T10:00:00Z' },
      pointer: '/currentTime',
      code: 'FormatViolation',
      message:
        '/currentTime: must be an RFC 3339 date-time with time zone, e.g. 2026-01-01T12:00:00Z (got "2026-02-30T10:00:00Z")',
    },
    {
      name: '1.6 location not a uri',
      version: '1.6',
      action: 'GetDiagnostics',
      kind: 'request',
      payload: { location: 'diagnostics upload folder' },
      pointer: '/location',
      code: 'FormationViolation',
      message:
        '/location: must be an absolute URI, e.g. https://example.com/firmware.bin (got "diagnostics upload folder")',
    },
    // occurrence of array items
    {
      name: '2.0.1 meter value with no sampled values',
      version: '2.0.1',
      action: 'TransactionEvent',
      kind: 'request',
      payload: aV201TransactionEvent({
        meterValue: [{ timestamp: '2026-03-01T10:15:00Z', sampledValue: [] }],
      }),
      pointer: '/meterValue/0/sampledValue',
      code: 'OccurrenceConstraintViolation',
      message: '/meterValue/0/sampledValue: must have at least 1 item(s) (got 0)',
    },
    // nested pointer into an array
    {
      name: '1.6 bad measurand in the second sampled value',
      version: '1.6',
      action: 'MeterValues',
      kind: 'request',
      payload: aV16MeterValues({
        meterValue: [
          {
            timestamp: '2026-03-01T10:15:00Z',
            sampledValue: [{ value: '1' }, { value: '2', unit: 'kW/h' as never }],
          },
        ],
      }),
      pointer: '/meterValue/0/sampledValue/1/unit',
      code: 'PropertyConstraintViolation',
      message:
        '/meterValue/0/sampledValue/1/unit: must be one of "Wh", "kWh", "varh", "kvarh", "W", "kW", "VA", "kVA", "var", "kvar", "A", "V", "K", "Celcius", "Celsius", "Fahrenheit", "Percent" (got "kW/h")',
    },
    // the payload itself
    {
      name: '1.6 payload not an object',
      version: '1.6',
      action: 'Heartbeat',
      kind: 'request',
      payload: [],
      pointer: '',
      code: 'TypeConstraintViolation',
      message: '(payload): must be an object (got array [])',
    },
  ])('$name -> $code at $pointer', ({ version, action, kind, payload, pointer, code, message }) => {
    expect(violationsOf(validator.validate(version, action, kind, payload))).toEqual([
      { pointer, code, message },
    ]);
  });
});
