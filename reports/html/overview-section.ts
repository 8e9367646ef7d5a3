import { escapeHtml } from '../escape.js';
import { formatDuration } from '../format.js';
import type { ReportCase } from '../run-report.js';
import { casesWorstFirst } from '../run-report.js';
import { caseAnchor } from './case-section.js';
import type { Html } from './html-parts.js';
import { metricLabel, metricValue, table, verdictBadge } from './html-parts.js';

/** Most key metrics shown per case in the overview. */
export const MAX_KEY_METRICS = 6;

/** The overview table: one row per case, failures first, with key metrics and the failure line. */
export function overviewSection(cases: readonly ReportCase[]): Html {
  if (cases.length === 0) return '<section id="overview"><h2>Overview</h2><p>No cases ran.</p></section>';
  const indexOf = new Map(cases.map((c, i) => [c, i]));
  const rows = casesWorstFirst(cases).map((c) => {
    const keyMetrics = Object.entries(c.metrics)
      .filter(([, m]) => m.key === true)
      .slice(0, MAX_KEY_METRICS)
      .map(([k, m]) => `${metricLabel(k, m)}: ${metricValue(m)}`)
      .join('<br>');
    const failure = c.failure === undefined ? '' : escapeHtml(c.failure.message.split('\n')[0] ?? '');
    return [
      verdictBadge(c.verdict),
      `<a href="#${caseAnchor(indexOf.get(c)!)}">${escapeHtml(c.name)}</a>`,
      escapeHtml(c.group),
      escapeHtml(formatDuration(c.durationMs)),
      keyMetrics,
      failure,
    ];
  });
  return `<section id="overview"><h2>Overview</h2>\n${table(['verdict', 'case', 'group', 'duration', 'key metrics', 'failure'], rows, 'overview')}\n</section>`;
}
