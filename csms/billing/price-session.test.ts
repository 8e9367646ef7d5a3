import { describe, expect, it } from 'vitest';
import type { SessionUsage } from './price-session.js';
import { PricingError, meterCurve, priceSession } from './price-session.js';
import { formatMoney, money } from './money.js';
import type { TariffInput } from './tariff.js';
import { tariffFromInput } from './tariff.js';

/** A tariff with a base price and, unless replaced, peak 18-22 and night 22-06 in Asia/Kolkata. */
function aTariff(input: Partial<TariffInput> = {}) {
  return tariffFromInput(
    't1',
    {
      pricePerKwh: '10.00',
      timeZone: 'Asia/Kolkata',
      periods: [
        { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: '15.00' },
        { name: 'night', start: '22:00', end: '06:00', pricePerKwh: '6.00' },
      ],
      ...input,
    },
    0,
  );
}

/** A session between two IST wall times on Monday 2025-03-10 (IST = UTC+05:30). */
function aSession(
  fromIst: string,
  toIst: string,
  meterStartWh: number,
  meterStopWh: number,
  samples: [string, number][] = [],
): SessionUsage {
  const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+05:30`);
  return {
    startedAtMs: at(fromIst),
    stoppedAtMs: at(toIst),
    meterStartWh,
    meterStopWh,
    samples: samples.map(([t, e]) => ({ atMs: at(t), energyWh: e })),
  };
}

describe('priceSession (hand-computed amounts)', () => {
  it.each<[string, Partial<TariffInput>, SessionUsage, string]>([
    [
      'flat 12.50/kWh plus 5.00 fee, meter from 12345 Wh: 8 kWh x 12.50 + 5.00',
      { pricePerKwh: '12.50', sessionFee: '5.00', periods: [] },
      aSession('10:00', '11:00', 12_345, 20_345),
      '105.00 INR',
    ],
    [
      'ToU split by samples: 17:00-18:30 base 2 kWh (20.00), 18:00-19:00 peak 2 kWh (30.00)',
      {},
      aSession('17:00', '19:00', 50_000, 54_000, [
        ['17:30', 51_000],
        ['18:30', 53_000],
      ]),
      '50.00 INR',
    ],
    [
      'no samples, 17:40-18:10: 20 min base 2 kWh (20.00) + 10 min peak 1 kWh (15.00)',
      {},
      aSession('17:40', '18:10', 7, 3_007),
      '35.00 INR',
    ],
    [
      'across midnight boundary 21:00-23:00: 2 kWh peak (30.00) + 2 kWh night (12.00)',
      {},
      aSession('21:00', '23:00', 1_000_000, 1_004_000),
      '42.00 INR',
    ],
    [
      'half rounds up: 333 Wh x 15.00 = 499.5 paise',
      { pricePerKwh: '15.00', periods: [] },
      aSession('10:00', '10:30', 0, 333),
      '5.00 INR',
    ],
    [
      'just under half rounds down: 499 Wh x 0.01 = 0.499 paise',
      { pricePerKwh: '0.01', periods: [] },
      aSession('10:00', '10:30', 0, 499),
      '0.00 INR',
    ],
    [
      'rounded once at the end: 0.5 kWh x 10.05 + 0.5 kWh x 15.05 = 502.5 + 752.5 = 1255 (not 503 + 753)',
      {
        pricePerKwh: '10.05',
        periods: [{ name: 'peak', start: '18:00', end: '22:00', pricePerKwh: '15.05' }],
      },
      aSession('17:50', '18:10', 0, 1_000),
      '12.55 INR',
    ],
    [
      'zero energy still pays the session fee',
      { sessionFee: '2.50' },
      aSession('10:00', '10:05', 500, 500),
      '2.50 INR',
    ],
  ])('%s', (_name, tariff, usage, expected) => {
    const priced = priceSession(aTariff(tariff), usage);
    expect(formatMoney(money(priced.amountMinor, priced.currency))).toBe(expected);
    expect(priced.energyWh).toBe(usage.meterStopWh - usage.meterStartWh);
  });

  it('reports the energy of each period', () => {
    const priced = priceSession(aTariff(), aSession('17:40', '18:10', 7, 3_007));
    expect(priced.lines).toEqual([
      { period: 'base', pricePerKwhMinor: 1000, energyWh: 2000 },
      { period: 'peak', pricePerKwhMinor: 1500, energyWh: 1000 },
    ]);
  });

  it('ignores samples outside the session', () => {
    const usage = aSession('17:00', '19:00', 50_000, 54_000, [
      ['16:00', 10],
      ['19:30', 99_000],
      ['18:30', 52_000],
    ]);
    expect(meterCurve(usage).map((p) => p.energyWh)).toEqual([50_000, 52_000, 54_000]);
    // 17:00-18:30: 2 kWh, 1/3 in peak; 18:30-19:00: 2 kWh peak. 1333.33 Wh x 10 + 2666.67 Wh x 15 = 53.33.
    expect(priceSession(aTariff(), usage).amountMinor).toBe(5333);
  });

  it.each<[string, [string, number][], number]>([
    ['a sample below the start reading', [['17:30', 49_000]], 54_000],
    [
      'a reset mid-session',
      [
        ['17:30', 52_000],
        ['18:00', 300],
      ],
      54_000,
    ],
    ['a sample above the stop reading', [['18:30', 55_000]], 54_000],
  ])('sends %s to review instead of guessing', (_name, samples, stop) => {
    expect(() => priceSession(aTariff(), aSession('17:00', '19:00', 50_000, stop, samples))).toThrow(
      /register went backwards/,
    );
  });

  it('refuses a register that went backwards', () => {
    expect(() => priceSession(aTariff(), aSession('10:00', '11:00', 5_000, 4_000))).toThrow(PricingError);
    expect(() => priceSession(aTariff(), aSession('10:00', '11:00', 5_000, 4_000))).toThrow(/went backwards/);
  });
});
