import type { SiteMeterReading } from '../common/site-meter.js';
import type { CircuitTracker } from './circuit-tracker.js';
import { MAIN_CIRCUIT_ID } from './main-circuit.js';
import {
  evEnergyMetricRecords,
  fairnessMetricRecords,
  fuseMetricRecords,
  siteEnergyMetricRecords,
} from './metric-records.js';
import { energyRatios, fairness } from './metrics/fairness.js';
import type { AllocationSample, EvEnergy, FairnessSummary, SessionShare } from './metrics/fairness.js';
import { siteEnergy } from './metrics/site-energy.js';
import type { SiteEnergySample } from './metrics/site-energy.js';
import type { Metric } from './run-report.js';

/**
 * The full-resolution inputs of a case's metrics (site readings, session shares, energy per EV),
 * kept apart from the downsampled series so that no metric is computed from thinned data.
 */
export class MetricInputs {
  readonly #site: SiteEnergySample[] = [];
  readonly #shares: AllocationSample[] = [];
  readonly #evs = new Map<string, EvEnergy>();
  #fairness: FairnessSummary | undefined;

  /** Keeps a site reading for the energy metrics. */
  recordSite(reading: SiteMeterReading): void {
    this.#site.push({
      timeMs: reading.timeMs,
      voltageV: reading.voltageV,
      gridPerPhaseA: { ...reading.gridPerPhaseA },
      pvPerPhaseA: { ...reading.pvPerPhaseA },
    });
  }

  /** Keeps what every session was given against what it wanted, for fairness. */
  recordShares(timeMs: number, sessions: readonly SessionShare[]): void {
    const last = this.#shares[this.#shares.length - 1];
    if (last !== undefined && timeMs < last.timeMs) {
      throw new Error(`session shares at ${timeMs} are earlier than the previous ones at ${last.timeMs}`);
    }
    this.#fairness = undefined;
    this.#shares.push({ timeMs, sessions: sessions.map((s) => ({ ...s })) });
  }

  /** Sets the energy an EV wanted and got (the latest call for an EV wins). */
  recordEvEnergy(energy: EvEnergy): void {
    if (!(energy.requestedWh >= 0) || !(energy.deliveredWh >= 0)) {
      throw new Error(`energy of EV "${energy.evId}" must be >= 0 Wh (wanted and delivered)`);
    }
    this.#evs.set(energy.evId, { ...energy });
  }

  /** True when session shares were recorded. */
  get hasShares(): boolean {
    return this.#shares.length > 0;
  }

  /** Fairness over the recorded shares (computed once). */
  fairness(): FairnessSummary {
    this.#fairness ??= fairness(this.#shares);
    return this.#fairness;
  }

  /** Every metric the recorded data allows, by stable key. */
  metrics(circuits: readonly CircuitTracker[]): Record<string, Metric> {
    const out: Record<string, Metric> = {};
    for (const c of circuits) {
      if (c.sampleCount > 0)
        Object.assign(out, fuseMetricRecords(c.compliance(), c.circuitId === MAIN_CIRCUIT_ID));
      const over = c.overshootCount;
      out[`limit.${c.circuitId}.overshoots`] = {
        value: over,
        label: `${c.circuitId}: stretches over the limit in force`,
        better: 'lower',
      };
    }
    if (this.#shares.length > 0) Object.assign(out, fairnessMetricRecords(this.fairness()));
    if (this.#site.length > 0) Object.assign(out, siteEnergyMetricRecords(siteEnergy(this.#site)));
    if (this.#evs.size > 0) Object.assign(out, evEnergyMetricRecords(energyRatios([...this.#evs.values()])));
    return out;
  }
}
