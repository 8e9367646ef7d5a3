import type { Clock, TimerHandle } from '../../common/clock.js';
import type { PerPhase, Phase } from '../../common/units.js';
import { PHASES, phasesLoaded, powerFromCurrentW } from '../../common/units.js';
import type { LoadBalancer } from '../../csms/dlb/load-balancer.js';
import type { CaseCollector } from '../../reports/case-collector.js';
import type { CircuitSample } from '../../reports/metrics/circuit-series.js';
import type { AllocationSample } from '../../reports/metrics/fairness.js';
import type { SiteEnergySample } from '../../reports/metrics/site-energy.js';
import type { EvModel } from '../../simulator/ev/ev-model.js';
import type { SiteModel } from '../../simulator/site/site-model.js';
import type { Station } from '../../simulator/station/station-core.js';
import type { PlannedCharger, PlannedPanel } from './scenario-plan.js';

/** A plugged-in EV the scenario follows. */
export interface TrackedEv {
  readonly evId: string;
  readonly chargerId: string;
  readonly ev: EvModel;
  /** Energy it wanted from the grid, Wh. */
  readonly wantedWh: number;
  /** Unplugged (left) at, epoch ms. */
  leftAtMs?: number;
}

/** A circuit's limit from a time on. */
interface LimitChange {
  readonly timeMs: number;
  readonly limitA: number;
}

/** What the sampler reads. */
export interface SamplerSources {
  readonly clock: Clock;
  readonly site: SiteModel;
  readonly chargers: readonly PlannedCharger[];
  readonly panels: readonly PlannedPanel[];
  readonly stations: ReadonlyMap<string, Station>;
  readonly evs: readonly TrackedEv[];
  readonly balancer: LoadBalancer | undefined;
  readonly collector: CaseCollector;
}

/** The worst stretch of a circuit above its limit in force (plus a tolerance). */
export interface Exceedance {
  readonly circuitId: string;
  readonly phase: Phase;
  /** Longest continuous time above, ms. */
  readonly longestMs: number;
  readonly peakA: number;
  readonly limitA: number;
  readonly atMs: number;
}

/**
 * Samples a running scenario at a fixed period of its clock: the site meter, the current through
 * every circuit, the allocations, the session shares and every EV's state of charge. Keeps the
 * full-resolution data the Then steps check and feeds the report's case collector.
 */
export class SiteSampler {
  readonly circuitSamples = new Map<string, CircuitSample[]>();
  readonly limits = new Map<string, LimitChange[]>();
  readonly shares: AllocationSample[] = [];
  readonly siteSamples: SiteEnergySample[] = [];
  #timer: TimerHandle | undefined;

  constructor(
    private readonly src: SamplerSources,
    private readonly periodMs: number,
    mainFuseA: number,
  ) {
    const { collector } = src;
    collector.defineCircuit('main', 'Main fuse', mainFuseA);
    this.#limit('main', src.clock.now(), mainFuseA);
    for (const p of src.panels) {
      collector.defineCircuit(p.id, `Sub-panel ${p.id}`, p.maxPerPhaseA);
      this.#limit(p.id, src.clock.now(), p.maxPerPhaseA);
    }
  }

  /** Takes a sample now and then every period. */
  start(): void {
    this.sample();
  }

