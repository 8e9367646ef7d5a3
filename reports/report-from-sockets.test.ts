import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aBootAccepted, aBootNotification } from '../common/test-support/ocpp-payloads.js';
import { anRpcPair } from '../common/test-support/rpc-pair.js';
import type { RpcPair } from '../common/test-support/rpc-pair.js';
import { transportCases } from '../common/test-support/transport-cases.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { RunCollector } from './collector.js';
import type { CaseCollector } from './case-collector.js';
import { writeRunReport } from './write-run-report.js';

const T0 = Date.parse('2026-06-01T02:30:00Z');
const ws = transportCases.find((t) => t.kind === 'ws')!;

describe('a report of frames recorded over a real WebSocket', () => {
  let pair: RpcPair | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await pair?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every frame the CSMS saw, in order, with violations pointing at their lines', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    const run = new RunCollector({ command: 'run', seed: 'sockets', startedAtMs: T0 });
    const kase: CaseCollector = run.startCase({
      id: 'faulty',
      name: 'A faulty charger',
      group: 'frames.feature',
    });
    pair = await anRpcPair({
      transport: ws,
      clock,
      tracker: clock.tracker,
      stationId: 'CP-FAULTY',
      endpoint: { strictness: 'record' },
      csms: { tap: (r) => kase.recordFrame(r) },
    });
    pair.csms.handle('BootNotification', () => aBootAccepted());
    pair.csms.handle('Heartbeat', () => ({ currentTime: new Date(clock.now()).toISOString() }));
    await pair.station.call('BootNotification', aBootNotification('1.6'));
    await clock.advanceBy(60_000);
    await pair.station.call('BootNotification', { chargePointVendor: 'Acme', colour: '<red>' });
    await clock.advanceBy(60_000);
    await pair.station.sendRaw('[2, "77", "Heartbeat", {}</script>');
    await clock.settle();
    const report = run.build(clock.now());
    // the case ended without finish(): reported as ERROR, frames kept
    expect(report.cases[0]!.verdict).toBe('ERROR');
    dir = await mkdtemp(join(tmpdir(), 'ocpp-harness-sockets-'));
    const written = await writeRunReport(report, dir);
    const lines = (await readFile(written.framesJsonl, 'utf8')).trimEnd().split('\n');
    const frames = lines.map(
      (l) => JSON.parse(l) as { direction: string; messageType: string; verdict: string; raw: string },
    );
    expect(frames.map((f) => [f.direction, f.messageType, f.verdict])).toEqual([
      ['station->csms', 'CALL', 'valid'],
      ['csms->station', 'CALLRESULT', 'valid'],
      ['station->csms', 'CALL', 'invalid'],
      ['csms->station', 'CALLRESULT', 'valid'],
      ['station->csms', 'INVALID', 'invalid'],
      ['csms->station', 'CALLERROR', 'unchecked'],
    ]);
    expect(frames[4]!.raw).toBe('[2, "77", "Heartbeat", {}</script>');
    const c = report.cases[0]!;
    const pointers = c.violations.map((v) => [v.frameLine, v.pointer, v.code]);
    expect(pointers).toEqual(
      expect.arrayContaining([
        [3, '/chargePointModel', 'OccurenceConstraintViolation'],
        [3, '/colour', 'PropertyConstraintViolation'],
      ]),
    );
    expect(c.violations.filter((v) => v.frameLine === 5).map((v) => v.code)).toEqual(['FormationViolation']);
    const html = await readFile(written.indexHtml, 'utf8');
    expect(html).toContain('href="#frame-3"');
    expect(html).toContain('id="frame-5"');
    expect(html).toContain('{}&lt;/script&gt;');
    const summary = JSON.parse(await readFile(written.summaryJson, 'utf8')) as { frames: { total: number } };
    expect(summary.frames.total).toBe(frames.length);
  });
});
