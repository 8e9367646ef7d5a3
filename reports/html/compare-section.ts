import { escapeHtml } from '../escape.js';
import type { Comparison, Metric, ReportCase } from '../run-report.js';
import { chartDiv } from './case-section.js';
import type { Figure } from './figure.js';
import type { Html } from './html-parts.js';
import { metricLabel, metricValue, table, verdictBadge } from './html-parts.js';

/**
 * `compare`: every metric as a row with one column per strategy (the best value marked when the
 * metric says which way is better), then the overlaid per-phase current charts.
 */
export function compareSection(
  comparison: Comparison,
  cases: readonly ReportCase[],
  figures: readonly Figure[],
): Html {
  const runs = comparison.strategies.map((s) => ({
    name: s.name,
    kase: cases.find((c) => c.id === s.caseId),
  }));
  const keys: string[] = [];
  for (const r of runs)
    for (const k of Object.keys(r.kase?.metrics ?? {})) if (!keys.includes(k)) keys.push(k);
  const verdictRow = [
    'verdict',
    ...runs.map((r) => (r.kase === undefined ? '—' : verdictBadge(r.kase.verdict))),
  ];
  const rows = keys.map((key) => {
    const metrics = runs.map((r) => r.kase?.metrics[key]);
    const labelled = metrics.find((m) => m !== undefined)!;
    const best = bestIndices(metrics);
    return [
      metricLabel(key, labelled),
      ...metrics.map((m, i) =>
        m === undefined
          ? '—'
          : best.has(i)
            ? `<strong class="best">${metricValue(m)}</strong>`
            : metricValue(m),
      ),
    ];
  });
  const headers = ['metric', ...runs.map((r) => r.name)];
  return [
    `<section id="comparison"><h2>Comparison — ${escapeHtml(comparison.title)}</h2>`,
    table(headers, [verdictRow, ...rows], 'compare'),
    ...figures.map(chartDiv),
    '</section>',
  ].join('\n');
}

function bestIndices(metrics: readonly (Metric | undefined)[]): Set<number> {
  const numeric = metrics.flatMap((m, i) =>
    m !== undefined && typeof m.value === 'number' ? [{ i, v: m.value, m }] : [],
  );
  const better = numeric[0]?.m.better;
  if (better === undefined || numeric.length < 2) return new Set();
  if (numeric.every((n) => n.v === numeric[0]!.v)) return new Set();
  const target =
    better === 'higher' ? Math.max(...numeric.map((n) => n.v)) : Math.min(...numeric.map((n) => n.v));
  return new Set(numeric.filter((n) => n.v === target).map((n) => n.i));
}
