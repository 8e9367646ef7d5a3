import { describe, expect, it } from 'vitest';
import {
  formatMoneyValue,
  PARAMETER_TYPES,
  parseCurrent,
  parseDuration,
  parseEnergy,
  parseMoney,
  parsePhase,
  parsePower,
  parseSwitch,
  parseTimeOfDay,
  parseVersion,
} from './parameter-types.js';

describe('parameter types', () => {
  it.each([
    ['2h', 7_200_000],
    ['90 s', 90_000],
    ['15 min', 900_000],
    ['1 day', 86_400_000],
    ['1.5 hours', 5_400_000],
    ['250 ms', 250],
    ['3 d', 259_200_000],
  ])('duration %s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['18:00', 18, 0, '18:00'],
    ['7:30', 7, 30, '07:30'],
    ['00:00', 0, 0, '00:00'],
    ['23:59', 23, 59, '23:59'],
  ])('time %s is %d:%d', (text, hour, minute, normal) => {
    expect(parseTimeOfDay(text)).toEqual({ hour, minute, minutes: hour * 60 + minute, text: normal });
  });

  it.each([
    ['7.4 kW', 7400],
    ['500 W', 500],
    ['1.2 MW', 1_200_000],
    ['11kW', 11_000],
  ])('power %s is %d W', (text, w) => {
    expect(parsePower(text)).toBe(w);
  });

  it.each([
    ['20 kWh', 20_000],
    ['500 Wh', 500],
    ['0.25 kWh', 250],
  ])('energy %s is %d Wh', (text, wh) => {
    expect(parseEnergy(text)).toBe(wh);
  });

  it.each([
    ['32 A', 32],
    ['16A', 16],
    ['6.5 A', 6.5],
  ])('current %s is %d A', (text, a) => {
    expect(parseCurrent(text)).toBe(a);
  });

  it.each([
    ['85.00 INR', 8500, 'INR'],
    ['85 INR', 8500, 'INR'],
    ['0.07 EUR', 7, 'EUR'],
    ['12.5 EUR', 1250, 'EUR'],
    ['1500 JPY', 1500, 'JPY'],
    ['1.234 KWD', 1234, 'KWD'],
    ['0.10 INR', 10, 'INR'],
  ])('money %s is %d minor units of %s, exactly', (text, minorUnits, currency) => {
    expect(parseMoney(text)).toEqual({ minorUnits, currency });
  });

  it.each([
    [{ minorUnits: 8500, currency: 'INR' }, '85.00 INR'],
    [{ minorUnits: 7, currency: 'EUR' }, '0.07 EUR'],
    [{ minorUnits: -1250, currency: 'INR' }, '-12.50 INR'],
    [{ minorUnits: 1500, currency: 'JPY' }, '1500 JPY'],
  ])('money %j is written %s', (m, text) => {
    expect(formatMoneyValue(m)).toBe(text);
  });

  it.each([
    ['1.6', '1.6'],
    ['2.0.1', '2.0.1'],
  ])('version %s', (text, v) => {
    expect(parseVersion(text)).toBe(v);
  });

  it.each([
    ['L1', 'L1'],
    ['l3', 'L3'],
  ])('phase %s', (text, p) => {
    expect(parsePhase(text)).toBe(p);
  });

  it.each([
    ['on', true],
    ['off', false],
  ])('switch %s', (text, on) => {
    expect(parseSwitch(text)).toBe(on);
  });

  it.each<[string, (t: string) => unknown, string, RegExp]>([
    [
      'duration',
      parseDuration,
      '2 fortnights',
      /unknown unit "fortnights"; write a number and one of ms, s, min, h, d/,
    ],
    ['time', parseTimeOfDay, '25:00', /24-hour time HH:mm/],
    ['time', parseTimeOfDay, '18:61', /24-hour time HH:mm/],
    ['power', parsePower, '7 hp', /W, kW or MW/],
    ['energy', parseEnergy, '20 kW', /Wh or kWh/],
    ['current', parseCurrent, '32 mA', /a number and A/],
    ['money', parseMoney, '85.001 INR', /INR has 2 decimal places, not 3/],
    ['money', parseMoney, '85 rupees', /ISO currency code, e\.g\. 85\.00 INR/],
    ['version', parseVersion, '2.0', /write 1\.6 or 2\.0\.1/],
    ['phase', parsePhase, 'L4', /L1, L2 or L3/],
    ['switch', parseSwitch, 'maybe', /on or off/],
  ])('a bad %s "%s" is refused saying what to write', (_type, parse, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it.each(Object.values(PARAMETER_TYPES).flatMap((p) => p.examples.map((e) => [p.name, e] as const)))(
    'the %s example "%s" matches its own pattern and parses',
    (name, example) => {
      const p = PARAMETER_TYPES[name];
      expect(new RegExp(`^(?:${p.regexp.source})$`).test(example)).toBe(true);
      expect(() => p.parse(example)).not.toThrow();
    },
  );
});
