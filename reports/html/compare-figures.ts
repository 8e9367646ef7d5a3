import { PHASES } from '../../common/units.js';
import { plotlyText } from '../escape.js';
import type { Comparison, ReportCase } from '../run-report.js';
import type { Figure, PlotlyJson } from './figure.js';
import { LIMIT_COLOUR, baseLayout } from './figure.js';
import { lineTrace } from './case-figures.js';

/** The circuit compared when the comparison names none. */
export const DEFAULT_COMPARED_CIRCUIT = 'main';

/**
 * One chart per phase with every strategy's current on that phase overlaid, and the limit of the
 * first strategy's run (the site is the same for all).
 */
export function compareFigures(comparison: Comparison, cases: readonly ReportCase[]): Figure[] {
  const circuitId = comparison.circuitId ?? DEFAULT_COMPARED_CIRCUIT;
  const runs = comparison.strategies.map((s) => ({
    name: s.name,
    kase: cases.find((c) => c.id === s.caseId),
  }));
  const circuitOf = (c: ReportCase | undefined) => c?.series.circuits.find((k) => k.circuitId === circuitId);
  const tz = runs.find((r) => r.kase !== undefined)?.kase?.timeZone;
  const figures: Figure[] = [];
  for (const phase of PHASES) {
    const data: PlotlyJson[] = [];
    for (const run of runs) {
      const series = circuitOf(run.kase)?.phases.find((p) => p.phase === phase);
      if (series !== undefined) data.push(lineTrace({ ...series, name: run.name }, tz));
    }
    const limit = runs.map((r) => circuitOf(r.kase)).find((c) => c !== undefined)?.limitPerPhaseA;
    if (data.length === 0) continue;
    if (limit !== undefined) {
      data.push({
        ...lineTrace({ ...limit, name: 'limit' }, tz),
        line: { shape: 'hv', width: 2, dash: 'dash', color: LIMIT_COLOUR },
      });
    }
    figures.push({
      id: `compare-${phase}`,
      kind: 'compare-phase',
      data,
      layout: baseLayout(plotlyText(`${phase} current by strategy — ${circuitId}`), 'A', tz),
    });
  }
  return figures;
}
