import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { ActivityTracker } from '../common/activity-tracker.js';
import { Rng } from '../common/rng.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { createWsTransport } from '../common/ws-transport.js';
import type { PerPhase } from '../common/units.js';
import { UserStore } from '../csms/auth/user-store.js';
import { createCsms } from '../csms/create-csms.js';
import type { Store } from '../csms/store/store.js';
import type { ChargerConfig as DlbChargerConfig } from '../csms/dlb/circuit-tree.js';
import type { DlbSettingsInput } from '../csms/dlb/dlb-settings.js';
import { attachLoadBalancer } from '../csms/dlb/load-balancer.js';
import { loadStrategy } from '../csms/dlb/load-strategy.js';
import { circuitCompliance } from '../reports/metrics/fuse-compliance.js';
import type { CircuitCompliance } from '../reports/metrics/fuse-compliance.js';
import type { CircuitSample } from '../reports/metrics/circuit-series.js';
import { energyRatios, fairness } from '../reports/metrics/fairness.js';
import type { AllocationSample, EnergyRatioSummary, FairnessSummary } from '../reports/metrics/fairness.js';
import { siteEnergy } from '../reports/metrics/site-energy.js';
import type { SiteEnergySample, SiteEnergySummary } from '../reports/metrics/site-energy.js';
import { defaultValidator } from '../schemas/validator.js';
import type { EvModel } from '../simulator/ev/ev-model.js';
import { parseSite } from '../simulator/site/load-site.js';
import type { ChargerConfig as SimChargerConfig } from '../simulator/site/site-config.js';
import { drawSiteEv } from '../simulator/site/site-evs.js';
import { SiteModel } from '../simulator/site/site-model.js';
import { createStation } from '../simulator/station/create-station.js';
import type { Station } from '../simulator/station/station-core.js';

/** One run of a load-balanced site over real sockets in virtual time. */
export interface DlbSiteRunOptions {
  readonly seed: string | number;
  /** Strategy name or module path. */
  readonly strategy: string;
  readonly settings?: DlbSettingsInput;
  /** Virtual hours to run. */
  readonly hours: number;
  /** Site-time hour of `day` the run starts at. Default 0 (local midnight). */
  readonly fromHour?: number;
  /** Number of chargers (1-8): 3-phase 32 A, every third a 1-phase one on L2/L3; alternating 1.6 / 2.0.1. */
  readonly chargers: number;
  /** EV visits per charger: a morning one (arriving 07:30 +- 1.5 h) and/or an evening one (18:00 +- 1.5 h). Default both. */
  readonly visits?: readonly ('morning' | 'evening')[];
  /** Main fuse per phase, A. Default 60. */
  readonly mainFuseA?: number;
  /** A UTC date within the day to simulate. Default 2026-03-02. */
  readonly day?: string;
  /** Site sampling period for the metrics, ms of virtual time. Default 5000. */
  readonly sampleMs?: number;
  /** Opens the CSMS's store (counting its I/O on `tracker`); default a PGlite database in memory. */
  readonly openStore?: (tracker: ActivityTracker) => Promise<{ store: Store; dispose(): Promise<void> }>;
}

/** What one run measured. */
export interface DlbSiteRunResult {
  readonly strategy: string;
  readonly settings: DlbSettingsInput;
  readonly seed: string | number;
  readonly hours: number;
  readonly fuse: CircuitCompliance;
  readonly fairness: Omit<FairnessSummary, 'series'>;
  readonly energy: SiteEnergySummary;
  readonly evEnergy: EnergyRatioSummary;
  readonly sessions: number;
  readonly framesToStations: number;
  readonly profilesSent: number;
  readonly wallMs: number;
  /** SHA-256 over every station's frames in order, per direction (same seed and options -> same digest). */
  readonly frameDigest: string;
}

function chargerLayout(n: number): SimChargerConfig[] {
  return Array.from({ length: n }, (_, i) => {
    const onePhase = i % 3 === 2;
    return {
      id: `CP${i + 1}`,
      version: i % 2 === 0 ? '1.6' : '2.0.1',
      maxCurrentA: 32,
      phases: onePhase ? 1 : 3,
      ...(onePhase ? { phase: i % 2 === 0 ? 'L2' : 'L3' } : {}),
    };
  });
}

