import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Rng } from '../common/rng.js';
import { drawEv } from '../simulator/ev/draw-ev.js';
import type { EvModel } from '../simulator/ev/ev-model.js';
import { loadSite } from '../simulator/site/load-site.js';
import { SiteModel } from '../simulator/site/site-model.js';
import { aProfile, periods } from '../simulator/smart-charging/profile-builders.js';
import type { NeutralChargingProfile } from '../simulator/smart-charging/charging-profile.js';
import { ChargingProfileStore } from '../simulator/smart-charging/profile-store.js';

const DAY_MS = 86_400_000;
const TICK_MS = 10_000;
const TICKS_PER_DAY = DAY_MS / TICK_MS;
/** 2 March 2026, 00:00 in Asia/Kolkata. */
const DAY0 = Date.parse('2026-03-01T18:30:00Z');

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Runs `body` n times; prints calls/s by CPU time; returns CPU seconds per call. */
function measure(label: string, n: number, body: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 1000); i++) body(i); // warm-up
  const wall = performance.now();
  const cpu = cpuSeconds();
  for (let i = 0; i < n; i++) body(i);
  const cpuS = cpuSeconds() - cpu;
  const wallS = (performance.now() - wall) / 1000;
  const perCall = cpuS / n;
  console.log(
    `  ${label.padEnd(58)} ${Math.round(n / cpuS)
      .toLocaleString('en-US')
      .padStart(11)} /CPU-s  (${(perCall * 1e6).toFixed(2)} µs; wall ${wallS.toFixed(2)} s)`,
  );
  return perCall;
}

/** A station's typical profile set: station max, daily night window, TxDefault, and a Tx profile. */
function aBusyStore(): ChargingProfileStore {
  const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
  const ctx = { nowMs: DAY0, activeTransactionId: '1' };
  const install = (p: NeutralChargingProfile): void => {
    const result = store.install(p, ctx);
    if (!result.accepted) throw new Error(`bench profile ${p.id} rejected: ${result.reason}`);
  };
  install(
    aProfile({
      id: 1,
      purpose: 'ChargePointMax',
      startMs: DAY0,
      rateUnit: 'W',
      periods: periods([0, 22_000]),
    }),
  );
  install(aProfile({ id: 2, startMs: DAY0, periods: periods([0, 16]) }));
  install(
    aProfile({
      id: 3,
      stackLevel: 1,
      kind: 'Recurring',
      recurrency: 'Daily',
      startMs: DAY0 + 22 * 3_600_000,
      durationS: 8 * 3600,
      periods: periods([0, 32], [4 * 3600, 20]),
    }),
  );
  install(
    aProfile({
      id: 4,
      purpose: 'Tx',
      evseId: 1,
      kind: 'Relative',
      periods: periods(...Array.from({ length: 24 }, (_, i) => [i * 900, 6 + (i % 10)] as const)),
    }),
  );
  return store;
}

/** Cost of the smart-charging, EV and site models per call, and for a simulated 24 h of 100 stations. */
export function runModelsBench(): void {
  console.log('models: smart charging, EV and site, one core (CPU time of this process)');
  const store = aBusyStore();
  const limitAt = measure('ChargingProfileStore.limitAt (4 profiles, tx running)', 200_000, (i) => {
    store.limitAt(1, DAY0 + ((i * TICK_MS) % DAY_MS), DAY0);
  });
  measure('compositeSchedule, 24 h in A (4 profiles)', 5_000, (i) => {
    store.compositeSchedule(1, DAY0 + (i % 24) * 3_600_000, 86_400, 'A', DAY0);
  });
  const nextChange = measure('nextChangeMs (timer for the next period)', 50_000, (i) => {
    store.nextChangeMs(1, DAY0 + ((i * TICK_MS) % DAY_MS), DAY0);
  });

  const rng = new Rng('models-bench');
  const evs: EvModel[] = Array.from({ length: 100 }, (_, i) =>
    drawEv(rng.fork(`ev/${i}`), { dayStartMs: DAY0 - DAY_MS }),
  );
  for (const ev of evs) ev.offer(16, ev.arrivalMs);
  let tick = 0;
  const evAdvance = measure('EvModel.advanceTo, 10 s steps', TICKS_PER_DAY * 10, (i) => {
    const ev = evs[i % 100]!;
    if (i % 100 === 0) tick++;
    ev.advanceTo(ev.arrivalMs + tick * TICK_MS, 230);
  });

  // From source (bench/) or from the build (dist/bench/).
  const sitePath = [
    new URL('../scenarios/sites/reference-home.json', import.meta.url),
    new URL('../../scenarios/sites/reference-home.json', import.meta.url),
  ].find((u) => existsSync(u));
  if (sitePath === undefined) throw new Error('scenarios/sites/reference-home.json not found');
  const site = new SiteModel(loadSite(fileURLToPath(sitePath)), rng.fork('site'));
  for (let i = 0; i < 100; i++)
    site.attachCharger(`CP${i}`, i % 4 === 0 ? 3 : 1, (['L1', 'L2', 'L3'] as const)[i % 3], () => 16);
  const siteRead = measure('SiteModel.readAt with 100 chargers attached', TICKS_PER_DAY * 4, (i) => {
    site.readAt(DAY0 + ((i * TICK_MS) % DAY_MS));
  });
  measure('PV + home profile only (powerAtW both)', 500_000, (i) => {
    const t = DAY0 + ((i * 1000) % DAY_MS);
    site.pv.powerAtW(t);
    site.home.powerAtW(t);
  });

  // What the models cost in the virtual-time target: 100 stations, 10 s meter values, 24 h.
  const perDayCpu = TICKS_PER_DAY * (100 * (limitAt + evAdvance) + siteRead) + 100 * 50 * nextChange;
  console.log(
    `  => models' share of a simulated 24 h, 100-station site at 10 s: ${perDayCpu.toFixed(2)} CPU-s ` +
      `(8,640 ticks x 100 x (limitAt + advanceTo) + one site read per tick + ~50 timer re-arms per station)`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runModelsBench();
}
