import { VirtualClock } from '../../../common/virtual-clock.js';
import { createWsTransport } from '../../../common/ws-transport.js';
import type { Transport } from '../../../common/transport.js';
import type {
  FirmwareExtension,
  FirmwareExtensionOptions,
} from '../../../csms/firmware/firmware-extension.js';
import { firmwareExtension } from '../../../csms/firmware/firmware-extension.js';
import type { TestCsms } from '../../../csms/test-support/test-csms.js';
import { startTestCsms } from '../../../csms/test-support/test-csms.js';
import type { TestDriver } from '../../../csms/test-support/test-stores.js';
import { aStation } from '../../test-support/station-builders.js';
import type { TestStation } from '../../test-support/station-builders.js';
import type { FirmwareAgentOptions } from '../firmware-options.js';
import { configureFirmware } from '../station-firmware.js';

/** Monday 2025-03-10 02:00 IST, a quiet hour for updates. */
export const RIG_START_MS = Date.parse('2025-03-10T02:00:00+05:30');

/** A JSON (or raw) answer of the CSMS's HTTP API. */
export interface RigResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** The reference CSMS with firmware, in virtual time over real ws and HTTP, and simulated stations. */
export interface FirmwareRig {
  readonly clock: VirtualClock;
  readonly csms: TestCsms;
  readonly firmware: FirmwareExtension;
  readonly stations: Map<string, TestStation>;
  /** Any request to the CSMS's HTTP server (tracked, so virtual time waits for it). */
  http<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<RigResponse<T>>;
  /** Uploads an image; resolves with the API's answer. */
  upload<T = Record<string, unknown>>(
    bytes: Buffer,
    query: string,
    headers?: Record<string, string>,
  ): Promise<RigResponse<T>>;
  /** Starts a simulated station with firmware 1.0.0 and (unless `boot` is false) lets it boot. */
  addStation(
    id: string,
    version: '1.6' | '2.0.1',
    firmware?: FirmwareAgentOptions,
    boot?: boolean,
  ): Promise<TestStation>;
  dispose(): Promise<void>;
}

/** Deterministic image bytes of `size` (a pattern, so no randomness is needed). */
export function imageBytes(size: number, salt = 0): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + salt * 7 + (i >> 8)) & 0xff;
  return b;
}

/** Starts the rig on a fresh store of `driver`. */
export async function startFirmwareRig(
  driver: TestDriver = 'pglite',
  options: FirmwareExtensionOptions = {},
): Promise<FirmwareRig> {
  const clock = new VirtualClock({ startMs: RIG_START_MS });
  const firmware = firmwareExtension(options);
  const transport: Transport = createWsTransport({ tracker: clock.tracker });
  const csms = await startTestCsms(driver, {
    clock,
    transport,
    heartbeatIntervalS: 3600,
    extendApi: (s) => firmware.extendApi(s),
    extendApp: (s) => firmware.extendApp(s),
  });
  await firmware.start(csms.csms);
  const stations = new Map<string, TestStation>();
  const http = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RigResponse<T>> => {
    const raw = Buffer.isBuffer(body);
    const res = await clock.tracker.track(
      fetch(`${csms.csms.httpUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined
            ? {}
            : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: raw ? new Uint8Array(body) : JSON.stringify(body) }),
      }),
    );
    const text = await clock.tracker.track(res.text());
    const json = res.headers.get('content-type')?.includes('json') === true;
    return { status: res.status, body: (json ? JSON.parse(text) : text) as T };
  };
  return {
    clock,
    csms,
    firmware,
    stations,
    http,
    upload: (bytes, query, headers) => http('POST', `/api/firmware?${query}`, bytes, headers),
    async addStation(id, version, options, boot = true) {
      const t = aStation({
        id,
        version,
        clock,
        transport,
        csmsUrl: csms.csms.ocppUrl,
        seed: 'firmware',
        identity: { vendor: 'Acme', model: 'AC22', serialNumber: `SN-${id}`, firmwareVersion: '1.0.0' },
        rebootDelayMs: 10_000,
      });
      if (options !== undefined) configureFirmware(t.station, options);
      stations.set(id, t);
      await t.station.start();
      if (boot) await clock.advanceBy(1_000);
      return t;
    },
    async dispose() {
      for (const s of stations.values()) await s.station.stop();
      await firmware.stop();
      await csms.dispose();
    },
  };
}
