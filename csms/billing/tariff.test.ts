import { describe, expect, it } from 'vitest';
import type { TariffInput } from './tariff.js';
import { TariffError, applicableTariff, periodAt, priceSegments, tariffFromInput } from './tariff.js';

const T0 = Date.parse('2025-03-10T00:00:00Z');

/** A tariff built from input with defaults for the fields a test does not care about. */
function aTariff(input: Partial<TariffInput> & { id?: string } = {}) {
  const { id = 't1', ...rest } = input;
  return tariffFromInput(id, { pricePerKwh: '10.00', ...rest }, T0);
}

describe('tariffFromInput', () => {
  it('turns decimal prices into minor units and fills defaults', () => {
    const t = aTariff({ pricePerKwh: '12.5', sessionFee: 5 });
    expect(t).toMatchObject({
      stationId: null,
      currency: 'INR',
      pricePerKwhMinor: 1250,
      sessionFeeMinor: 500,
      timeZone: 'Asia/Kolkata',
      effectiveFromMs: T0,
      periods: [],
    });
  });

  it.each<[string, Partial<TariffInput>, RegExp]>([
    ['three decimals', { pricePerKwh: '12.505' }, /pricePerKwh has 3 decimal places/],
    ['negative price', { pricePerKwh: '-1' }, /pricePerKwh must not be negative/],
    ['bad zone', { timeZone: 'Mars/Olympus' }, /timeZone must be an IANA zone/],
    ['bad currency', { currency: 'rupee' }, /currency must be a three-letter/],
    ['bad period time', { periods: [{ start: '6pm', end: '22:00', pricePerKwh: 1 }] }, /periods\[0\]\.start/],
    [
      'empty period',
      { periods: [{ start: '18:00', end: '18:00', pricePerKwh: 1 }] },
      /periods\[0\] is empty/,
    ],
    [
      'bad weekday',
      { periods: [{ start: '18:00', end: '19:00', pricePerKwh: 1, daysOfWeek: [0] }] },
      /ISO weekdays/,
    ],
    ['bad effectiveFrom', { effectiveFrom: 'tomorrow' }, /effectiveFrom must be an ISO-8601 instant/],
    [
      'overlapping periods',
      {
        periods: [
          { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: 15 },
          { name: 'night', start: '21:00', end: '06:00', pricePerKwh: 6 },
        ],
      },
      /"peak" and "night" overlap/,
    ],
  ])('rejects %s', (_name, input, message) => {
    expect(() => aTariff(input)).toThrow(TariffError);
    expect(() => aTariff(input)).toThrow(message);
  });

  it('accepts windows that wrap midnight next to ones that do not', () => {
    const t = aTariff({
      periods: [
        { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: 15 },
        { name: 'night', start: '22:00', end: '06:00', pricePerKwh: 6 },
      ],
    });
    expect(t.periods.map((p) => p.pricePerKwhMinor)).toEqual([1500, 600]);
  });
});

describe('applicableTariff', () => {
  const global1 = aTariff({ id: 'g1', effectiveFrom: '2025-01-01T00:00:00Z' });
  const global2 = aTariff({ id: 'g2', effectiveFrom: '2025-03-01T00:00:00Z' });
  const cp1 = aTariff({ id: 'cp1', stationId: 'CP1', effectiveFrom: '2025-02-01T00:00:00Z' });
  const all = [global1, global2, cp1];

  it.each([
    ['CP1', '2025-02-15T00:00:00Z', 'cp1'],
    ['CP1', '2025-01-15T00:00:00Z', 'g1'],
    ['CP2', '2025-02-15T00:00:00Z', 'g1'],
    ['CP2', '2025-03-01T00:00:00Z', 'g2'],
    ['CP2', '2025-03-20T00:00:00Z', 'g2'],
  ])('station %s starting %s uses %s', (station, start, id) => {
    expect(applicableTariff(all, station, Date.parse(start))?.id).toBe(id);
  });

  it('finds nothing before the first tariff', () => {
    expect(applicableTariff(all, 'CP1', Date.parse('2024-12-31T23:59:59Z'))).toBeUndefined();
  });
});

describe('time-of-use periods in the site time zone', () => {
  const t = aTariff({
    timeZone: 'Asia/Kolkata',
    periods: [
      { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: 15 },
      { name: 'night', start: '22:00', end: '06:00', pricePerKwh: 6 },
      { name: 'weekend-noon', start: '12:00', end: '14:00', pricePerKwh: 8, daysOfWeek: [6, 7] },
    ],
  });

  it.each([
    ['2025-03-10T12:29:59Z', 'base'], // 17:59:59 IST
    ['2025-03-10T12:30:00Z', 'peak'], // 18:00 IST
    ['2025-03-10T16:30:00Z', 'night'], // 22:00 IST
    ['2025-03-10T20:00:00Z', 'night'], // 01:30 IST next day
    ['2025-03-11T00:30:00Z', 'base'], // 06:00 IST
    ['2025-03-10T07:00:00Z', 'base'], // Monday 12:30 IST
    ['2025-03-15T07:00:00Z', 'weekend-noon'], // Saturday 12:30 IST
  ])('%s is %s', (iso, name) => {
    expect(periodAt(t, Date.parse(iso))?.name ?? 'base').toBe(name);
  });

  it('splits an interval at each local boundary', () => {
    const segs = priceSegments(t, Date.parse('2025-03-10T11:30:00Z'), Date.parse('2025-03-11T01:30:00Z'));
    expect(segs.map((s) => [new Date(s.fromMs).toISOString(), s.period, s.pricePerKwhMinor])).toEqual([
      ['2025-03-10T11:30:00.000Z', 'base', 1000],
      ['2025-03-10T12:30:00.000Z', 'peak', 1500],
      ['2025-03-10T16:30:00.000Z', 'night', 600],
      ['2025-03-11T00:30:00.000Z', 'base', 1000],
    ]);
  });

  it('moves boundaries with daylight saving time', () => {
    const berlin = aTariff({
      timeZone: 'Europe/Berlin',
      periods: [{ name: 'night', start: '22:00', end: '06:00', pricePerKwh: 6 }],
    });
    const segs = priceSegments(
      berlin,
      Date.parse('2025-03-29T20:00:00Z'),
      Date.parse('2025-03-30T06:00:00Z'),
    );
    // 22:00 CET is 21:00Z; 06:00 CEST (after the spring change) is 04:00Z.
    expect(segs.map((s) => [new Date(s.fromMs).toISOString(), s.period])).toEqual([
      ['2025-03-29T20:00:00.000Z', 'base'],
      ['2025-03-29T21:00:00.000Z', 'night'],
      ['2025-03-30T04:00:00.000Z', 'base'],
    ]);
  });
});
