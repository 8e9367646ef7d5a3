import type { FrameRecord } from '../common/rpc-types.js';
import type { SiteMeterReading } from '../common/site-meter.js';
import type { PerPhase } from '../common/units.js';
import { PHASES, powerFromCurrentW } from '../common/units.js';
import { AllocationTable } from './allocation-table.js';
import type { ChargerAllocation } from './allocation-table.js';
import { CircuitTracker } from './circuit-tracker.js';
import { FrameStats } from './frame-stats.js';
import { MAIN_CIRCUIT_ID } from './main-circuit.js';
import { MetricInputs } from './metric-inputs.js';
import type { EvEnergy, SessionShare } from './metrics/fairness.js';
import { naturalCompare } from './natural-compare.js';
import type {
  BillingRow,
  CaseFailure,
  CaseVerdict,
  FirmwareEvent,
  Metric,
  ReportCase,
  Series,
  StepResult,
} from './run-report.js';
import { SeriesBuffer } from './series-buffer.js';

/** Who a case is. */
export interface CaseInfo {
  readonly id: string;
  readonly name: string;
  readonly group: string;
  readonly tags?: readonly string[];
  /** IANA time zone of the site; charts show site time. */
  readonly timeZone?: string;
}

/** How a case ended. */
export interface CaseOutcome {
  readonly verdict: CaseVerdict;
  readonly failure?: CaseFailure;
  readonly durationMs: number;
}

/** Id of the circuit that {@link CaseCollector.recordSite} feeds: the site's main fuse. */
export { MAIN_CIRCUIT_ID } from './main-circuit.js';

/**
 * What the runner calls while a case runs: it turns readings, allocations, SoC, billing, firmware
 * and frames into the series and tables of one {@link ReportCase}. Created by
 * `RunCollector.startCase`.
 */
