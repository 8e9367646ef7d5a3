import { escapeHtml, jsonForScript } from '../escape.js';
import { formatDuration, isoUtc } from '../format.js';
import type { RunReport } from '../run-report.js';
import { overallVerdict, verdictTotals } from '../run-report.js';
import { caseFigures } from './case-figures.js';
import { caseSection } from './case-section.js';
import { compareFigures } from './compare-figures.js';
import { compareSection } from './compare-section.js';
import type { Figure } from './figure.js';
import type { Html } from './html-parts.js';
import { verdictBadge } from './html-parts.js';
import { overviewSection } from './overview-section.js';
import { PAGE_CSS, PAGE_SCRIPT, PLOTLY_FILE } from './page-assets.js';

/**
 * The report page: static HTML that opens from file:// with no network. Its only outside file is
 * `plotly.min.js` next to it. Everything user-supplied is escaped; the same report gives the same
 * page, byte for byte.
 */
export function renderIndexHtml(report: RunReport): string {
  const figures: Figure[] = [];
  const comparison = report.comparison === undefined ? [] : compareFigures(report.comparison, report.cases);
  figures.push(...comparison);
  const sections = report.cases.map((c, i) => {
    const own = caseFigures(c, i);
    figures.push(...own);
    return caseSection(c, i, own, report.frames);
  });
  const title = report.title ?? `ocpp-harness ${report.command}`;
  const body: Html[] = [
    header(report, title),
    overviewSection(report.cases),
    report.comparison === undefined ? '' : compareSection(report.comparison, report.cases, comparison),
    ...sections,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' file: 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<p id="plotly-missing">The charts need <code>${PLOTLY_FILE}</code> in the same folder as this page.</p>
${body.filter((b) => b !== '').join('\n')}
<script type="application/json" id="report-figures">${jsonForScript(figures)}</script>
<script src="${PLOTLY_FILE}"></script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function header(report: RunReport, title: string): Html {
  const totals = verdictTotals(report.cases);
  const counts = [
    `${totals.cases} cases`,
    `${totals.passed} passed`,
    `${totals.failed} failed`,
    `${totals.errors} errors`,
    `${totals.notApplicable} not applicable`,
  ].join(' · ');
  return `<header>
<h1>${verdictBadge(overallVerdict(report.cases))} ${escapeHtml(title)}</h1>
<p class="meta">command <code>${escapeHtml(report.command)}</code> · seed <code>${escapeHtml(String(report.seed))}</code> · started ${escapeHtml(isoUtc(report.startedAtMs))} · took ${escapeHtml(formatDuration(report.endedAtMs - report.startedAtMs))}</p>
<p class="meta">${counts} · ${report.frames.length} frames · <a href="summary.json">summary.json</a> · <a href="junit.xml">junit.xml</a> · <a href="frames.jsonl">frames.jsonl</a></p>
</header>`;
}
