import { expect, it } from 'vitest';
import { startFirmwareRig, imageBytes } from './test-support/firmware-rig.js';

/** One small campaign (a 1.6 and a 2.0.1 station, one of them failing once); every frame as text. */
async function run(): Promise<string[]> {
  const rig = await startFirmwareRig();
  try {
    await rig.addStation('DET1', '1.6', {}, false);
    await rig.addStation('DET2', '2.0.1', { faults: { downloadFails: 1 } }, false);
    await rig.clock.advanceBy(1_000);
    const up = await rig.upload<{ id: number }>(imageBytes(100 * 1024), 'version=7.0.0');
    await rig.http('POST', '/api/firmware/campaigns', {
      firmwareId: up.body.id,
      stations: ['DET1', 'DET2'],
      retries: 2,
      retryIntervalS: 45,
    });
    await rig.clock.advanceBy(30 * 60_000);
    const base = rig.csms.csms.httpUrl;
    return [...rig.stations.values()].flatMap((s) =>
      s.frames.map((f) => `${f.timeMs} ${f.stationId} ${f.direction} ${f.raw.replaceAll(base, '<csms>')}`),
    );
  } finally {
    await rig.dispose();
  }
}

it('the same campaign gives the same frames byte for byte (but for the CSMS address)', async () => {
  const a = await run();
  const b = await run();
  expect(a.some((f) => f.includes('"InstallRebooting"'))).toBe(true);
  expect(a.some((f) => f.includes('"Installed"'))).toBe(true);
  expect(b).toEqual(a);
});
