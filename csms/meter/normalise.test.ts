import { describe, expect, it } from 'vitest';
import { energyRegisterWh } from './meter-sample.js';
import { normaliseUnit } from './normalise-unit.js';
import { normaliseV16MeterValues, normaliseV16Sample } from './normalise-v16.js';
import { normaliseV201Sample } from './normalise-v201.js';

describe('normaliseUnit', () => {
  it.each([
    [7.4, 'kW', 0, 'W', 7400],
    [12.345, 'kWh', 0, 'Wh', 12345],
    [16000, 'mA', 0, 'A', 16],
    [230000, 'mV', 0, 'V', 230],
    [1.5, 'kvarh', 0, 'varh', 1500],
    [11, 'kVA', 0, 'VA', 11000],
    [1234, 'Wh', 0, 'Wh', 1234],
    [55, 'Percent', 0, 'Percent', 55],
    [12, 'Wh', 3, 'Wh', 12000],
    [74, 'kW', -1, 'W', 7400],
  ])('%s %s (multiplier %s) -> %s %s', (value, unit, multiplier, outUnit, outValue) => {
    expect(normaliseUnit(value, unit, multiplier)).toEqual({ unit: outUnit, value: outValue });
  });
});

describe('normaliseV16Sample', () => {
  it('applies the 1.6 defaults when only a value is sent', () => {
    expect(normaliseV16Sample({ value: '1500' })).toEqual({
      measurand: 'Energy.Active.Import.Register',
      unit: 'Wh',
      value: 1500,
      rawValue: '1500',
    });
  });

  it('keeps phase, location, context and the received unit', () => {
    expect(
      normaliseV16Sample({
        value: '16000',
        unit: 'mA',
        measurand: 'Current.Import',
        phase: 'L2',
        location: 'Outlet',
        context: 'Sample.Periodic',
      }),
    ).toEqual({
      measurand: 'Current.Import',
      phase: 'L2',
      location: 'Outlet',
      context: 'Sample.Periodic',
      unit: 'A',
      value: 16,
      rawValue: '16000',
      rawUnit: 'mA',
    });
  });

  it.each([
    ['SignedData', 'A1B2C3'],
    ['Raw', 'not-a-number'],
    ['Raw', ''],
  ])('stores a %s value "%s" that is not a number as text with a null value', (format, value) => {
    const s = normaliseV16Sample({ value, format });
    expect(s.value).toBeNull();
    expect(s.rawValue).toBe(value);
  });

  it('infers the unit of a power measurand sent without one', () => {
    expect(normaliseV16Sample({ value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' }).value).toBe(
      7400,
    );
    expect(normaliseV16Sample({ value: '7400', measurand: 'Power.Active.Import' }).unit).toBe('W');
  });
});

describe('normaliseV201Sample', () => {
  it('applies the unitOfMeasure multiplier and scale', () => {
    expect(
      normaliseV201Sample({
        value: 1.5,
        measurand: 'Energy.Active.Import.Register',
        unitOfMeasure: { unit: 'kWh' },
      }),
    ).toMatchObject({ unit: 'Wh', value: 1500, rawValue: '1.5', rawUnit: 'kWh' });
    expect(normaliseV201Sample({ value: 22, unitOfMeasure: { unit: 'Wh', multiplier: 3 } })).toMatchObject({
      unit: 'Wh',
      value: 22000,
    });
  });
});

describe('energyRegisterWh', () => {
  it('picks the total outlet import register and ignores phases and other measurands', () => {
    const [reading] = normaliseV16MeterValues([
      {
        timestamp: '2025-01-01T00:00:00Z',
        sampledValue: [
          { value: '5', unit: 'kWh', phase: 'L1' },
          { value: '7000', measurand: 'Power.Active.Import', unit: 'W' },
          { value: '12.5', unit: 'kWh' },
        ],
      },
    ]);
    expect(energyRegisterWh(reading!)).toBe(12500);
  });

  it('is undefined when no register is sampled', () => {
    expect(energyRegisterWh({ timeMs: 0, samples: [] })).toBeUndefined();
  });
});

describe('normalised samples', () => {
  const order = [
    'measurand',
    'phase',
    'location',
    'context',
    'unit',
    'value',
    'rawValue',
    'rawUnit',
    'format',
  ];
  it('list their fields in the order of MeterSample, whichever are present', () => {
    const v16 = normaliseV16Sample({
      value: 'abc',
      unit: 'kWh',
      measurand: 'Energy.Active.Import.Register',
      phase: 'L1',
      location: 'Outlet',
      context: 'Sample.Periodic',
      format: 'SignedData',
    });
    const v201 = normaliseV201Sample({
      value: 7,
      measurand: 'Power.Active.Import',
      phase: 'L2',
      location: 'Outlet',
      context: 'Sample.Periodic',
      signedMeterValue: {},
      unitOfMeasure: { unit: 'kW', multiplier: 1 },
    });
    expect(Object.keys(v16)).toEqual(order);
    expect(Object.keys(v201)).toEqual(order);
    expect(Object.keys(normaliseV16Sample({ value: '1', context: 'Trigger' }))).toEqual([
      'measurand',
      'context',
      'unit',
      'value',
      'rawValue',
    ]);
  });
});
