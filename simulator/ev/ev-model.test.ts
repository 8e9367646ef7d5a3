import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import { drawEv } from './draw-ev.js';
import { EV_CATALOG, findEvSpec } from './ev-catalog.js';
import { createEv, type CreateEvOptions } from './ev-model.js';
import { curveFraction, type EvSpec } from './ev-spec.js';

const T0 = Date.parse('2026-03-02T12:30:00Z');
const HOUR = 3_600_000;

/** A 1-phase 32 A car with a 40.5 kWh battery (a Tata Nexon EV), tapering above 80 %. */
function aSpec(overrides: Partial<EvSpec> = {}): EvSpec {
  return {
    name: 'Test car',
    batteryWh: 40_500,
    maxAcCurrentA: 32,
    phases: 1,
    chargeCurve: { kneeSocPercent: 80, fullSocFraction: 0.25 },
    minCurrentA: 6,
    efficiency: 0.9,
    ...overrides,
  };
}

function anEv(spec: Partial<EvSpec> = {}, opts: Partial<CreateEvOptions> = {}) {
  return createEv(aSpec(spec), {
    arrivalMs: T0,
    departureMs: T0 + 12 * HOUR,
    arrivalSocPercent: 20,
    targetSocPercent: 100,
    reactionDelayMs: 0,
    ...opts,
  });
}

describe('EV model', () => {
  it('draws constant power below the knee: 32 A x 230 V for an hour = 7360 Wh, +16.36 % SoC', () => {
    const ev = anEv();
    ev.offer(32, T0);
    expect(ev.advanceTo(T0 + HOUR, 230)).toBeCloseTo(7360, 6);
    expect(ev.socPercent).toBeCloseTo(20 + (7360 * 0.9 * 100) / 40_500, 6);
    expect(ev.drawnWh).toBeCloseTo(7360, 6);
  });

  it('follows a new limit only after its reaction delay', () => {
    const ev = anEv({}, { reactionDelayMs: 2000 });
    ev.offer(16, T0);
    expect(ev.advanceTo(T0 + 1000, 230)).toBe(0);
    expect(ev.currentA()).toBe(0);
    ev.advanceTo(T0 + 2000, 230);
    expect(ev.currentA()).toBe(16);
    ev.offer(10, T0 + 2000);
    expect(ev.advanceTo(T0 + 4000, 230)).toBeCloseTo((16 * 230 * 2) / 3600, 9);
    expect(ev.currentA()).toBe(10);
  });

  it.each([
    { offered: 5.9, ignoresLimit: false, current: 0 },
    { offered: 6, ignoresLimit: false, current: 6 },
    { offered: 40, ignoresLimit: false, current: 32 },
    { offered: 5.9, ignoresLimit: true, current: 32 },
    { offered: 10, ignoresLimit: true, current: 32 },
    { offered: 0, ignoresLimit: true, current: 0 },
  ])(
    'offered $offered A (ignoresLimit $ignoresLimit) -> draws $current A',
    ({ offered, ignoresLimit, current }) => {
      const ev = anEv({}, { ignoresLimit });
      ev.offer(offered, T0);
      expect(ev.currentA()).toBe(current);
    },
  );

  it.each([
    [50, 1],
    [80, 1],
    [90, 0.625],
    [100, 0.25],
  ])('charge curve at %d %% accepts %d of the maximum', (soc, fraction) => {
    expect(curveFraction({ kneeSocPercent: 80, fullSocFraction: 0.25 }, soc)).toBeCloseTo(fraction, 9);
    const ev = anEv({}, { arrivalSocPercent: soc, targetSocPercent: 100 });
    expect(ev.acceptanceA()).toBeCloseTo(soc === 100 ? 0 : 32 * fraction, 9);
  });

  it('stops exactly at the target SoC: 1 % of 40.5 kWh at 90 % efficiency = 450 Wh', () => {
    const ev = anEv({}, { arrivalSocPercent: 79, targetSocPercent: 80 });
    ev.offer(32, T0);
    expect(ev.advanceTo(T0 + HOUR, 230)).toBeCloseTo(450, 6);
    expect(ev.full).toBe(true);
    expect(ev.currentA()).toBe(0);
    expect(ev.advanceTo(T0 + 2 * HOUR, 230)).toBe(0);
  });

  it('a three-phase car offered one phase charges on one', () => {
    const ev = anEv({ phases: 3, maxAcCurrentA: 16 });
    ev.offer(16, T0, 1);
    expect(ev.activePhases()).toBe(1);
    expect(ev.powerW(230)).toBe(16 * 230);
    ev.offer(16, T0, 3);
    expect(ev.powerW(230)).toBe(16 * 3 * 230);
  });

  it('energy is the integral of power: many small steps equal one large step, also through the taper', () => {
    const stepped = anEv({}, { arrivalSocPercent: 70 });
    const single = anEv({}, { arrivalSocPercent: 70 });
    stepped.offer(32, T0);
    single.offer(32, T0);
    let sum = 0;
    for (let t = T0 + 10_000; t <= T0 + 3 * HOUR; t += 10_000) sum += stepped.advanceTo(t, 230);
    const once = single.advanceTo(T0 + 3 * HOUR, 230);
    expect(sum).toBeCloseTo(once, 0);
    expect(stepped.socPercent).toBeCloseTo(single.socPercent, 2);
    expect(stepped.socPercent).toBeGreaterThan(80);
  });

  it.each([
    [{ arrivalSocPercent: 101 }, /arrivalSocPercent must be between 0 and 100/],
    [{ targetSocPercent: -1 }, /targetSocPercent/],
    [{ departureMs: T0 }, /departureMs .* must be later than arrivalMs/],
    [{ reactionDelayMs: -5 }, /reactionDelayMs/],
  ])('rejects bad options %o', (opts, message) => {
    expect(() => anEv({}, opts)).toThrow(message);
  });

  it.each([
    [{ batteryWh: 0 }, /batteryWh must be positive/],
    [{ phases: 2 as 1 }, /phases must be 1 or 3/],
    [{ minCurrentA: 40 }, /minCurrentA/],
    [{ chargeCurve: { kneeSocPercent: 100, fullSocFraction: 0.2 } }, /kneeSocPercent/],
  ])('rejects a bad spec %o', (spec, message) => {
    expect(() => anEv(spec)).toThrow(message);
  });
});

