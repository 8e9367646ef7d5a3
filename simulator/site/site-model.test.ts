import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import { PHASES } from '../../common/units.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { HOME_DAILY_SHAPE } from './home-load-profile.js';
import { clearSkyFraction } from './pv-profile.js';
import type { SiteConfig } from './site-config.js';
import { drawSiteEv } from './site-evs.js';
import { SiteModel } from './site-model.js';

/** 2 March 2026, 00:00 in Asia/Kolkata (UTC+5:30). */
const MIDNIGHT_IST = Date.parse('2026-03-01T18:30:00Z');
const HOUR = 3_600_000;

function aSiteConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    id: 'home',
    timeZone: 'Asia/Kolkata',
    voltageV: 230,
    phases: 3,
    mainFuseA: 60,
    pv: { peakPowerW: 10_000, cloudiness: 0 },
    home: { minPowerW: 3000, maxPowerW: 8000 },
    chargers: [],
    ...overrides,
  };
}

function aSiteModel(overrides: Partial<SiteConfig> = {}, seed: string | number = 7): SiteModel {
  return new SiteModel(aSiteConfig(overrides), new Rng(seed).fork('site/home'));
}

describe('PV', () => {
  it.each([
    [0, 0],
    [5.9, 0],
    [10, 1],
    [12, 1],
    [14, 1],
    [19, 0],
  ])('clear sky at %d:00 local gives %d of the peak', (hour, fraction) => {
    expect(clearSkyFraction(hour)).toBe(fraction);
    const site = aSiteModel();
    expect(site.pv.powerAtW(MIDNIGHT_IST + hour * HOUR)).toBeCloseTo(10_000 * fraction, 6);
  });

  it('is a bell: rising in the morning, falling in the evening', () => {
    expect(clearSkyFraction(7)).toBeLessThan(clearSkyFraction(8));
    expect(clearSkyFraction(8)).toBeLessThan(clearSkyFraction(9.5));
    expect(clearSkyFraction(16)).toBeGreaterThan(clearSkyFraction(17.5));
  });

  it('follows the site time zone: UTC noon is 17:30 in Kolkata', () => {
    const site = aSiteModel();
    expect(site.pv.powerAtW(Date.parse('2026-03-02T12:00:00Z'))).toBeCloseTo(
      10_000 * clearSkyFraction(17.5),
      6,
    );
  });

  it('clouds take energy away, seeded per day, and the same seed gives the same clouds in any order', () => {
    const dayEnergy = (site: SiteModel): number => {
      let wh = 0;
      for (let t = MIDNIGHT_IST; t < MIDNIGHT_IST + 24 * HOUR; t += 300_000) wh += site.pv.powerAtW(t) / 12;
      return wh;
    };
    const clear = dayEnergy(aSiteModel({ pv: { peakPowerW: 10_000, cloudiness: 0 } }));
    const cloudy = dayEnergy(aSiteModel({ pv: { peakPowerW: 10_000, cloudiness: 0.8 } }));
    expect(cloudy).toBeLessThan(clear * 0.8);
    const a = aSiteModel({ pv: { peakPowerW: 10_000, cloudiness: 0.5 } }, 99);
    const b = aSiteModel({ pv: { peakPowerW: 10_000, cloudiness: 0.5 } }, 99);
    const t1 = MIDNIGHT_IST + 11 * HOUR;
    const t2 = MIDNIGHT_IST + 13.25 * HOUR;
    const forward = [a.pv.powerAtW(t1), a.pv.powerAtW(t2)];
    const backward = [b.pv.powerAtW(t2), b.pv.powerAtW(t1)].reverse();
    expect(forward).toEqual(backward);
    const other = aSiteModel({ pv: { peakPowerW: 10_000, cloudiness: 0.5 } }, 100);
    expect(other.pv.powerAtW(t1)).not.toBe(forward[0]);
  });
});

