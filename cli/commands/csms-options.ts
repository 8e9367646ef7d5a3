import type { RegistrationStatus } from '../../csms/stations/station-record.js';
import type { RegistrationMode } from '../../csms/stations/station-service.js';
import { UsageError } from '../usage-error.js';

/** `ocpp-harness csms` options as commander hands them over (strings). */
export interface RawCsmsOptions {
  port: string;
  host: string;
  dataDir?: string;
  databaseUrl?: string;
  heartbeatInterval: string;
  registration: string;
  bootPolicy: string;
  strictness: string;
  callTimeout: string;
  gateways: string;
}

/** Checked `ocpp-harness csms` options. */
export interface CsmsCommandOptions {
  port: number;
  host: string;
  dataDir?: string;
  databaseUrl?: string;
  heartbeatIntervalS: number;
  registration: RegistrationMode;
  bootPolicy: RegistrationStatus;
  strictness: 'reject' | 'record';
  callTimeoutMs: number;
  /** Connection gateway processes holding the stations' sockets (0: this process holds them). */
  gateways: number;
}

function integer(option: string, value: string, min: number, max: number, hint: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`${option} must be an integer from ${min} to ${max} (got "${value}"): ${hint}`);
  }
  return n;
}

function oneOf<T extends string>(option: string, value: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${values.join(', ')} (got "${value}")`);
  }
  return value as T;
}

/**
 * Checks the options; every message names the option and what to change. `DATABASE_URL` is used
 * when --database-url is absent; --data-dir and --database-url together are refused.
 */
export function parseCsmsOptions(
  raw: RawCsmsOptions,
  env: NodeJS.ProcessEnv = process.env,
): CsmsCommandOptions {
  const databaseUrl = raw.databaseUrl ?? (env['DATABASE_URL'] === '' ? undefined : env['DATABASE_URL']);
  if (raw.dataDir !== undefined && raw.databaseUrl !== undefined) {
    throw new UsageError('--data-dir and --database-url name two different stores: give only one');
  }
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError(
      `--database-url (or DATABASE_URL) must be a postgres:// URL, e.g. postgres://user:password@127.0.0.1:5432/csms`,
    );
  }
  if (raw.dataDir === '') throw new UsageError('--data-dir must be a directory or :memory:');
  if (raw.host === '') throw new UsageError('--host must be an interface address, e.g. 127.0.0.1 or 0.0.0.0');
  return {
    port: integer('--port', raw.port, 0, 65535, 'use 0 for any free port'),
    host: raw.host,
    ...(raw.dataDir === undefined || databaseUrl !== undefined ? {} : { dataDir: raw.dataDir }),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    heartbeatIntervalS: integer(
      '--heartbeat-interval',
      raw.heartbeatInterval,
      1,
      86_400,
      'seconds between heartbeats',
    ),
    registration: oneOf('--registration', raw.registration, ['auto', 'strict'] as const),
    bootPolicy: oneOf('--boot-policy', raw.bootPolicy, ['Accepted', 'Pending', 'Rejected'] as const),
    strictness: oneOf('--strictness', raw.strictness, ['reject', 'record'] as const),
    callTimeoutMs: integer(
      '--call-timeout',
      raw.callTimeout,
      1,
      3_600_000,
      'milliseconds to wait for a station',
    ),
    gateways: integer(
      '--gateways',
      raw.gateways,
      0,
      64,
      "child processes that hold the stations' connections (0: none)",
    ),
  };
}
