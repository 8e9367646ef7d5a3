import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import { PHASES } from '../../common/units.js';
import type { EvModel } from '../ev/ev-model.js';
import { aProfile, periods } from '../smart-charging/profile-builders.js';
import { ChargingProfileStore } from '../smart-charging/profile-store.js';
import { loadSite } from './load-site.js';
import { drawSiteEv } from './site-evs.js';
import { SiteModel } from './site-model.js';

const REFERENCE = new URL('../../scenarios/sites/reference-home.json', import.meta.url).pathname;
const TICK_MS = 10_000;

interface DayResult {
  digest: string;
  evWh: number;
  chargersWhFromMeter: number;
  maxGridA: number;
  socs: number[];
}

/**
 * One simulated day of the reference home: each charger gets a drawn EV, offers what a nightly
 * TxDefault profile allows (6 A from 18:00 to 22:00 local, 16 A after), and the site is read every 10 s.
 */
function simulateDay(seed: string): DayResult {
  const config = loadSite(REFERENCE);
  const rng = new Rng(seed);
  const site = new SiteModel(config, rng.fork('site'));
  const dayStartMs = site.time.localMidnightMs(Date.parse('2026-03-02T06:00:00Z'));
  const hash = createHash('sha256');
  let evWh = 0;
  let chargersWhFromMeter = 0;
  let maxGridA = 0;
  const stations = config.chargers.map((c) => {
    const store = new ChargingProfileStore({
      evseCount: 1,
      maxCurrentA: c.maxCurrentA,
      phases: c.phases,
      voltageV: config.voltageV,
    });
    store.install(
      aProfile({
        kind: 'Recurring',
        recurrency: 'Daily',
        startMs: dayStartMs + 18 * 3_600_000,
        durationS: 4 * 3600,
        stackLevel: 1,
        periods: periods([0, 6]),
      }),
      { nowMs: dayStartMs },
    );
    store.install(aProfile({ startMs: dayStartMs, periods: periods([0, 16]) }), { nowMs: dayStartMs });
    const ev: EvModel = drawSiteEv(rng.fork(`ev/${c.id}`), config, dayStartMs);
    const station = { c, store, ev, plugged: false, departed: false };
    site.attachCharger(
      c.id,
      c.phases,
      c.phase,
      () => (station.plugged ? ev.currentA() : 0),
      () => (station.plugged ? ev.activePhases() : 0),
    );
    return station;
  });
  for (let t = dayStartMs; t < dayStartMs + 36 * 3_600_000; t += TICK_MS) {
    for (const s of stations) {
      if (t < s.ev.arrivalMs || s.departed) continue;
      evWh += s.ev.advanceTo(t, config.voltageV);
      s.departed = t >= s.ev.departureMs;
      s.plugged = !s.departed;
      if (s.departed) continue;
      const limit = s.store.limitAt(1, t);
      s.ev.offer(
        Math.min(limit?.perPhaseA ?? s.c.maxCurrentA, s.c.maxCurrentA),
        t,
        limit?.numberPhases ?? s.c.phases,
      );
    }
    const r = site.readAt(t);
    for (const p of PHASES) {
      chargersWhFromMeter += (r.chargersPerPhaseA[p] * r.voltageV * TICK_MS) / 3_600_000;
      maxGridA = Math.max(maxGridA, r.gridPerPhaseA[p]);
    }
    hash.update(JSON.stringify(r));
  }
  return {
    digest: hash.digest('hex'),
    evWh,
    chargersWhFromMeter,
    maxGridA,
    socs: stations.map((s) => s.ev.socPercent),
  };
}

describe('a simulated day of the reference home', () => {
  const a = simulateDay('day-1');

  it('is the same, reading for reading, for the same seed, and different for another', () => {
    expect(simulateDay('day-1').digest).toBe(a.digest);
    expect(simulateDay('day-2').digest).not.toBe(a.digest);
  });

  it('the energy the EVs drew is what the site meter saw on the chargers (within one tick per session)', () => {
    expect(a.evWh).toBeGreaterThan(1000);
    expect(Math.abs(a.evWh - a.chargersWhFromMeter)).toBeLessThan((2 * (32 * 3 * 230 * TICK_MS)) / 3_600_000);
  });

  it('charges the EVs and keeps the grid within the 60 A fuse under the nightly profile', () => {
    expect(a.socs.every((soc) => soc > 50)).toBe(true);
    expect(a.maxGridA).toBeLessThan(60);
  });
});
