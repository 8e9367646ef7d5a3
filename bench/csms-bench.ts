import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { WebSocket } from 'ws';
import { RealClock } from '../common/clock.js';
import { createWsTransport } from '../common/ws-transport.js';
import { createCsms } from '../csms/create-csms.js';
import type { Csms } from '../csms/create-csms.js';
import { migrate } from '../csms/store/migrations.js';
import { createPgStore } from '../csms/store/pg-store.js';
import type { Store } from '../csms/store/store.js';
import { defaultValidator } from '../schemas/validator.js';

/** Stations booted at once, then each sending MeterValues back to back. */
const STATIONS = Number(process.env['CSMS_BENCH_STATIONS'] ?? 200);
/** Wall time of the MeterValues phase. */
const METER_PHASE_MS = Number(process.env['CSMS_BENCH_METER_MS'] ?? 8_000);
const PHASE_LIMIT_MS = 120_000;
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A bare OCPP 1.6 client over ws: one outstanding CALL, latency per round trip. */
class LoadClient {
  #counter = 0;
  #pending:
    | { id: string; sentAt: number; resolve: (payload: unknown) => void; reject: (e: Error) => void }
    | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      const p = this.#pending;
      if (p === undefined || frame[1] !== p.id) return;
      this.#pending = undefined;
      if (frame[0] === 3) p.resolve(frame[2]);
      else p.reject(new Error(`CALLERROR ${JSON.stringify(frame)}`));
    });
  }

  static open(url: string, stationId: string): Promise<LoadClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}/${stationId}`, ['ocpp1.6']);
      ws.once('open', () => resolve(new LoadClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends a CALL; resolves with [payload, latency ms]. */
  call(action: string, payload: unknown): Promise<[unknown, number]> {
    const id = String(++this.#counter);
    const sentAt = performance.now();
    return new Promise((resolve, reject) => {
      this.#pending = { id, sentAt, resolve: (p) => resolve([p, performance.now() - sentAt]), reject };
      this.ws.send(JSON.stringify([2, id, action, payload]));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function withLimit<T>(label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label} took over ${PHASE_LIMIT_MS} ms; stopped`)),
      PHASE_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

function meterValues(transactionId: number, registerWh: number, timeMs: number): unknown {
  return {
    connectorId: 1,
    transactionId,
    meterValue: [
      {
        timestamp: iso(timeMs),
        sampledValue: [
          {
            value: String(registerWh),
            unit: 'Wh',
            measurand: 'Energy.Active.Import.Register',
            context: 'Sample.Periodic',
          },
          { value: '7.36', unit: 'kW', measurand: 'Power.Active.Import' },
          { value: '32', unit: 'A', measurand: 'Current.Import', phase: 'L1' },
          { value: '230', unit: 'V', measurand: 'Voltage', phase: 'L1-N' },
        ],
      },
    ],
  };
}

/** Figures of one store. */
interface StoreFigures {
  readonly store: string;
  readonly bootPerS: number;
  readonly bootP99Ms: number;
  readonly meterFramesPerS: number;
  readonly meterP50Ms: number;
  readonly meterP99Ms: number;
  readonly cpuPerFrameMs: number;
  readonly loggedFrames: number;
  readonly expectedFrames: number;
}

