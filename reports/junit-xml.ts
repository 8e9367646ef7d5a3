import { escapeXmlAttribute, escapeXmlText } from './escape.js';
import type { ReportCase, RunReport } from './run-report.js';
import { verdictTotals } from './run-report.js';

/**
 * junit.xml in the shape CI tools read (Jenkins, GitLab, GitHub test reporters): `testsuites`,
 * one `testsuite` per group (feature or conformance block) in run order, one `testcase` per case
 * with `failure` (FAIL), `error` (ERROR) or `skipped` (NOT_APPLICABLE), and the steps in
 * `system-out`. Times are seconds.
 */
export function renderJunitXml(report: RunReport): string {
  const groups: string[] = [];
  for (const c of report.cases) if (!groups.includes(c.group)) groups.push(c.group);
  const totals = verdictTotals(report.cases);
  const timestamp = new Date(report.startedAtMs).toISOString().slice(0, 19);
  const attr = (name: string, value: string | number): string =>
    ` ${name}="${escapeXmlAttribute(String(value))}"`;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites${attr('name', report.title ?? `ocpp-harness ${report.command}`)}${attr('tests', totals.cases)}${attr('failures', totals.failed)}${attr('errors', totals.errors)}${attr('skipped', totals.notApplicable)}${attr('time', seconds(report.endedAtMs - report.startedAtMs))}>`,
  );
  groups.forEach((group, id) => {
    const cases = report.cases.filter((c) => c.group === group);
    const t = verdictTotals(cases);
    lines.push(
      `  <testsuite${attr('name', group)}${attr('id', id)}${attr('package', group)}${attr('tests', t.cases)}${attr('failures', t.failed)}${attr('errors', t.errors)}${attr('skipped', t.notApplicable)}${attr('time', seconds(cases.reduce((s, c) => s + c.durationMs, 0)))}${attr('timestamp', timestamp)}${attr('hostname', 'localhost')}>`,
    );
    lines.push('    <properties>');
    lines.push(`      <property${attr('name', 'seed')}${attr('value', String(report.seed))}/>`);
    lines.push(`      <property${attr('name', 'command')}${attr('value', report.command)}/>`);
    lines.push('    </properties>');
    for (const c of cases) lines.push(...testcase(c, group, attr));
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(c: ReportCase, group: string, attr: (n: string, v: string | number) => string): string[] {
  const open = `    <testcase${attr('name', c.name)}${attr('classname', group)}${attr('time', seconds(c.durationMs))}`;
  const out: string[] = [];
  const body = failureText(c);
  if (c.verdict === 'FAIL' || c.verdict === 'ERROR') {
    const element = c.verdict === 'FAIL' ? 'failure' : 'error';
    const message = c.failure?.message ?? (c.verdict === 'FAIL' ? 'failed' : 'error');
    out.push(`${open}>`);
    out.push(
      `      <${element}${attr('message', message)}${attr('type', c.verdict)}>${escapeXmlText(body)}</${element}>`,
    );
  } else if (c.verdict === 'NOT_APPLICABLE') {
    out.push(`${open}>`);
    out.push(`      <skipped${attr('message', c.failure?.message ?? 'not applicable')}/>`);
  } else {
    out.push(`${open}>`);
  }
  if (c.steps.length > 0) out.push(`      <system-out>${escapeXmlText(stepsText(c))}</system-out>`);
  out.push('    </testcase>');
  return out;
}

function failureText(c: ReportCase): string {
  const f = c.failure;
  if (f === undefined) return '';
  const parts = [f.message];
  if (f.expected !== undefined) parts.push(`expected: ${f.expected}`);
  if (f.received !== undefined) parts.push(`received: ${f.received}`);
  if (f.location !== undefined) parts.push(`at ${f.location}`);
  if (f.stack !== undefined) parts.push(f.stack);
  return parts.join('\n');
}

function stepsText(c: ReportCase): string {
  return c.steps
    .map((s) => `${s.keyword} ${s.text} [${s.status}]${s.message === undefined ? '' : `\n  ${s.message}`}`)
    .join('\n');
}

function seconds(durationMs: number): string {
  return (Math.max(0, durationMs) / 1000).toFixed(3);
}