  /** Stops sampling (after one last sample). */
  stop(): void {
    if (this.#timer !== undefined) this.src.clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  /** Changes a circuit's limit from now on (a utility limit drop). */
  setLimit(circuitId: string, limitA: number): void {
    const t = this.src.clock.now();
    this.src.collector.setCircuitLimit(circuitId, t, limitA);
    this.#limit(circuitId, t, limitA);
  }

  /** Takes one sample now. */
  sample(): void {
    if (this.#timer !== undefined) this.src.clock.clearTimer(this.#timer);
    const { site, collector, clock } = this.src;
    const reading = site.read();
    const t = reading.timeMs;
    collector.recordSite(reading);
    this.siteSamples.push({
      timeMs: t,
      voltageV: reading.voltageV,
      gridPerPhaseA: { ...reading.gridPerPhaseA },
      pvPerPhaseA: { ...reading.pvPerPhaseA },
    });
    this.#push('main', t, abs(reading.gridPerPhaseA));
    for (const p of this.src.panels) {
      const a = this.#panelCurrent(p.id);
      collector.recordCircuit(p.id, t, a);
      this.#push(p.id, t, a);
    }
    this.#allocations(t, reading.voltageV);
    for (const e of this.src.evs) {
      const plugged = e.leftAtMs === undefined;
      collector.recordSoc(t, e.evId, plugged ? round(e.ev.socPercent, 2) : null);
    }
    this.#timer = clock.setTimer(() => this.sample(), this.periodMs);
  }

  /** The longest stretch any phase of the circuit spent above its limit in force × (1 + tolerance). */
  worstExceedance(circuitId: string, tolerancePct: number): Exceedance | undefined {
    const samples = this.circuitSamples.get(circuitId) ?? [];
    const limits = this.limits.get(circuitId) ?? [];
    let worst: Exceedance | undefined;
    for (const phase of PHASES) {
      let since: number | undefined;
      let peak = 0;
      let limitAt = 0;
      samples.forEach((s, i) => {
        const limit = limitAt_(limits, s.timeMs) * (1 + tolerancePct / 100);
        const a = s.perPhaseA[phase];
        const end = samples[i + 1]?.timeMs ?? s.timeMs;
        if (a > limit + 1e-6) {
          since ??= s.timeMs;
          if (a > peak) {
            peak = a;
            limitAt = limitAt_(limits, s.timeMs);
          }
          const longest = end - since;
          if (
            worst === undefined ||
            longest > worst.longestMs ||
            (longest === worst.longestMs && a > worst.peakA)
          ) {
            worst = { circuitId, phase, longestMs: longest, peakA: peak, limitA: limitAt, atMs: since };
          }
        } else {
          since = undefined;
          peak = 0;
        }
      });
    }
    return worst;
  }

  #limit(circuitId: string, timeMs: number, limitA: number): void {
    const list = this.limits.get(circuitId) ?? [];
    list.push({ timeMs, limitA });
    this.limits.set(circuitId, list);
  }

  #push(circuitId: string, timeMs: number, perPhaseA: PerPhase): void {
    const list = this.circuitSamples.get(circuitId) ?? [];
    list.push({ timeMs, perPhaseA });
    this.circuitSamples.set(circuitId, list);
  }

  /** Current per phase a charger draws now, on the supply phases it is wired to. */
  chargerPerPhaseA(c: PlannedCharger): PerPhase {
    const out: PerPhase = { L1: 0, L2: 0, L3: 0 };
    const station = this.src.stations.get(c.id);
    if (station === undefined) return out;
    const n = station.activePhases();
    if (n === 0) return out;
    const a = station.currentA();
    for (const p of phasesLoaded(c.phases === 1 ? 1 : n, c.phase)) out[p] += a;
    return out;
  }

  #panelCurrent(panelId: string): PerPhase {
    const out: PerPhase = { L1: 0, L2: 0, L3: 0 };
    const inside = (circuitId: string): boolean => {
      for (let id: string | undefined = circuitId; id !== undefined && id !== 'main';) {
        if (id === panelId) return true;
        id = this.src.panels.find((p) => p.id === id)?.parentId;
      }
      return false;
    };
    for (const c of this.src.chargers) {
      if (!inside(c.circuitId)) continue;
      const a = this.chargerPerPhaseA(c);
      for (const p of PHASES) out[p] += a[p];
    }
    return out;
  }

  #allocations(t: number, voltageV: number): void {
    const balancer = this.src.balancer;
    if (balancer === undefined) return;
    const views = balancer.allocations();
    this.src.collector.recordAllocation(
      t,
      views.map((v) => ({
        chargerId: v.chargerId,
        powerW: Math.max(0, powerFromCurrentW(v.perPhaseA, v.phases, voltageV)),
      })),
    );
    const sessions = views.flatMap((v) => {
      const ev = this.src.stations.get(v.stationId)?.evse(v.evseId).ev;
      if (ev === undefined || ev.full) return [];
      const charger = this.src.chargers.find((c) => c.id === v.chargerId);
      const demandA = Math.min(charger?.maxCurrentA ?? 32, ev.acceptanceA());
      if (demandA <= 0) return [];
      return [{ sessionId: v.sessionId, allocatedA: Math.min(v.perPhaseA, demandA), demandA }];
    });
    this.shares.push({ timeMs: t, sessions });
    this.src.collector.recordShares(t, sessions);
  }
}

function limitAt_(limits: readonly LimitChange[], timeMs: number): number {
  let limit = limits[0]?.limitA ?? Number.POSITIVE_INFINITY;
  for (const l of limits) if (l.timeMs <= timeMs) limit = l.limitA;
  return limit;
}

function abs(p: PerPhase): PerPhase {
  return { L1: Math.abs(p.L1), L2: Math.abs(p.L2), L3: Math.abs(p.L3) };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
