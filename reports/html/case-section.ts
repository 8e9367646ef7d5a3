import type { FrameRecord } from '../../common/rpc-types.js';
import { escapeHtml } from '../escape.js';
import { formatDuration } from '../format.js';
import type { ReportCase } from '../run-report.js';
import type { ChartKind, Figure } from './figure.js';
import type { Html } from './html-parts.js';
import { details, pre, verdictBadge } from './html-parts.js';
import {
  billingTable,
  firmwareTable,
  frameCountTable,
  metricsTable,
  violatingFrames,
  violationsTable,
} from './case-tables.js';

/** The DOM id of a case's section. */
export function caseAnchor(caseIndex: number): string {
  return `case-${caseIndex}`;
}

const CHART_NAMES: Readonly<Record<ChartKind, string>> = {
  'power-flow': 'power flow',
  'phase-current': 'current per phase',
  allocation: 'allocation per charger',
  fairness: 'fairness over time',
  soc: 'SoC per EV',
  firmware: 'firmware timeline',
  frames: 'frame counts',
  'compare-phase': 'per-phase current by strategy',
};

const CASE_CHARTS: readonly ChartKind[] = [
  'power-flow',
  'phase-current',
  'allocation',
  'fairness',
  'soc',
  'firmware',
  'frames',
];

/** A chart's empty div, which the page script draws into. */
export function chartDiv(figure: Figure): Html {
  return `<div class="chart" id="${figure.id}" data-chart="${figure.kind}"></div>`;
}

/** One case: verdict, failure, steps, metrics, its charts, tables and violations. */
export function caseSection(
  c: ReportCase,
  caseIndex: number,
  figures: readonly Figure[],
  frames: readonly FrameRecord[],
): Html {
  const parts: Html[] = [];
  parts.push(`<h2>${verdictBadge(c.verdict)} ${escapeHtml(c.name)}</h2>`);
  const tags =
    c.tags.length === 0 ? '' : ` · tags ${c.tags.map((t) => `<code>${escapeHtml(t)}</code>`).join(' ')}`;
  parts.push(
    `<p class="meta">id <code>${escapeHtml(c.id)}</code> · ${escapeHtml(c.group)} · ${escapeHtml(formatDuration(c.durationMs))}${tags}</p>`,
  );
  if (c.failure !== undefined) parts.push(failureBlock(c));
  if (c.steps.length > 0) parts.push(stepsList(c));
  parts.push(metricsTable(c));
  for (const f of figures) parts.push(chartDiv(f));
  const missing = CASE_CHARTS.filter((k) => !figures.some((f) => f.kind === k)).map((k) => CHART_NAMES[k]);
  const simulated = figures.some((f) => f.kind !== 'frames' && f.kind !== 'firmware');
  if (simulated && missing.length > 0)
    parts.push(`<p class="empty">Not recorded in this case: ${missing.join(', ')}.</p>`);
  parts.push(
    billingTable(c),
    firmwareTable(c),
    frameCountTable(c),
    violationsTable(c),
    violatingFrames(c, frames),
  );
  return `<section class="case" id="${caseAnchor(caseIndex)}">\n${parts.filter((p) => p !== '').join('\n')}\n</section>`;
}

function failureBlock(c: ReportCase): Html {
  const f = c.failure!;
  const parts: Html[] = [`<p class="failure-message">${escapeHtml(f.message)}</p>`];
  if (f.expected !== undefined || f.received !== undefined) {
    parts.push(
      `<div class="diff"><div><h4>expected</h4>${pre(f.expected ?? '')}</div><div><h4>received</h4>${pre(f.received ?? '')}</div></div>`,
    );
  }
  if (f.location !== undefined) parts.push(`<p class="meta">at <code>${escapeHtml(f.location)}</code></p>`);
  if (f.stack !== undefined) parts.push(details('stack', pre(f.stack)));
  return `<div class="failure">\n${parts.join('\n')}\n</div>`;
}

function stepsList(c: ReportCase): Html {
  const items = c.steps.map((s) => {
    const msg = s.message === undefined ? '' : pre(s.message, 'step-message');
    return `<li class="step s-${s.status}"><span class="kw">${escapeHtml(s.keyword)}</span> ${escapeHtml(s.text)} <span class="step-status">${s.status} · ${escapeHtml(formatDuration(s.durationMs))}</span>${msg}</li>`;
  });
  const open = c.verdict === 'FAIL' || c.verdict === 'ERROR';
  return details(`Steps (${c.steps.length})`, `<ol class="steps">\n${items.join('\n')}\n</ol>`, open);
}