/**
 * Runs a site of `chargers` simulated stations (real ws, the simulator's stations, EVs, PV and
 * home load) against the reference CSMS with the load balancer attached, for `hours` of virtual
 * time, and computes fuse compliance, fairness and energy figures from what was sampled.
 */
export async function runDlbSite(options: DlbSiteRunOptions): Promise<DlbSiteRunResult> {
  const wallStart = performance.now();
  const rng = new Rng(options.seed);
  const mainFuseA = options.mainFuseA ?? 60;
  const chargers = chargerLayout(options.chargers);
  const siteConfig = parseSite({
    id: 'dlb-site',
    timeZone: 'Asia/Kolkata',
    voltageV: 230,
    phases: 3,
    mainFuseA,
    pv: { peakPowerW: 10_000, sunriseHour: 6, sunsetHour: 18.5, cloudiness: 0.3 },
    home: { minPowerW: 3000, maxPowerW: 8000, imbalance: 0.15 },
    chargers,
  });
  const probe = new SiteModel(siteConfig, rng.fork('site'));
  const dayStartMs = probe.time.localMidnightMs(Date.parse(`${options.day ?? '2026-03-02'}T06:00:00Z`));
  const startMs = dayStartMs + (options.fromHour ?? 0) * 3_600_000;
  const endMs = startMs + options.hours * 3_600_000;
  const clock = new VirtualClock({ startMs });
  const site = new SiteModel(siteConfig, rng.fork('site'), clock);
  const transport = createWsTransport({ tracker: clock.tracker });
  const strategy = await loadStrategy(options.strategy);
  const dlbChargers: DlbChargerConfig[] = chargers.map((c) => ({
    id: c.id,
    phases: c.phases,
    firstPhase: c.phase ?? 'L1',
    maxCurrentA: c.maxCurrentA,
  }));
  let framesToStations = 0;
  const opened = await options.openStore?.(clock.tracker);
  const csms = createCsms({
    clock,
    transport,
    store: opened?.store ?? { dataDir: ':memory:' },
    heartbeatIntervalS: 3600,
  });
  const digests = new Map<string, Hash>();
  csms.events.on('frame', (f) => {
    if (f.direction === 'csms->station') framesToStations++;
    // Per station and direction: frames crossing at the same instant may interleave either way.
    const key = `${f.stationId} ${f.direction}`;
    let h = digests.get(key);
    if (h === undefined) digests.set(key, (h = createHash('sha256')));
    h.update(`${f.direction} ${f.timeMs} ${f.raw}\n`);
  });
  const balancer = attachLoadBalancer(csms, {
    site: {
      siteId: 'dlb-site',
      timeZone: siteConfig.timeZone,
      main: { id: 'main', maxPerPhaseA: mainFuseA, chargers: dlbChargers },
      strategy: options.strategy,
      settings: options.settings ?? {},
    },
    strategy,
    clock,
    siteMeter: site,
    tracker: clock.tracker,
  });
  let profilesSent = 0;
  balancer.events.on('dlb.profile.sent', () => profilesSent++);
  const errors: string[] = [];
  balancer.events.on('dlb.error', (e) => errors.push(`${e.where}: ${e.error}`));
  await csms.start();

  const users = new UserStore(csms.store);
  const validator = defaultValidator();
  const stations: Station[] = [];
  const evs = new Map<string, { ev: EvModel; arrivalSoc: number }[]>();
  let sessions = 0;
  for (const c of chargers) {
    const station = createStation({
      id: c.id,
      version: c.version,
      csmsUrl: csms.ocppUrl,
      transport,
      clock,
      rng: rng.fork(`station/${c.id}`),
      validator,
      maxCurrentA: c.maxCurrentA,
      phases: c.phases,
      ...(c.phase === undefined ? {} : { phase: c.phase }),
      meterIntervalS: 60,
      heartbeatIntervalS: 3600,
    });
    stations.push(station);
    site.attachCharger(
      c.id,
      c.phases,
      c.phase,
      () => station.currentA(),
      () => station.activePhases(),
    );
    await station.start();
    const visits = (options.visits ?? ['morning', 'evening']).map((v) =>
      v === 'morning'
        ? { meanHour: 7.5, sdHours: 1.5, stay: { min: 3, max: 8 } }
        : { meanHour: 18, sdHours: 1.5, stay: { min: 4, max: 12 } },
    );
    let freeFromMs = startMs;
    for (const [i, v] of visits.entries()) {
      const ev = drawSiteEv(rng.fork(`ev/${c.id}/${i}`), siteConfig, dayStartMs, {
        arrivalHour: { meanHour: v.meanHour, sdHours: v.sdHours },
        stayHours: v.stay,
      });
      if (ev.arrivalMs < freeFromMs || ev.arrivalMs >= endMs) continue;
      freeFromMs = ev.departureMs + 60_000;
      await users.addToken({ token: `TAG-${c.id}-${i}`, status: 'Accepted' }, clock.now());
      const list = evs.get(c.id) ?? [];
      list.push({ ev, arrivalSoc: ev.socPercent });
      evs.set(c.id, list);
      clock.setTimer(() => {
        sessions++;
        station.plugIn(1, ev);
        void station.presentIdTag(1, `TAG-${c.id}-${i}`).catch(() => undefined);
      }, ev.arrivalMs - clock.now());
    }
  }

  const gridSamples: CircuitSample[] = [];
  const energySamples: SiteEnergySample[] = [];
  const allocationSamples: AllocationSample[] = [];
  const sampleMs = options.sampleMs ?? 5000;
  const sample = (): void => {
    const r = site.read();
    const abs: PerPhase = {
      L1: Math.abs(r.gridPerPhaseA.L1),
      L2: Math.abs(r.gridPerPhaseA.L2),
      L3: Math.abs(r.gridPerPhaseA.L3),
    };
    gridSamples.push({ timeMs: r.timeMs, perPhaseA: abs });
    energySamples.push({
      timeMs: r.timeMs,
      voltageV: r.voltageV,
      gridPerPhaseA: r.gridPerPhaseA,
      pvPerPhaseA: r.pvPerPhaseA,
    });
    const byStation = new Map(balancer.allocations().map((a) => [a.stationId, a]));
    allocationSamples.push({
      timeMs: r.timeMs,
      sessions: stations.flatMap((s) => {
        const tx = s.transaction(1);
        const ev = s.evse(1).ev;
        const a = byStation.get(s.id);
        if (tx === undefined || ev === undefined || a === undefined || ev.full) return [];
        const demandA = Math.min(32, ev.acceptanceA());
        return [{ sessionId: a.sessionId, allocatedA: a.sentLimit ?? a.perPhaseA, demandA }];
      }),
    });
    if (clock.now() + sampleMs <= endMs) clock.setTimer(sample, sampleMs);
  };
  sample();
  while (clock.now() < endMs) await clock.advanceTo(Math.min(endMs, clock.now() + 3_600_000));

  balancer.detach();
  for (const s of stations) await s.stop();
  await csms.stop();
  await opened?.dispose();
  if (errors.length > 0)
    throw new Error(`load balancer errors during the run: ${errors.slice(0, 3).join('; ')}`);

  const evEnergy = energyRatios(
    [...evs.entries()].flatMap(([id, list]) =>
      list.map(({ ev, arrivalSoc }, i) => ({
        evId: `${id}/${i}`,
        requestedWh:
          (((ev.targetSocPercent - arrivalSoc) / 100) * ev.spec.batteryWh) / (ev.spec.efficiency ?? 0.9),
        deliveredWh: ev.drawnWh,
      })),
    ),
  );
  const { series: _series, ...fair } = fairness(allocationSamples, endMs);
  const all = createHash('sha256');
  for (const id of [...digests.keys()].sort()) all.update(`${id} ${digests.get(id)!.digest('hex')}\n`);
  return {
    strategy: options.strategy,
    settings: options.settings ?? {},
    seed: options.seed,
    hours: options.hours,
    fuse: circuitCompliance({ circuitId: 'main', limitPerPhaseA: mainFuseA, samples: gridSamples, endMs }),
    fairness: fair,
    energy: siteEnergy(energySamples, endMs),
    evEnergy,
    sessions,
    framesToStations,
    profilesSent,
    wallMs: Math.round(performance.now() - wallStart),
    frameDigest: all.digest('hex'),
  };
}
