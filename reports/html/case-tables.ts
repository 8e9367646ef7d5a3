import { escapeHtml } from '../escape.js';
import { formatEnergyKwh, formatMoney, formatSiteTime } from '../format.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import type { ReportCase } from '../run-report.js';
import type { Html } from './html-parts.js';
import { details, metricLabel, metricValue, pre, table } from './html-parts.js';

/** Most violations listed per case in the page (summary.json and frames.jsonl have them all). */
export const MAX_VIOLATION_ROWS = 500;

/** Longest raw frame shown in full in the page. */
export const MAX_RAW_FRAME_CHARS = 4096;

/** The DOM id of the shown copy of frames.jsonl line `line`. */
export function frameAnchor(line: number): string {
  return `frame-${line}`;
}

/** The case's metrics as a table. */
export function metricsTable(c: ReportCase): Html {
  const keys = Object.keys(c.metrics);
  if (keys.length === 0) return '';
  const rows = keys.map((k) => [
    metricLabel(k, c.metrics[k]!),
    metricValue(c.metrics[k]!),
    `<code>${escapeHtml(k)}</code>`,
  ]);
  return `<h3>Metrics</h3>\n${table(['metric', 'value', 'key'], rows, 'metrics')}`;
}

/** The billing table. */
export function billingTable(c: ReportCase): Html {
  if (c.billing.length === 0) return '';
  const t = (ms: number | undefined): string =>
    ms === undefined ? '—' : escapeHtml(formatSiteTime(ms, c.timeZone));
  const rows = c.billing.map((b) => [
    escapeHtml(b.sessionId),
    escapeHtml(b.chargerId),
    escapeHtml(b.user ?? '—'),
    t(b.startedAtMs),
    t(b.endedAtMs),
    escapeHtml(formatEnergyKwh(b.energyWh)),
    `<span class="num">${escapeHtml(formatMoney(b.amount))}</span>`,
    escapeHtml(b.status),
    b.walletAfter === undefined ? '—' : escapeHtml(formatMoney(b.walletAfter)),
  ]);
  const headers = [
    'session',
    'charger',
    'user',
    'start',
    'end',
    'energy',
    'amount',
    'status',
    'wallet after',
  ];
  return `<h3>Billing</h3>\n${table(headers, rows, 'billing')}`;
}

/** The firmware events as a table (the chart shows the same on a timeline). */
export function firmwareTable(c: ReportCase): Html {
  if (c.firmware.length === 0) return '';
  const rows = c.firmware.map((e) => [
    escapeHtml(formatSiteTime(e.timeMs, c.timeZone)),
    escapeHtml(e.chargerId),
    escapeHtml(e.status),
    escapeHtml(e.version ?? '—'),
    escapeHtml(e.detail ?? ''),
  ]);
  return details(
    `Firmware events (${c.firmware.length})`,
    table(['time', 'charger', 'status', 'version', 'detail'], rows, 'firmware'),
  );
}

/** Frame counts by action and direction. */
export function frameCountTable(c: ReportCase): Html {
  if (c.frameCounts.length === 0) return '';
  const rows = c.frameCounts.map((f) => [
    escapeHtml(f.action),
    escapeHtml(f.direction),
    String(f.calls),
    String(f.results),
    String(f.errors),
    String(f.malformed),
    f.invalid > 0 ? `<strong class="bad">${f.invalid}</strong>` : '0',
  ]);
  const headers = ['action', 'direction', 'CALL', 'CALLRESULT', 'CALLERROR', 'malformed', 'invalid'];
  return details('Frame counts', table(headers, rows, 'frames'));
}

/** Every violation (up to {@link MAX_VIOLATION_ROWS}) with its JSON pointer and a link to the frame. */
export function violationsTable(c: ReportCase): Html {
  if (c.violations.length === 0)
    return '<h3>Frame violations</h3>\n<p class="ok">No frame violated its schema.</p>';
  const shown = c.violations.slice(0, MAX_VIOLATION_ROWS);
  const rows = shown.map((v) => [
    `<a href="#${frameAnchor(v.frameLine)}">frames.jsonl:${v.frameLine}</a>`,
    escapeHtml(formatSiteTime(v.timeMs, c.timeZone)),
    escapeHtml(v.stationId),
    escapeHtml(v.direction),
    escapeHtml(`${v.messageType}${v.action === undefined ? '' : ` ${v.action}`}`),
    `<code>${escapeHtml(v.pointer === '' ? '(payload)' : v.pointer)}</code>`,
    escapeHtml(v.code),
    escapeHtml(v.message),
  ]);
  const more =
    c.violations.length > shown.length
      ? `<p>${c.violations.length - shown.length} more violations are listed in summary.json.</p>`
      : '';
  const headers = [
    'frame',
    'time',
    'station',
    'direction',
    'message',
    'JSON pointer',
    'code',
    'what is wrong',
  ];
  return `<h3>Frame violations (${c.violations.length})</h3>\n${table(headers, rows, 'violations')}${more}`;
}

/** The raw text of every frame a violation row links to, each with its anchor. */
export function violatingFrames(c: ReportCase, frames: readonly FrameRecord[]): Html {
  const lines = [...new Set(c.violations.slice(0, MAX_VIOLATION_ROWS).map((v) => v.frameLine))];
  if (lines.length === 0) return '';
  const items = lines.map((line) => {
    const raw = frames[line - 1]?.raw ?? '(frame not in this report)';
    const text =
      raw.length > MAX_RAW_FRAME_CHARS ? `${raw.slice(0, MAX_RAW_FRAME_CHARS)}… (${raw.length} chars)` : raw;
    return `<div class="raw-frame" id="${frameAnchor(line)}"><span>frames.jsonl:${line}</span>${pre(text)}</div>`;
  });
  return details(`Frames with violations (${lines.length})`, items.join('\n'));
}
