import { escapeHtml } from '../escape.js';
import { formatNumber } from '../format.js';
import type { CaseVerdict, Metric } from '../run-report.js';

/** Markup already escaped: what the helpers below take and give. */
export type Html = string;

/** A table from header labels (plain text) and rows of escaped cells. */
export function table(headers: readonly string[], rows: readonly (readonly Html[])[], cls = ''): Html {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls === '' ? '' : ` class="${cls}"`}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A verdict as a coloured badge. */
export function verdictBadge(verdict: CaseVerdict | 'PASS' | 'FAIL'): Html {
  return `<span class="verdict v-${verdict.toLowerCase().replace('_', '-')}">${verdict.replace('_', ' ')}</span>`;
}

/** A metric's value with its unit, escaped. */
export function metricValue(metric: Metric): Html {
  const v = metric.value;
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return escapeHtml(`${formatNumber(v)}${metric.unit ? ` ${metric.unit}` : ''}`);
  return escapeHtml(`${v}${metric.unit ? ` ${metric.unit}` : ''}`);
}

/** A metric's label (its key when it has none), escaped. */
export function metricLabel(key: string, metric: Metric): Html {
  return escapeHtml(metric.label ?? key);
}

/** Text in a `<pre>`, escaped. */
export function pre(text: string, cls = ''): Html {
  return `<pre${cls === '' ? '' : ` class="${cls}"`}>${escapeHtml(text)}</pre>`;
}

/** A collapsible block with a plain-text summary. */
export function details(summary: string, body: Html, open = false): Html {
  return `<details${open ? ' open' : ''}><summary>${escapeHtml(summary)}</summary>\n${body}\n</details>`;
}
