import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameLine } from './frames-jsonl.js';
import { renderIndexHtml } from './html/index-html.js';
import { renderJunitXml } from './junit-xml.js';
import type { FrameRecord } from '../common/rpc-types.js';
import type { RunReport } from './run-report.js';
import { buildSummary, renderSummaryJson } from './summary-json.js';
import { aRunReport } from './test-support/a-run-report.js';
import { writeRunReport } from './write-run-report.js';

const HOSTILE = `Tricky <case> & "quotes" 'apostrophe' \u0001 </script><script>alert(1)</script>`;

function withHostileCase(report: RunReport): RunReport {
  const [first, ...rest] = report.cases;
  return {
    ...report,
    cases: [
      {
        ...first!,
        name: HOSTILE,
        group: `group ${HOSTILE}`,
        verdict: 'ERROR',
        failure: { message: HOSTILE, expected: '<a>', received: ']]>' },
      },
      ...rest,
    ],
  };
}

describe('report writers', () => {
  let report: RunReport;
  let dir: string;
  beforeAll(async () => {
    report = aRunReport({ seed: 11, hours: 3, compare: true });
    dir = await mkdtemp(join(tmpdir(), 'ocpp-harness-writers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('junit.xml', () => {
    it('has one testcase per case, grouped in suites, with failure, error and skipped elements', () => {
      const xml = renderJunitXml(report);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
      expect(xml.match(/<testcase /g)).toHaveLength(report.cases.length);
      expect(xml.match(/<testsuite /g)).toHaveLength(new Set(report.cases.map((c) => c.group)).size);
      expect(xml).toMatch(
        /<testsuites name="ocpp-harness compare" tests="5" failures="1" errors="0" skipped="1"/,
      );
      expect(xml.match(/<failure /g)).toHaveLength(1);
      expect(xml.match(/<skipped /g)).toHaveLength(1);
      expect(xml).toContain('<property name="seed" value="11"/>');
    });

    it('escapes user text in attributes and content and drops characters XML cannot carry', () => {
      const xml = renderJunitXml(withHostileCase(report));
      expect(xml).not.toContain('<script>');
      expect(xml).not.toContain('\u0001');
      expect(xml).toContain('\\u0001');
      expect(xml).toContain(
        'name="Tricky &lt;case&gt; &amp; &quot;quotes&quot; \'apostrophe\' \\u0001 &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
      );
      expect(xml).toMatch(/<error message="Tricky &lt;case&gt;[^"]*" type="ERROR">Tricky &lt;case&gt;/);
      expect(xml).toContain('received: ]]&gt;');
      // every attribute value is free of raw markup characters
      for (const m of xml.matchAll(/ [a-z]+="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
      // tags balance
      const opened = [
        ...xml.matchAll(/<(testsuites|testsuite|testcase|properties|failure|error|system-out)[ >]/g),
      ].length;
      const closed = [
        ...xml.matchAll(/<\/(testsuites|testsuite|testcase|properties|failure|error|system-out)>/g),
      ].length;
      expect(opened).toBe(closed);
    });
  });

  describe('summary.json', () => {
    it('has the documented stable keys and a schema version', () => {
      const summary = JSON.parse(renderSummaryJson(report)) as Record<string, unknown>;
      expect(Object.keys(summary)).toEqual([
        'schemaVersion',
        'tool',
        'command',
        'title',
        'seed',
        'startedAt',
        'endedAt',
        'durationMs',
        'verdict',
        'totals',
        'frames',
        'cases',
        'comparison',
        'files',
      ]);
      expect(summary.schemaVersion).toBe(1);
      expect(summary.verdict).toBe('FAIL');
      expect(summary.totals).toEqual({ cases: 5, passed: 3, failed: 1, errors: 0, notApplicable: 1 });
      const cases = summary.cases as Record<string, unknown>[];
      for (const c of cases) {
        expect(Object.keys(c)).toEqual([
          'id',
          'name',
          'group',
          'tags',
          'verdict',
          'durationMs',
          'failure',
          'steps',
          'metrics',
          'overshoots',
          'billing',
          'firmware',
          'frames',
          'violationCount',
          'violations',
        ]);
      }
      expect(cases[0]!.failure).toBeNull();
      expect(Object.keys(cases[3]!.failure as object)).toEqual([
        'message',
        'expected',
        'received',
        'location',
      ]);
      expect(cases[4]!.failure).toEqual({
        message: 'the station does not report SmartCharging',
        expected: null,
        received: null,
        location: null,
      });
    });

    it.each([
      ['fuse.main.peakA', 'A'],
      ['fuse.main.wouldTrip', null],
      ['energy.pvSelfConsumptionPct', '%'],
      ['limit.main.overshoots', null],
    ])('lists metric %s with its unit', (key, unit) => {
      const metrics = buildSummary(report).cases[0]!.metrics;
      expect(metrics[key]).toBeDefined();
      expect(metrics[key]!.unit).toBe(unit);
    });

    it('puts each strategy of a comparison with its verdict and metrics', () => {
      const cmp = buildSummary(report).comparison!;
      expect(cmp.strategies.map((s) => [s.name, s.verdict])).toEqual([
        ['equal-share', 'PASS'],
        ['priority', 'PASS'],
        ['pv-surplus', 'PASS'],
      ]);
      expect(Object.keys(cmp.strategies[0]!.metrics)).toContain('fuse.main.peakA');
    });
  });

  describe('index.html', () => {
    it('has a container for every chart and loads nothing from outside its folder', () => {
      const html = renderIndexHtml(report);
      for (const kind of [
        'power-flow',
        'phase-current',
        'allocation',
        'fairness',
        'soc',
        'firmware',
        'frames',
        'compare-phase',
      ]) {
        expect(html).toContain(`data-chart="${kind}"`);
      }
      const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs)
        expect(ref).toMatch(/^(#[a-z0-9-]+|plotly\.min\.js|summary\.json|junit\.xml|frames\.jsonl)$/);
      expect(html).not.toMatch(/https?:\/\/|\/\/cdn/);
    });

    it('escapes user text everywhere, in markup and in the embedded chart data', () => {
      const html = renderIndexHtml(withHostileCase(report));
      expect(html.match(/<script/g)).toHaveLength(3);
      expect(html.match(/<\/script>/g)).toHaveLength(3);
      expect(html).toContain('Tricky &lt;case&gt; &amp; &quot;quotes&quot; &#39;apostrophe&#39;');
      expect(html).toContain('[2, &quot;x&quot;, &quot;Heartbeat&quot;, {}&lt;/script&gt;');
    });

    it('lists failures first in the overview and links each violation to its frame', () => {
      const html = renderIndexHtml(report);
      const overview = html.slice(html.indexOf('<section id="overview">'), html.indexOf('</section>'));
      expect(overview.indexOf('v-fail')).toBeLessThan(overview.indexOf('v-pass'));
      const links = [...html.matchAll(/href="#frame-(\d+)"/g)].map((m) => Number(m[1]));
      expect(links.length).toBeGreaterThan(0);
      for (const line of links) {
        expect(html).toContain(`id="frame-${line}"`);
        expect(report.frames[line - 1]!.verdict).toBe('invalid');
      }
    });
  });

  describe('frames.jsonl lines', () => {
    it('have one key order whatever order the record was built in, and keep keys a newer record adds', () => {
      const frame: FrameRecord = {
        timeMs: 1,
        direction: 'station->csms',
        stationId: 'CP1',
        version: '2.0.1',
        messageType: 'CALL',
        messageId: '7',
        action: 'Heartbeat',
        raw: '[2,"7","Heartbeat",{"x":1}]',
        verdict: 'invalid',
        violations: [
          {
            pointer: '/x',
            message: 'no such property',
            kind: 'bad-property',
            code: 'PropertyConstraintViolation',
          },
        ],
      };
      const shuffled = Object.fromEntries(
        Object.entries({ ...frame, sessionTag: 'x' }).reverse(),
      ) as unknown as FrameRecord;
      const line = frameLine(shuffled);
      expect(line).toBe(frameLine(frame).replace(/}$/, ',"sessionTag":"x"}'));
      expect(Object.keys(JSON.parse(line) as object)).toEqual([
        'timeMs',
        'direction',
        'stationId',
        'version',
        'messageType',
        'messageId',
        'action',
        'raw',
        'verdict',
        'violations',
        'sessionTag',
      ]);
    });
  });

  describe('writeRunReport', () => {
    it('writes the same files byte for byte from the same report, and frames.jsonl as recorded', async () => {
      const a = await writeRunReport(report, join(dir, 'a'));
      const b = await writeRunReport(aRunReport({ seed: 11, hours: 3, compare: true }), join(dir, 'b'));
      for (const f of ['indexHtml', 'summaryJson', 'junitXml', 'framesJsonl'] as const) {
        expect(await readFile(b[f], 'utf8'), f).toBe(await readFile(a[f], 'utf8'));
      }
      const lines = (await readFile(a.framesJsonl, 'utf8')).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(report.frames.length);
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(report.frames.map((f) => ({ ...f })));
      const plotly = await readFile(a.plotlyJs);
      expect(plotly.length).toBeGreaterThan(1_000_000);
    });

    it('gives another report from another seed', async () => {
      const other = await writeRunReport(aRunReport({ seed: 12, hours: 3, compare: true }), join(dir, 'c'));
      const same = join(dir, 'a', 'summary.json');
      expect(await readFile(other.summaryJson, 'utf8')).not.toBe(await readFile(same, 'utf8'));
    });
  });
});