async function runAgainst(label: string, store: Store | { dataDir: string }): Promise<StoreFigures> {
  const csms: Csms = createCsms({
    clock: new RealClock(),
    transport: createWsTransport(),
    store,
    heartbeatIntervalS: 300,
  });
  await csms.start();
  const clients: LoadClient[] = [];
  try {
    // Phase 1: every station connects and boots at once.
    const bootLatencies: number[] = [];
    const bootStart = performance.now();
    await withLimit(
      `${label} boot`,
      Promise.all(
        Array.from({ length: STATIONS }, async (_, i) => {
          const client = await LoadClient.open(csms.ocppUrl, `BENCH-${String(i).padStart(5, '0')}`);
          clients.push(client);
          const [res, ms] = await client.call('BootNotification', {
            chargePointVendor: 'Bench',
            chargePointModel: 'Load',
            chargePointSerialNumber: `SN-${i}`,
            firmwareVersion: '1.0',
          });
          if ((res as { status: string }).status !== 'Accepted') throw new Error(`boot ${i} not accepted`);
          bootLatencies.push(ms);
        }),
      ),
    );
    const bootS = (performance.now() - bootStart) / 1000;

    // Each station starts a transaction, then sends MeterValues back to back.
    const t0 = Date.UTC(2026, 0, 1);
    const txIds = await Promise.all(
      clients.map(async (c) => {
        const [res] = await c.call('StartTransaction', {
          connectorId: 1,
          idTag: 'BENCH',
          meterStart: 0,
          timestamp: iso(t0),
        });
        return (res as { transactionId: number }).transactionId;
      }),
    );
    const latencies: number[] = [];
    const meterStart = performance.now();
    const cpuStart = cpuSeconds();
    const deadline = meterStart + METER_PHASE_MS;
    await withLimit(
      `${label} meter values`,
      Promise.all(
        clients.map(async (c, i) => {
          let n = 0;
          while (performance.now() < deadline) {
            n++;
            const [, ms] = await c.call('MeterValues', meterValues(txIds[i]!, n * 10, t0 + n * 1000));
            latencies.push(ms);
          }
        }),
      ),
    );
    const meterS = (performance.now() - meterStart) / 1000;
    const cpu = cpuSeconds() - cpuStart;
    await csms.flush();
    const { rows } = await csms.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE station_id LIKE 'BENCH-%'",
    );
    const sortedBoot = bootLatencies.sort((a, b) => a - b);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      store: label,
      bootPerS: STATIONS / bootS,
      bootP99Ms: quantile(sortedBoot, 0.99),
      meterFramesPerS: latencies.length / meterS,
      meterP50Ms: quantile(sorted, 0.5),
      meterP99Ms: quantile(sorted, 0.99),
      cpuPerFrameMs: (cpu * 1000) / latencies.length,
      loggedFrames: rows[0]!.n,
      // Boot, StartTransaction and MeterValues: a CALL and its CALLRESULT each.
      expectedFrames: 2 * (STATIONS * 2 + latencies.length),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await csms.stop();
  }
}

async function postgresStore(): Promise<{ store: Store; drop: () => Promise<void> } | string> {
  const schema = `csms_bench_${process.pid}`;
  try {
    const store = await createPgStore({ databaseUrl: DATABASE_URL, schema, maxConnections: 8 });
    await migrate(store);
    return {
      store,
      drop: async () => {
        await store.close();
        const admin = new pg.Client({ connectionString: DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      },
    };
  } catch (error) {
    return `PostgreSQL at ${DATABASE_URL} not reachable (${(error as Error).message})`;
  }
}

function print(f: StoreFigures): void {
  const r = (x: number, d = 1): string => x.toFixed(d);
  console.log(
    `${f.store.padEnd(10)} boot ${r(f.bootPerS)} stations/s (p99 ${r(f.bootP99Ms)} ms) | ` +
      `MeterValues ${r(f.meterFramesPerS)} frames/s, p50 ${r(f.meterP50Ms)} ms, p99 ${r(f.meterP99Ms)} ms, ` +
      `${r(f.cpuPerFrameMs, 2)} CPU-ms/frame | logged ${f.loggedFrames}/${f.expectedFrames} frames`,
  );
}

/**
 * The CSMS under load over real ws on loopback, every frame validated and logged: stations/s
 * through boot, MeterValues frames/s sustained (each station one CALL at a time, as OCPP allows),
 * p50/p99 CALL-to-CALLRESULT latency, with PGlite and with PostgreSQL. Load clients run in the
 * same process, so the figures are for CSMS and clients together on this machine's cores.
 */
export async function runCsmsBench(): Promise<void> {
  defaultValidator().compileAll('1.6', ['BootNotification', 'StartTransaction', 'MeterValues']);
  console.log(`${STATIONS} stations, MeterValues phase ${METER_PHASE_MS} ms, 4 sampled values per frame`);
  print(await runAgainst('pglite', { dataDir: ':memory:' }));
  const pgStore = await postgresStore();
  if (typeof pgStore === 'string') {
    console.log(`postgres   skipped: ${pgStore}`);
    return;
  }
  try {
    print(await runAgainst('postgres', pgStore.store));
  } finally {
    await pgStore.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCsmsBench();
