import { readFileSync } from 'node:fs';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { FleetFaultShare } from '../../simulator/fleet/fleet-plan.js';
import { UsageError } from '../usage-error.js';

/** `ocpp-harness simulate` options as commander hands them over. */
export interface RawSimulateOptions {
  csms: string;
  stations?: string;
  version: string;
  site?: string;
  duration: string;
  speed: string;
  seed?: string;
  report?: string;
  meterInterval: string;
  transport: string;
  start?: string;
  faults?: string;
  idTag?: string[];
  arrivals?: string;
  samples?: string;
  processes?: string;
}

/** How fast simulated time runs: the wall clock, as fast as possible, or a multiple of real time. */
export type Speed = { kind: 'realtime' } | { kind: 'max' } | { kind: 'factor'; factor: number };

/** Checked `ocpp-harness simulate` options. */
export interface SimulateSettings {
  /** A ws:// URL, or `internal` for the reference CSMS in this process. */
  csms: string;
  internal: boolean;
  stations?: number;
  version: OcppVersion | 'mixed';
  site?: string;
  durationMs: number;
  speed: Speed;
  seed: string;
  report?: string;
  meterIntervalS: number;
  transport: 'ws' | 'memory';
  startMs?: number;
  faults: FleetFaultShare[];
  idTags: string[];
  arrivals?: 'daily' | 'continuous' | 'none';
  /**
   * When stations sample meter values: all at the same clock-aligned instant, or each at its own
   * seeded instant within the interval. Unset: staggered in real time, aligned in virtual time.
   */
  samples?: 'aligned' | 'staggered';
  /**
   * Simulator processes the stations are spread over (real time against an external CSMS, no
   * site). Unset: one per {@link STATIONS_PER_PROCESS} stations.
   */
  processes?: number;
}

/**
 * Stations one simulator process runs by default: well inside a process's open-file limit (each
 * station holds a socket) and small enough a heap that garbage collection pauses stay short.
 */
export const STATIONS_PER_PROCESS = 10_000;

/** Most simulator processes one run starts. */
export const MAX_PROCESSES = 64;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `2h`, `90m`, `1h30m`, `45s`, `1d`, `500ms` into milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0));
}

/** Parses `realtime`, `max` or `NNx` (e.g. `60x`). */
export function parseSpeed(text: string): Speed | undefined {
  if (text === 'realtime' || text === '1x') return { kind: 'realtime' };
  if (text === 'max') return { kind: 'max' };
  const m = /^(\d+(?:\.\d+)?)x$/.exec(text);
  if (m === null || !(Number(m[1]) > 0)) return undefined;
  return { kind: 'factor', factor: Number(m[1]) };
}

