import type { FairnessSummary } from './metrics/fairness.js';
import type { EnergyRatioSummary } from './metrics/fairness.js';
import type { CircuitCompliance } from './metrics/fuse-compliance.js';
import type { SiteEnergySummary } from './metrics/site-energy.js';
import type { Metric } from './run-report.js';

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const pct = (ratio: number | null): number | null => (ratio === null ? null : round(ratio * 100, 2));

/**
 * Fuse compliance of a circuit as report metrics, keys `fuse.<circuitId>.*` (see reports/README.md).
 * The main circuit's peak and trip verdict are key metrics.
 */
export function fuseMetricRecords(c: CircuitCompliance, isMain: boolean): Record<string, Metric> {
  const k = `fuse.${c.circuitId}`;
  return {
    [`${k}.limitA`]: { value: c.limitA, unit: 'A', label: `${c.circuitId}: rated current` },
    [`${k}.peakA`]: {
      value: c.peakA,
      unit: 'A',
      label: `${c.circuitId}: peak current`,
      better: 'lower',
      key: isMain,
    },
    [`${k}.overshootPct`]: {
      value: c.overshootPct,
      unit: '%',
      label: `${c.circuitId}: peak over rating`,
      better: 'lower',
    },
    [`${k}.secondsAboveLimit`]: {
      value: c.secondsAboveLimit,
      unit: 's',
      label: `${c.circuitId}: time above rating`,
      better: 'lower',
      key: isMain,
    },
    [`${k}.secondsAbove145`]: {
      value: c.secondsAbove145,
      unit: 's',
      label: `${c.circuitId}: time above 1.45 × rating`,
      better: 'lower',
    },
    [`${k}.ampereSecondsAbove`]: {
      value: c.ampereSecondsAbove,
      unit: 'A·s',
      label: `${c.circuitId}: overload integral`,
      better: 'lower',
    },
    [`${k}.wouldTrip`]: {
      value: c.wouldTrip,
      label: `${c.circuitId}: a B or C breaker would trip`,
      key: isMain,
    },
  };
}

/** Allocation fairness as report metrics, keys `fairness.*`. */
export function fairnessMetricRecords(f: FairnessSummary): Record<string, Metric> {
  return {
    'fairness.meanIndex': {
      value: f.meanIndex === null ? null : round(f.meanIndex),
      label: "Jain's index, time-weighted mean",
      better: 'higher',
      key: true,
    },
    'fairness.minIndex': {
      value: f.minIndex === null ? null : round(f.minIndex),
      label: "Jain's index, lowest",
      better: 'higher',
    },
    'fairness.wholeRunIndex': {
      value: f.wholeRunIndex === null ? null : round(f.wholeRunIndex),
      label: "Jain's index over the run",
      better: 'higher',
    },
    'fairness.contendedSeconds': {
      value: round(f.contendedSeconds),
      unit: 's',
      label: 'time two or more sessions wanted more than they got',
    },
  };
}

/** Site energy flows as report metrics, keys `energy.*`. */
export function siteEnergyMetricRecords(s: SiteEnergySummary): Record<string, Metric> {
  return {
    'energy.pvKWh': { value: round(s.pvWh / 1000), unit: 'kWh', label: 'PV energy' },
    'energy.gridImportKWh': {
      value: round(s.gridImportWh / 1000),
      unit: 'kWh',
      label: 'grid import',
      better: 'lower',
    },
    'energy.gridExportKWh': { value: round(s.gridExportWh / 1000), unit: 'kWh', label: 'grid export' },
    'energy.pvSelfConsumptionPct': {
      value: pct(s.pvSelfConsumption),
      unit: '%',
      label: 'PV self-consumption',
      better: 'higher',
      key: true,
    },
  };
}

/** Energy delivered against energy wanted per EV as report metrics, keys `energy.*`. */
export function evEnergyMetricRecords(e: EnergyRatioSummary): Record<string, Metric> {
  return {
    'energy.evCount': { value: e.perEv.length, label: 'EVs that wanted energy' },
    'energy.minDeliveredPct': {
      value: pct(e.minRatio),
      unit: '%',
      label: 'least share of wanted energy an EV got',
      better: 'higher',
      key: true,
    },
    'energy.meanDeliveredPct': {
      value: pct(e.meanRatio),
      unit: '%',
      label: 'mean share of wanted energy',
      better: 'higher',
    },
    'energy.deliveredJainIndex': {
      value: e.jainIndex === null ? null : round(e.jainIndex),
      label: "Jain's index over delivered / wanted",
      better: 'higher',
    },
  };
}