export class CaseCollector {
  readonly #power = {
    pv: new SeriesBuffer('PV', 'W'),
    home: new SeriesBuffer('Home', 'W'),
    chargers: new SeriesBuffer('Chargers', 'W'),
    grid: new SeriesBuffer('Grid (import + / export −)', 'W'),
  };
  readonly #circuits = new Map<string, CircuitTracker>();
  readonly #allocations = new AllocationTable();
  readonly #fairness = new SeriesBuffer("Jain's fairness index", '');
  readonly #soc = new Map<string, SeriesBuffer>();
  readonly #billing: BillingRow[] = [];
  readonly #firmware: FirmwareEvent[] = [];
  readonly #frames = new FrameStats();
  readonly #metrics = new Map<string, Metric>();
  readonly #steps: StepResult[] = [];
  readonly #inputs = new MetricInputs();
  #finished: ReportCase | undefined;

  constructor(
    readonly info: CaseInfo,
    private readonly options: {
      readonly maxPointsPerTrace: number;
      readonly frameLog: (r: FrameRecord) => number;
    },
  ) {}

  /** True once {@link finish} was called. */
  get finished(): boolean {
    return this.#finished !== undefined;
  }

  /** The finished case, or undefined while it runs. */
  get result(): ReportCase | undefined {
    return this.#finished;
  }

  /**
   * Records a reading of the site meter: the power flow, and the grid current per phase on the
   * main circuit when one was defined with {@link defineCircuit}(`main`, …).
   */
  recordSite(reading: SiteMeterReading): void {
    this.#open();
    const watts = (pp: PerPhase): number =>
      PHASES.reduce((sum, p) => sum + powerFromCurrentW(pp[p], 1, reading.voltageV), 0);
    this.#power.pv.push(reading.timeMs, watts(reading.pvPerPhaseA));
    this.#power.home.push(reading.timeMs, watts(reading.homePerPhaseA));
    this.#power.chargers.push(reading.timeMs, watts(reading.chargersPerPhaseA));
    this.#power.grid.push(reading.timeMs, watts(reading.gridPerPhaseA));
    this.#circuits.get(MAIN_CIRCUIT_ID)?.record(reading.timeMs, reading.gridPerPhaseA);
    this.#inputs.recordSite(reading);
  }

  /** Declares a circuit (the main fuse is `main`) with its limit per phase in amperes. */
  defineCircuit(circuitId: string, name: string, limitPerPhaseA: number): void {
    this.#open();
    if (this.#circuits.has(circuitId)) throw new Error(`circuit "${circuitId}" is already defined`);
    this.#circuits.set(circuitId, new CircuitTracker(circuitId, name, limitPerPhaseA));
  }

  /** Changes a circuit's limit from `timeMs` on (e.g. the grid limit drops). */
  setCircuitLimit(circuitId: string, timeMs: number, limitPerPhaseA: number): void {
    this.#open();
    this.#circuit(circuitId).setLimit(timeMs, limitPerPhaseA);
  }

  /** Records the current per phase through a circuit. */
  recordCircuit(circuitId: string, timeMs: number, perPhaseA: PerPhase): void {
    this.#open();
    this.#circuit(circuitId).record(timeMs, perPhaseA);
  }

  /** Records what the strategy allocated to every charger at `timeMs` (absent chargers get 0 W). */
  recordAllocation(timeMs: number, allocations: readonly ChargerAllocation[]): void {
    this.#open();
    this.#allocations.record(timeMs, allocations);
  }

  /**
   * Records what every session was given against what it wanted (per phase, amperes). Fairness
   * over time and the `fairness.*` metrics are computed from these at full resolution.
   */
  recordShares(timeMs: number, sessions: readonly SessionShare[]): void {
    this.#open();
    this.#inputs.recordShares(timeMs, sessions);
  }

  /** Sets the energy an EV wanted and the energy it got (for the `energy.*` delivery metrics). */
  recordEvEnergy(energy: EvEnergy): void {
    this.#open();
    this.#inputs.recordEvEnergy(energy);
  }

  /** Records Jain's fairness index (0..1] at `timeMs`; null while no session shares power. */
  recordFairness(timeMs: number, jainIndex: number | null): void {
    this.#open();
    if (jainIndex !== null && !(jainIndex >= 0 && jainIndex <= 1)) {
      throw new Error(`Jain's fairness index must be within 0..1, got ${jainIndex}`);
    }
    this.#fairness.push(timeMs, jainIndex);
  }

  /** Records an EV's state of charge in percent; null while it is not plugged in. */
  recordSoc(timeMs: number, evId: string, socPercent: number | null): void {
    this.#open();
    if (socPercent !== null && !(socPercent >= 0 && socPercent <= 100)) {
      throw new Error(`SoC of EV "${evId}" must be within 0..100 %, got ${socPercent}`);
    }
    let series = this.#soc.get(evId);
    if (series === undefined) {
      series = new SeriesBuffer(evId, '%');
      this.#soc.set(evId, series);
    }
    series.push(timeMs, socPercent);
  }

  /** Adds a row to the billing table. */
  recordBilling(row: BillingRow): void {
    this.#open();
    if (!Number.isInteger(row.amount.minorUnits)) {
      throw new Error(`billing of session "${row.sessionId}": amount must be whole minor units`);
    }
    this.#billing.push(row);
  }

  /** Adds a firmware status change to the timeline. */
  recordFirmware(event: FirmwareEvent): void {
    this.#open();
    this.#firmware.push(event);
  }

  /**
   * Records a frame (give it to a `FrameTap`). Returns its 1-based line in frames.jsonl. A frame
   * that arrives after the case finished is still written to frames.jsonl, never dropped.
   */
  recordFrame(record: FrameRecord): number {
    const line = this.options.frameLog(record);
    if (this.#finished === undefined) this.#frames.add(record, line);
    return line;
  }

  /** Sets (or replaces) a metric by its stable key. */
  setMetric(key: string, metric: Metric): void {
    this.#open();
    this.#metrics.set(key, metric);
  }

  /** Sets several metrics at once. */
  setMetrics(metrics: Readonly<Record<string, Metric>>): void {
    for (const [key, metric] of Object.entries(metrics)) this.setMetric(key, metric);
  }

  /** Appends the result of one step. */
  addStep(step: StepResult): void {
    this.#open();
    this.#steps.push(step);
  }

  /** Ends the case and returns it; later calls return the same case. */
  finish(outcome: CaseOutcome): ReportCase {
    if (this.#finished !== undefined) return this.#finished;
    const max = this.options.maxPointsPerTrace;
    const nonEmpty = (b: SeriesBuffer): boolean => b.length > 0;
    const all: Record<string, Metric> = {
      ...this.#inputs.metrics([...this.#circuits.values()]),
      ...Object.fromEntries(this.#metrics),
    };
    const metrics: Record<string, Metric> = {};
    for (const key of Object.keys(all).sort()) metrics[key] = all[key]!;
    this.#finished = {
      id: this.info.id,
      name: this.info.name,
      group: this.info.group,
      tags: [...(this.info.tags ?? [])],
      verdict: outcome.verdict,
      ...(outcome.failure === undefined ? {} : { failure: outcome.failure }),
      durationMs: outcome.durationMs,
      steps: [...this.#steps],
      ...(this.info.timeZone === undefined ? {} : { timeZone: this.info.timeZone }),
      series: {
        powerFlow: Object.values(this.#power)
          .filter(nonEmpty)
          .map((b) => b.toSeries(max)),
        circuits: [...this.#circuits.values()].map((c) => c.toSeries(max)),
        allocations: this.#allocations.toSeries(max),
        fairness: this.#fairnessSeries(max),
        soc: [...this.#soc.entries()]
          .sort(([a], [b]) => naturalCompare(a, b))
          .map(([, s]) => s.toSeries(max)),
      },
      metrics,
      billing: [...this.#billing],
      firmware: [...this.#firmware].sort((a, b) => a.timeMs - b.timeMs),
      frameCounts: this.#frames.counts(),
      violations: this.#frames.violations(),
    };
    return this.#finished;
  }

  #fairnessSeries(maxPoints: number): Series[] {
    if (this.#fairness.length > 0) return [this.#fairness.toSeries(maxPoints)];
    if (!this.#inputs.hasShares) return [];
    const points = this.#inputs.fairness().series;
    if (points.every((p) => p.index === null)) return [];
    const fromShares = new SeriesBuffer(this.#fairness.name, '');
    for (const p of points) fromShares.push(p.timeMs, p.index);
    return [fromShares.toSeries(maxPoints)];
  }

  #circuit(circuitId: string): CircuitTracker {
    const c = this.#circuits.get(circuitId);
    if (c === undefined) {
      const known = [...this.#circuits.keys()].join(', ') || 'none';
      throw new Error(`unknown circuit "${circuitId}" (defined: ${known}); call defineCircuit first`);
    }
    return c;
  }

  #open(): void {
    if (this.#finished !== undefined) throw new Error(`case "${this.info.id}" already finished`);
  }
}