function faultsFrom(text: string): FleetFaultShare[] {
  let json = text;
  if (!text.trimStart().startsWith('[') && !text.trimStart().startsWith('{')) {
    try {
      json = readFileSync(text, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--faults: cannot read "${text}" (${(error as Error).message}); give JSON or a JSON file`,
      );
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--faults is not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    const o = item as { share?: unknown; faults?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.share !== 'number' || typeof o.faults !== 'object') {
      throw new UsageError(`--faults[${i}] must look like {"share": 0.1, "faults": {"dropRate": 0.01}}`);
    }
    return { share: o.share, faults: o.faults as FleetFaultShare['faults'] };
  });
}

/**
 * Checks the options and says, for the first bad one, which option and what to change.
 * @throws UsageError
 */
export function parseSimulateOptions(raw: RawSimulateOptions): SimulateSettings {
  const internal = raw.csms === 'internal';
  if (!internal && !/^wss?:\/\/[^/\s]+/.test(raw.csms)) {
    throw new UsageError(
      `--csms must be a ws:// or wss:// URL (e.g. ws://127.0.0.1:9000/ocpp) or "internal", got "${raw.csms}"`,
    );
  }
  let stations: number | undefined;
  if (raw.stations !== undefined) {
    stations = Number(raw.stations);
    if (!/^\d+$/.test(raw.stations) || stations < 1 || stations > 100_000) {
      throw new UsageError(`--stations must be a whole number from 1 to 100000, got "${raw.stations}"`);
    }
  }
  if (raw.version !== '1.6' && raw.version !== '2.0.1' && raw.version !== 'mixed') {
    throw new UsageError(`--version must be 1.6, 2.0.1 or mixed, got "${raw.version}"`);
  }
  const durationMs = parseDuration(raw.duration);
  if (durationMs === undefined || durationMs <= 0) {
    throw new UsageError(`--duration must look like 90s, 30m, 2h, 1h30m or 1d, got "${raw.duration}"`);
  }
  const speed = parseSpeed(raw.speed);
  if (speed === undefined)
    throw new UsageError(`--speed must be realtime, max or a factor like 60x, got "${raw.speed}"`);
  const meterIntervalS = Number(raw.meterInterval);
  if (!/^\d+$/.test(raw.meterInterval) || meterIntervalS < 1 || meterIntervalS > 3600) {
    throw new UsageError(`--meter-interval must be whole seconds from 1 to 3600, got "${raw.meterInterval}"`);
  }
  if (raw.transport !== 'ws' && raw.transport !== 'memory') {
    throw new UsageError(`--transport must be ws or memory, got "${raw.transport}"`);
  }
  if (raw.transport === 'memory' && !internal) {
    throw new UsageError(
      '--transport memory needs the CSMS in this process: use --csms internal, or --transport ws',
    );
  }
  let startMs: number | undefined;
  if (raw.start !== undefined) {
    startMs = Date.parse(raw.start);
    if (!Number.isFinite(startMs)) {
      throw new UsageError(
        `--start must be an ISO-8601 time such as 2025-03-01T00:00:00+05:30, got "${raw.start}"`,
      );
    }
  }
  if (raw.arrivals !== undefined && !['daily', 'continuous', 'none'].includes(raw.arrivals)) {
    throw new UsageError(`--arrivals must be daily, continuous or none, got "${raw.arrivals}"`);
  }
  if (raw.samples !== undefined && raw.samples !== 'aligned' && raw.samples !== 'staggered') {
    throw new UsageError(`--samples must be aligned or staggered, got "${raw.samples}"`);
  }
  let processes: number | undefined;
  if (raw.processes !== undefined) {
    processes = Number(raw.processes);
    if (!/^\d+$/.test(raw.processes) || processes < 1 || processes > MAX_PROCESSES) {
      throw new UsageError(
        `--processes must be a whole number from 1 to ${MAX_PROCESSES}, got "${raw.processes}"`,
      );
    }
    if (processes > 1 && internal) {
      throw new UsageError(
        '--processes above 1 needs an external CSMS (--csms ws://...): the internal CSMS shares ' +
          'its clock and transport with the stations in this process',
      );
    }
    if (processes > 1 && raw.site !== undefined) {
      throw new UsageError(
        '--processes above 1 cannot split a --site: its chargers share one site model; drop --processes',
      );
    }
  }
  for (const tag of raw.idTag ?? []) {
    if (tag.length === 0 || tag.length > 20)
      throw new UsageError(`--id-tag must be 1 to 20 characters, got "${tag}"`);
  }
  return {
    csms: raw.csms,
    internal,
    ...(stations === undefined ? {} : { stations }),
    version: raw.version,
    ...(raw.site === undefined ? {} : { site: raw.site }),
    durationMs,
    speed,
    seed: raw.seed ?? `run-${Date.now().toString(36)}`,
    ...(raw.report === undefined ? {} : { report: raw.report }),
    meterIntervalS,
    transport: raw.transport,
    ...(startMs === undefined ? {} : { startMs }),
    faults: raw.faults === undefined ? [] : faultsFrom(raw.faults),
    idTags: raw.idTag ?? [],
    ...(raw.arrivals === undefined ? {} : { arrivals: raw.arrivals as 'daily' | 'continuous' | 'none' }),
    ...(raw.samples === undefined ? {} : { samples: raw.samples }),
    ...(processes === undefined ? {} : { processes }),
  };
}
