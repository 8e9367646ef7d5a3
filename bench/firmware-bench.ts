import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { TestDriver } from '../csms/test-support/test-stores.js';
import { postgresUnavailable } from '../csms/test-support/test-stores.js';
import type { FirmwareRig } from '../simulator/firmware/test-support/firmware-rig.js';
import { imageBytes, startFirmwareRig } from '../simulator/firmware/test-support/firmware-rig.js';

const IMAGE_MIB = 32;
const STATIONS = 20;

const mbps = (bytes: number, ms: number): string => ((bytes / 1024 / 1024) * (1000 / ms)).toFixed(1);

async function transferFigures(rig: FirmwareRig, driver: TestDriver): Promise<void> {
  const bytes = imageBytes(IMAGE_MIB * 1024 * 1024, 1);
  let t0 = performance.now();
  const up = await rig.upload<{ url: string; sizeBytes: number }>(bytes, 'version=9.9.9');
  const upMs = performance.now() - t0;
  if (up.status !== 201) throw new Error(`upload failed: ${JSON.stringify(up.body)}`);
  t0 = performance.now();
  const res = await fetch(up.body.url);
  let received = 0;
  for await (const part of res.body!) received += (part as Uint8Array).byteLength;
  const downMs = performance.now() - t0;
  if (received !== bytes.byteLength) throw new Error(`downloaded ${received} of ${bytes.byteLength} bytes`);
  console.log(
    `firmware ${driver}: ${IMAGE_MIB} MiB image uploaded at ${mbps(received, upMs)} MB/s, ` +
      `downloaded (streamed from the database) at ${mbps(received, downMs)} MB/s`,
  );
}

async function campaignFigures(rig: FirmwareRig): Promise<void> {
  const ids = Array.from({ length: STATIONS }, (_, i) => `BENCH${String(i + 1).padStart(2, '0')}`);
  for (const [i, id] of ids.entries()) await rig.addStation(id, i % 2 === 0 ? '1.6' : '2.0.1', {}, false);
  await rig.clock.advanceBy(1_000);
  const up = await rig.upload<{ id: number }>(imageBytes(1024 * 1024, 2), 'version=2.0.0');
  const startVirtual = rig.clock.now();
  const t0 = performance.now();
  const created = await rig.http<{ id: number }>('POST', '/api/firmware/campaigns', {
    firmwareId: up.body.id,
    stations: ids,
    canaryCount: 2,
    waveSize: 6,
  });
  let status = '';
  while (status !== 'COMPLETED' && rig.clock.now() - startVirtual < 6 * 3_600_000) {
    await rig.clock.advanceBy(60_000);
    status = (await rig.http<{ status: string }>('GET', `/api/firmware/campaigns/${created.body.id}`)).body
      .status;
  }
  const wallMs = performance.now() - t0;
  console.log(
    `firmware campaign: ${STATIONS} stations (1.6 and 2.0.1, 1 MiB image, canary 2, waves of 6) ${status} after ` +
      `${((rig.clock.now() - startVirtual) / 60_000).toFixed(0)} virtual minutes in ${(wallMs / 1000).toFixed(1)} s wall time`,
  );
}

/** Prints firmware upload/download throughput (PGlite, and PostgreSQL when it answers) and the time of a 20-station campaign. */
export async function runFirmwareBench(): Promise<void> {
  const drivers: TestDriver[] = ['pglite'];
  const reason = await postgresUnavailable();
  if (reason === undefined) drivers.push('pg');
  else console.log(`firmware pg: skipped, ${reason}`);
  for (const driver of drivers) {
    const rig = await startFirmwareRig(driver);
    try {
      await transferFigures(rig, driver);
      if (driver === 'pglite') await campaignFigures(rig);
    } finally {
      await rig.dispose();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFirmwareBench();
