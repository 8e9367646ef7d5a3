import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Rng } from '../common/rng.js';
import type { OcppVersion } from '../common/ocpp-version.js';
import { checkFrame } from '../schemas/frame-check.js';
import {
  aV16MeterValues,
  aV16StatusNotification,
  aV201TransactionEvent,
} from '../schemas/sample-payloads.js';
import { createValidator } from '../schemas/validator.js';

interface BenchFrame {
  readonly version: OcppVersion;
  readonly action: string;
  readonly payload: unknown;
  readonly text: string;
}

/** The realistic mix: per 10 frames, 4 MeterValues, 2 StatusNotification, 2 Heartbeat, 2 TransactionEvent. */
function buildMix(count: number, rng: Rng): BenchFrame[] {
  const frames: BenchFrame[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const t0 = Date.UTC(2026, 2, 1, 6, 0, 0);
  for (let i = 0; i < count; i++) {
    const at = iso(t0 + i * 1000);
    const slot = i % 10;
    let version: OcppVersion = '1.6';
    let action: string;
    let payload: unknown;
    if (slot < 4) {
      action = 'MeterValues';
      const base = aV16MeterValues({ transactionId: rng.int(1, 100_000) });
      const mv = base.meterValue[0]!;
      payload = {
        ...base,
        meterValue: [
          {
            timestamp: at,
            sampledValue: mv.sampledValue.map((s) => ({ ...s, value: rng.uniform(0, 500).toFixed(1) })),
          },
        ],
      };
    } else if (slot < 6) {
      action = 'StatusNotification';
      payload = aV16StatusNotification({
        connectorId: rng.int(0, 2),
        status: rng.pick(['Available', 'Preparing', 'Charging', 'SuspendedEV', 'Finishing'] as const),
        timestamp: at,
      });
    } else if (slot < 8) {
      action = 'Heartbeat';
      payload = {};
    } else {
      version = '2.0.1';
      action = 'TransactionEvent';
      const base = aV201TransactionEvent({ seqNo: i, timestamp: at });
      payload = {
        ...base,
        meterValue: base.meterValue!.map((m) => ({
          timestamp: at,
          sampledValue: m.sampledValue.map((s) => ({
            ...s,
            value: Math.round(rng.uniform(200, 250) * 10) / 10,
          })),
        })),
      };
    }
    frames.push({ version, action, payload, text: JSON.stringify([2, String(i + 1), action, payload]) });
  }
  return frames;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function rate(n: number, seconds: number): string {
  return `${Math.round(n / seconds).toLocaleString('en-US')}`.padStart(11);
}

/**
 * Runs `body` over the mix `rounds` times after a warm-up; prints frames/s by wall-clock time and
 * by this process's CPU time (the figure for one core when other work shares the machine).
 */
function measure(
  label: string,
  frames: readonly BenchFrame[],
  rounds: number,
  body: (f: BenchFrame) => boolean,
): number {
  let valid = 0;
  for (const f of frames) if (body(f)) valid++; // warm-up: JIT, and lazy schema compilation
  if (valid !== frames.length)
    throw new Error(`${label}: ${frames.length - valid} frame(s) of the mix are invalid`);
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  for (let r = 0; r < rounds; r++) for (const f of frames) body(f);
  const cpu = cpuSeconds() - cpuStart;
  const wall = (performance.now() - wallStart) / 1000;
  const n = frames.length * rounds;
  console.log(
    `  ${label.padEnd(44)} ${rate(n, wall)} frames/s wall, ${rate(n, cpu)} frames/s per CPU-second`,
  );
  return n / cpu;
}

/** Validator throughput on a realistic mix of frames, on one core; prints frames/s. */
export function runValidatorBench(): void {
  const frames = buildMix(2_000, new Rng('validator-bench'));
  const validator = createValidator();
  console.log('validator: 1.6 MeterValues (10 sampled values) 40%, StatusNotification 20%, Heartbeat 20%;');
  console.log(
    '           2.0.1 TransactionEvent (10 sampled values) 20% — one core, target >= 500,000 frames/s',
  );
  const payloads = measure(
    'payload validation (validate)',
    frames,
    100,
    (f) => validator.validate(f.version, f.action, 'request', f.payload).ok,
  );
  measure(
    'whole frame from text (parse + checkFrame)',
    frames,
    25,
    (f) => checkFrame(validator, f.version, f.text).verdict === 'valid',
  );
  console.log(`  target ${payloads >= 500_000 ? 'met' : 'NOT met'} for payload validation (per CPU-second)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runValidatorBench();
}
