import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aToken } from '../../csms/test-support/builders.js';
import { anEv } from '../test-support/station-builders.js';
import type { FirmwareAgentOptions } from './firmware-options.js';
import { stationFirmware } from './station-firmware.js';
import type { FirmwareRig } from './test-support/firmware-rig.js';
import { imageBytes, startFirmwareRig } from './test-support/firmware-rig.js';
import type { CampaignReport, StationView } from './test-support/campaign-views.js';
import { pathOf } from './test-support/campaign-views.js';

const MIN = 60_000;
let rig: FirmwareRig;
let n = 0;
const nextId = (version: string): string => `FW${++n}-${version}`;

beforeAll(async () => {
  rig = await startFirmwareRig();
});
afterAll(async () => {
  await rig.dispose();
});

async function uploadImage(
  version: string,
  headers?: Record<string, string>,
  bytes = imageBytes(300 * 1024),
) {
  const res = await rig.upload<{ id: number; sha256: string; sizeBytes: number; url: string }>(
    bytes,
    `version=${version}&fileName=acme-${version}.bin`,
    headers,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function campaign(
  firmwareId: number,
  stations: string[],
  extra: Record<string, unknown> = {},
): Promise<number> {
  const res = await rig.http<{ id: number }>('POST', '/api/firmware/campaigns', {
    firmwareId,
    stations,
    retries: 1,
    retryIntervalS: 30,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function report(id: number): Promise<CampaignReport> {
  const res = await rig.http<CampaignReport>('GET', `/api/firmware/campaigns/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** One station updated alone: its view in the campaign report after `minutes`. */
async function updateOne(
  version: '1.6' | '2.0.1',
  firmwareId: number,
  options?: FirmwareAgentOptions,
  minutes = 10,
): Promise<{ view: StationView; stationId: string }> {
  const stationId = nextId(version);
  await rig.addStation(stationId, version, options);
  const id = await campaign(firmwareId, [stationId]);
  await rig.clock.advanceBy(minutes * MIN);
  return { view: (await report(id)).stations[0]!, stationId };
}

describe('an uploaded image', () => {
  it('is served over HTTP with its size, SHA-256 and version, and listed by the API', async () => {
    const bytes = imageBytes(600 * 1024, 3);
    const up = await uploadImage('2.0.0', undefined, bytes);
    expect(up.sizeBytes).toBe(bytes.byteLength);
    expect(up.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const res = await rig.clock.tracker.track(fetch(up.url));
    const got = Buffer.from(await rig.clock.tracker.track(res.arrayBuffer()));
    expect(got.equals(bytes)).toBe(true);
    expect(res.headers.get('x-firmware-version')).toBe('2.0.0');
    expect(res.headers.get('repr-digest')).toBe(
      `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
    );
    const list = await rig.http<{ firmware: { id: number }[] }>('GET', '/api/firmware');
    expect(list.body.firmware.map((f) => f.id)).toContain(up.id);
  });
});

describe.each(['1.6', '2.0.1'] as const)('OCPP %s station', (version) => {
  it('downloads, installs, reboots and boots with the new version', async () => {
    const target = `1.1.${version === '1.6' ? 6 : 201}`;
    const image = await uploadImage(target);
    const { view, stationId } = await updateOne(version, image.id);
    expect(view.state).toBe('INSTALLED');
    const sent = 'UpdateFirmware Accepted';
    expect(pathOf(view)).toEqual(
      version === '1.6'
        ? [
            'campaign created',
            sent,
            'Downloading',
            'Downloaded',
            'Installing',
            'BootNotification Accepted',
            'Installed',
          ]
        : [
            'campaign created',
            sent,
            'Downloading',
            'Downloaded',
            'Installing',
            'InstallRebooting',
            'BootNotification Accepted',
            'Installed',
          ],
    );
    const t = rig.stations.get(stationId)!;
    expect(stationFirmware(t.station).installedVersion).toBe(target);
    expect((await rig.csms.csms.services.stations.get(stationId))?.firmwareVersion).toBe(target);
    expect(t.frames.filter((f) => f.verdict === 'invalid')).toEqual([]);
    const boots = t.frames
      .filter((f) => f.action === 'BootNotification' && f.messageType === 'CALL')
      .map((f) => (JSON.parse(f.raw) as [number, string, string, { reason?: string }])[3].reason);
    expect(boots).toEqual(version === '1.6' ? [undefined, undefined] : ['PowerUp', 'FirmwareUpdate']);
  });
});

describe('faults', () => {
  it.each([
    { version: '1.6', faults: { downloadFails: true }, state: 'DOWNLOAD_FAILED', last: 'DownloadFailed' },
    {
      version: '2.0.1',
      faults: { checksumMismatch: true },
      state: 'DOWNLOAD_FAILED',
      last: 'DownloadFailed',
    },
    {
      version: '1.6',
      faults: { installFails: true },
      state: 'INSTALLATION_FAILED',
      last: 'InstallationFailed',
    },
    {
      version: '2.0.1',
      faults: { installFails: true },
      state: 'INSTALLATION_FAILED',
      last: 'InstallationFailed',
    },
    {
      version: '1.6',
      faults: { rebootIntoOldVersion: true },
      state: 'INSTALLATION_FAILED',
      last: 'Installed',
    },
    {
      version: '2.0.1',
      faults: { rebootIntoOldVersion: true },
      state: 'INSTALLATION_FAILED',
      last: 'Installed',
    },
    { version: '2.0.1', faults: { downloadFails: 1 }, state: 'INSTALLED', last: 'Installed' },
  ] as const)('$version with $faults ends $state', async ({ version, faults, state, last }) => {
    const image = await uploadImage('3.0.0');
    const { view, stationId } = await updateOne(version, image.id, { faults });
    expect(view.state).toBe(state);
    expect(pathOf(view).at(-1)).toBe(last);
    const agent = stationFirmware(rig.stations.get(stationId)!.station);
    expect(agent.installedVersion).toBe(state === 'INSTALLED' ? '3.0.0' : '1.0.0');
    if ('rebootIntoOldVersion' in faults) {
      expect(
        view.path.some((p) => p.note?.includes('reboot into old version: booted with 1.0.0') === true),
      ).toBe(true);
    }
  });
});

describe('signed firmware (ECDSA P-256, SHA-256)', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const bytes = imageBytes(200 * 1024, 9);
  const headers = (signature: Buffer): Record<string, string> => ({
    'x-firmware-signature': signature.toString('base64'),
    'x-firmware-signing-certificate': Buffer.from(pem).toString('base64'),
  });
  const good = headers(sign('sha256', bytes, keys.privateKey));
  const bad = headers(sign('sha256', bytes, other.privateKey));

  it.each([
    { version: '1.6', sig: good, state: 'INSTALLED', has: 'SignedUpdateFirmware Accepted' },
    { version: '2.0.1', sig: good, state: 'INSTALLED', has: 'SignatureVerified' },
    { version: '1.6', sig: bad, state: 'DOWNLOAD_FAILED', has: 'InvalidSignature' },
    { version: '2.0.1', sig: bad, state: 'DOWNLOAD_FAILED', has: 'InvalidSignature' },
  ] as const)('$version: $has, ends $state', async ({ version, sig, state, has }) => {
    const image = await uploadImage('4.0.0', sig, bytes);
    const { view, stationId } = await updateOne(version, image.id);
    expect(view.state).toBe(state);
    expect(pathOf(view)).toContain(has);
    const actions = rig.stations.get(stationId)!.frames.map((f) => f.action);
    if (version === '1.6') {
      expect(actions).toContain('SignedUpdateFirmware');
      expect(actions).toContain('SignedFirmwareStatusNotification');
    }
  });

  it('a station that trusts another signer answers InvalidCertificate', async () => {
    const image = await uploadImage('4.0.1', good, bytes);
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { view } = await updateOne('2.0.1', image.id, { trustedSigners: [otherPem] });
    expect(view.state).toBe('DOWNLOAD_FAILED');
    expect(view.note).toBe('station answered InvalidCertificate');
  });
});

describe('install and transactions', () => {
  it('2.0.1: waits (InstallScheduled) while a transaction runs, installs after it ends', async () => {
    const token = await aToken(rig.csms.testStore.store, { token: 'FWTAG01' });
    const stationId = nextId('2.0.1');
    const t = await rig.addStation(stationId, '2.0.1');
    t.station.plugIn(1, anEv(rig.clock));
    await rig.clock.tracker.track(t.station.presentIdTag(1, token));
    await rig.clock.advanceBy(MIN);
    expect(t.station.transaction(1)).toBeDefined();
    const image = await uploadImage('5.0.0');
    const id = await campaign(image.id, [stationId]);
    await rig.clock.advanceBy(20 * MIN);
    let view = (await report(id)).stations[0]!;
    expect(view.state).toBe('DOWNLOADED');
    expect(pathOf(view).at(-1)).toBe('InstallScheduled');
    expect(t.station.transaction(1)).toBeDefined();
    t.station.stopLocal(1);
    await rig.clock.advanceBy(10 * MIN);
    view = (await report(id)).stations[0]!;
    expect(view.state).toBe('INSTALLED');
    expect(pathOf(view).slice(-4)).toEqual([
      'Installing',
      'InstallRebooting',
      'BootNotification Accepted',
      'Installed',
    ]);
    const ended = await rig.csms.testStore.store.query<{ stop_reason: string }>(
      'SELECT stop_reason FROM transactions WHERE station_id = $1',
      [stationId],
    );
    expect(ended.rows.map((r) => r.stop_reason)).toEqual(['Local']);
  });

  it('a station offline at dispatch gets the update when it reconnects', async () => {
    const stationId = nextId('1.6');
    const t = await rig.addStation(stationId, '1.6');
    await t.station.stop();
    const image = await uploadImage('6.0.0');
    const id = await campaign(image.id, [stationId]);
    await rig.clock.advanceBy(5 * MIN);
    let view = (await report(id)).stations[0]!;
    expect(view.state).toBe('PENDING');
    expect(view.note).toBe('station offline: sent when it reconnects');
    await t.station.start();
    await rig.clock.advanceBy(10 * MIN);
    view = (await report(id)).stations[0]!;
    expect(view.state).toBe('INSTALLED');
  });
});