describe('home load', () => {
  it('stays within 3-8 kW all day, with the evening peak above the night', () => {
    const site = aSiteModel();
    const samples: number[] = [];
    for (let t = MIDNIGHT_IST; t < MIDNIGHT_IST + 24 * HOUR; t += 300_000)
      samples.push(site.home.powerAtW(t));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(3000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(8000);
    const at = (h: number): number => site.home.powerAtW(MIDNIGHT_IST + h * HOUR);
    expect(at(20.5)).toBeGreaterThan(at(3) + 2500);
    expect(at(8)).toBeGreaterThan(at(3));
    expect(HOME_DAILY_SHAPE[0]![1]).toBe(HOME_DAILY_SHAPE[HOME_DAILY_SHAPE.length - 1]![1]);
  });

  it('splits over the phases with some imbalance, summing to the total', () => {
    const site = aSiteModel({ home: { minPowerW: 3000, maxPowerW: 8000, imbalance: 0.3 } });
    const t = MIDNIGHT_IST + 20 * HOUR;
    const perPhase = site.homePerPhaseA(t);
    const totalW = (perPhase.L1 + perPhase.L2 + perPhase.L3) * 230;
    expect(totalW).toBeCloseTo(site.home.powerAtW(t), 6);
    expect(new Set(PHASES.map((p) => perPhase[p].toFixed(3))).size).toBe(3);
  });
});

describe('SiteModel as a SiteMeter', () => {
  it('grid = home + chargers - pv per phase; a 1-phase charger on L2 loads only L2', () => {
    const site = aSiteModel();
    site.attachCharger('CP1', 1, 'L2', () => 32);
    const r = site.readAt(MIDNIGHT_IST + 20 * HOUR);
    expect(r.chargersPerPhaseA).toEqual({ L1: 0, L2: 32, L3: 0 });
    for (const p of PHASES) {
      expect(r.gridPerPhaseA[p]).toBeCloseTo(
        r.homePerPhaseA[p] + r.chargersPerPhaseA[p] - r.pvPerPhaseA[p],
        9,
      );
    }
    expect(r.pvPerPhaseA).toEqual({ L1: 0, L2: 0, L3: 0 });
  });

  it('a 1-phase EV on a 3-phase charger rotated to L3 loads only L3', () => {
    const site = aSiteModel();
    site.attachCharger(
      'CP1',
      3,
      'L3',
      () => 16,
      () => 1,
    );
    site.attachCharger('CP2', 3, 'L1', () => 10);
    expect(site.chargersPerPhaseA()).toEqual({ L1: 10, L2: 10, L3: 26 });
  });

  it('exports at noon when PV exceeds the load: grid negative', () => {
    const site = aSiteModel({ home: { minPowerW: 300, maxPowerW: 600 } });
    const r = site.readAt(MIDNIGHT_IST + 12 * HOUR);
    for (const p of PHASES) expect(r.gridPerPhaseA[p]).toBeLessThan(0);
    expect(r.pvPerPhaseA.L1).toBeCloseTo(10_000 / 3 / 230, 9);
  });

  it('puts a single-phase inverter on its phase', () => {
    const site = aSiteModel({ pv: { peakPowerW: 4600, cloudiness: 0, phase: 'L3' } });
    expect(site.pvPerPhaseA(MIDNIGHT_IST + 12 * HOUR)).toEqual({ L1: 0, L2: 0, L3: 20 });
  });

  it('reads at the clock time, and detaching a charger removes its draw', () => {
    const clock = new VirtualClock({ startMs: MIDNIGHT_IST + 21 * HOUR });
    const site = new SiteModel(aSiteConfig(), new Rng(1), clock);
    const detach = site.attachCharger('CP1', 3, 'L1', () => 16);
    expect(site.read().timeMs).toBe(MIDNIGHT_IST + 21 * HOUR);
    expect(site.read().chargersPerPhaseA.L1).toBe(16);
    detach();
    expect(site.read().chargersPerPhaseA.L1).toBe(0);
    expect(site.fuseHeadroomA(site.read()).L1).toBeCloseTo(60 - site.read().gridPerPhaseA.L1, 9);
  });

  it('two reads at the same instant agree on home and PV, see the chargers as they are, and share nothing', () => {
    const site = aSiteModel();
    let draw = 10;
    site.attachCharger('CP1', 3, 'L1', () => draw);
    const t = MIDNIGHT_IST + 9 * HOUR;
    const first = site.readAt(t);
    first.homePerPhaseA.L1 = -1;
    first.pvPerPhaseA.L2 = -1;
    draw = 20;
    const second = site.readAt(t);
    expect(second.homePerPhaseA).toEqual(site.homePerPhaseA(t));
    expect(second.pvPerPhaseA).toEqual(site.pvPerPhaseA(t));
    expect(second.chargersPerPhaseA).toEqual({ L1: 20, L2: 20, L3: 20 });
    expect(site.readAt(t + 10_000).homePerPhaseA).toEqual(site.homePerPhaseA(t + 10_000));
  });

  it.each([
    [
      'a second charger with the same id',
      (s: SiteModel) => s.attachCharger('CP1', 1, 'L1', () => 0),
      /already attached/,
    ],
    [
      'a 3-phase charger on a 1-phase site',
      (s: SiteModel) => s.attachCharger('CP9', 3, 'L1', () => 0),
      /has 3 phases but site/,
    ],
  ])('refuses %s', (_name, act, message) => {
    const site = aSiteModel({ phases: 1 });
    site.attachCharger('CP1', 1, 'L1', () => 0);
    expect(() => act(site)).toThrow(message);
  });

  it('without a clock, read() says what to pass', () => {
    expect(() => aSiteModel().read()).toThrow(
      /pass one to new SiteModel\(config, rng, clock\) or call readAt/,
    );
  });
});

describe('site EVs', () => {
  it('draws only the cars the site names, with its arrival window', () => {
    const config = aSiteConfig({
      evs: { cars: ['Renault Zoe', 'tesla model 3'], arrivalHour: { meanHour: 8, sdHours: 0.5 } },
    });
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const ev = drawSiteEv(new Rng(3).fork(`ev/${i}`), config, MIDNIGHT_IST);
      names.add(ev.spec.name);
      expect((ev.arrivalMs - MIDNIGHT_IST) / HOUR).toBeGreaterThanOrEqual(6.5);
      expect((ev.arrivalMs - MIDNIGHT_IST) / HOUR).toBeLessThanOrEqual(9.5);
    }
    expect([...names].sort()).toEqual(['Renault Zoe', 'Tesla Model 3']);
  });
});
