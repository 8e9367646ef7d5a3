import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Rng } from '../common/rng.js';
import { perPhaseOf } from '../common/units.js';
import { RunCollector } from '../reports/collector.js';
import { renderIndexHtml } from '../reports/html/index-html.js';
import { aRunReport } from '../reports/test-support/a-run-report.js';
import { writeRunReport } from '../reports/write-run-report.js';

const DAY_STEPS = 8_640;
const T0 = Date.UTC(2026, 5, 1);

/** Feeds one case a day at 10 s steps (site, two sub-circuits, allocation, shares, SoC of `evs` EVs). */
function collectDay(evs: number, rng: Rng): { recordMs: number; finishMs: number; points: number } {
  const run = new RunCollector({ command: 'bench', seed: 1, startedAtMs: T0 });
  const c = run.startCase({ id: 'day', name: 'day', group: 'bench' });
  c.defineCircuit('main', 'Main', 60);
  c.defineCircuit('garage', 'Garage', 32);
  const t0 = performance.now();
  for (let i = 0; i < DAY_STEPS; i++) {
    const t = T0 + i * 10_000;
    const a = 30 + rng.normal(0, 8);
    c.recordSite({
      timeMs: t,
      voltageV: 230,
      gridPerPhaseA: perPhaseOf(a),
      homePerPhaseA: perPhaseOf(10),
      pvPerPhaseA: perPhaseOf(5),
      chargersPerPhaseA: perPhaseOf(a - 5),
    });
    c.recordCircuit('garage', t, perPhaseOf(a / 2));
    const alloc = Array.from({ length: evs }, (_, k) => ({
      chargerId: `CP${k}`,
      powerW: rng.uniform(1400, 7400),
    }));
    c.recordAllocation(t, alloc);
    c.recordShares(
      t,
      alloc.map((x) => ({ sessionId: x.chargerId, allocatedA: x.powerW / 230, demandA: 32 })),
    );
    for (let k = 0; k < evs; k++) c.recordSoc(t, `EV${k}`, Math.min(100, (i / DAY_STEPS) * 100));
  }
  const t1 = performance.now();
  const k = c.finish({ verdict: 'PASS', durationMs: 0 });
  const t2 = performance.now();
  const s = k.series;
  const points = [
    ...s.powerFlow,
    ...s.allocations,
    ...s.fairness,
    ...s.soc,
    ...s.circuits.flatMap((x) => x.phases),
  ]
    .map((x) => x.values.length)
    .reduce((a, b) => a + b, 0);
  return { recordMs: t1 - t0, finishMs: t2 - t1, points };
}

/** Collector throughput on a day at 10 s steps, and the cost and size of writing reports. */
export async function runReportBench(): Promise<void> {
  for (const evs of [4, 20]) {
    const r = collectDay(evs, new Rng(`report-bench/${evs}`));
    const samplesPerStep = 1 + 1 + 1 + 1 + evs;
    console.log(
      `collector: a day at 10 s steps, ${evs} EVs: record ${r.recordMs.toFixed(0)} ms ` +
        `(${Math.round((DAY_STEPS * samplesPerStep) / (r.recordMs / 1000)).toLocaleString('en')} records/s), ` +
        `finish (metrics + downsampling) ${r.finishMs.toFixed(0)} ms, ${r.points.toLocaleString('en')} points drawn`,
    );
  }
  const t0 = performance.now();
  const report = aRunReport({ seed: 'report-bench', compare: true });
  const t1 = performance.now();
  const html = renderIndexHtml(report);
  const t2 = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-harness-report-bench-'));
  try {
    const w = await writeRunReport(report, dir);
    const t3 = performance.now();
    const kib = async (p: string): Promise<string> => `${((await stat(p)).size / 1024).toFixed(0)} KiB`;
    console.log(
      `report: ${report.cases.length} cases (3 simulated days + 1 with a limit drop), ${report.frames.length} frames: ` +
        `synthetic run ${(t1 - t0).toFixed(0)} ms, render index.html ${(t2 - t1).toFixed(0)} ms, ` +
        `write all files ${(t3 - t2).toFixed(0)} ms`,
    );
    console.log(
      `  sizes: index.html ${await kib(w.indexHtml)} (${(html.length / report.cases.length / 1024).toFixed(0)} KiB per case), ` +
        `summary.json ${await kib(w.summaryJson)}, junit.xml ${await kib(w.junitXml)}, frames.jsonl ${await kib(w.framesJsonl)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runReportBench();
}