describe('drawEv', () => {
  const dayStartMs = Date.parse('2026-03-01T18:30:00Z'); // 00:00 in Asia/Kolkata

  it('draws the same EV from the same stream', () => {
    const a = drawEv(new Rng(42).fork('ev/CP1/0'), { dayStartMs });
    const b = drawEv(new Rng(42).fork('ev/CP1/0'), { dayStartMs });
    expect([a.spec.name, a.arrivalMs, a.departureMs, a.socPercent, a.targetSocPercent]).toEqual([
      b.spec.name,
      b.arrivalMs,
      b.departureMs,
      b.socPercent,
      b.targetSocPercent,
    ]);
  });

  it('draws plausible home-charging sessions from the catalogue', () => {
    const rng = new Rng('fleet');
    const names = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const ev = drawEv(rng.fork(`ev/${i}`), { dayStartMs });
      names.add(ev.spec.name);
      const arrivalHour = (ev.arrivalMs - dayStartMs) / HOUR;
      expect(arrivalHour).toBeGreaterThanOrEqual(14);
      expect(arrivalHour).toBeLessThanOrEqual(23);
      const stay = (ev.departureMs - ev.arrivalMs) / HOUR;
      expect(stay).toBeGreaterThanOrEqual(10);
      expect(stay).toBeLessThanOrEqual(14);
      expect(ev.socPercent).toBeGreaterThanOrEqual(15);
      expect(ev.socPercent).toBeLessThanOrEqual(60);
      expect(ev.targetSocPercent).toBeGreaterThanOrEqual(80);
    }
    expect(names.size).toBeGreaterThanOrEqual(8);
  });

  it('every catalogue car is a valid spec, found by name', () => {
    for (const { spec } of EV_CATALOG) {
      expect(findEvSpec(spec.name.toUpperCase())).toBe(spec);
      expect(() => anEv(spec)).not.toThrow();
    }
  });
});
