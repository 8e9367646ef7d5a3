import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureFirmware } from './station-firmware.js';
import type { CampaignReport, StationView } from './test-support/campaign-views.js';
import { pathOf } from './test-support/campaign-views.js';
import type { FirmwareRig } from './test-support/firmware-rig.js';
import { imageBytes, startFirmwareRig } from './test-support/firmware-rig.js';

const MIN = 60_000;
let rig: FirmwareRig;

beforeAll(async () => {
  rig = await startFirmwareRig();
});
afterAll(async () => {
  await rig.dispose();
});

async function upload(version: string): Promise<number> {
  const res = await rig.upload<{ id: number }>(imageBytes(64 * 1024, 5), `version=${version}`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function report(id: number): Promise<CampaignReport> {
  return (await rig.http<CampaignReport>('GET', `/api/firmware/campaigns/${id}`)).body;
}

const at = (s: StationView, status: string): number => {
  const step = s.path.find((p) => p.status === status);
  if (step === undefined) throw new Error(`${s.stationId} has no step ${status}: ${pathOf(s).join(' > ')}`);
  return Date.parse(step.at);
};
const sentAt = (s: StationView): number =>
  Date.parse(s.path.find((p) => p.status?.endsWith('UpdateFirmware Accepted') === true)!.at);
const endedAt = (s: StationView): number => Date.parse(s.path.at(-1)!.at);

describe('a staged campaign over 20 stations of both versions with 2 induced failures', () => {
  const ids = Array.from({ length: 20 }, (_, i) => `ST${String(i + 1).padStart(2, '0')}`);
  const failing = { ST07: { installFails: true }, ST12: { downloadFails: true } } as const;
  let campaignId: number;

  beforeAll(async () => {
    for (const [i, id] of ids.entries()) {
      await rig.addStation(
        id,
        i % 2 === 0 ? '1.6' : '2.0.1',
        { faults: failing[id as keyof typeof failing] ?? {} },
        false,
      );
    }
    await rig.clock.advanceBy(1_000);
    const res = await rig.http<{ id: number; status: string }>('POST', '/api/firmware/campaigns', {
      firmwareId: await upload('2.1.0'),
      stations: ids,
      canaryCount: 2,
      waveSize: 6,
      maxFailureShare: 0.25,
      retries: 1,
      retryIntervalS: 60,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    campaignId = res.body.id;
  });

  it('sends only to the canary until it has installed', async () => {
    await rig.clock.advanceBy(30_000);
    const r = await report(campaignId);
    expect(r.status).toBe('CANARY');
    for (const s of r.stations) {
      if (s.canary)
        expect(pathOf(s)).toContain(
          s.stationId === 'ST01' ? 'UpdateFirmware Accepted' : 'UpdateFirmware Accepted',
        );
      else expect(pathOf(s)).toEqual(['campaign created']);
    }
    for (const id of ids.slice(2)) {
      expect(rig.stations.get(id)!.frames.some((f) => f.action === 'UpdateFirmware')).toBe(false);
    }
  });

  it('rolls out the rest in waves after the canary, completes with the 2 failures and shows each path', async () => {
    await rig.clock.advanceBy(60 * MIN);
    const r = await report(campaignId);
    expect(r.status).toBe('COMPLETED');
    expect(r.progress).toMatchObject({ total: 20, installed: 18, failed: 2 });
    const byId = new Map(r.stations.map((s) => [s.stationId, s]));
    expect(byId.get('ST07')!.state).toBe('INSTALLATION_FAILED');
    expect(pathOf(byId.get('ST07')!).at(-1)).toBe('InstallationFailed');
    expect(byId.get('ST12')!.state).toBe('DOWNLOAD_FAILED');
    expect(pathOf(byId.get('ST12')!).at(-1)).toBe('DownloadFailed');
    const canaryInstalledAt = Math.max(
      ...r.stations.filter((s) => s.canary).map((s) => at(s, 'BootNotification Accepted')),
    );
    for (const wave of [1, 2, 3]) {
      const members = r.stations.filter((s) => s.wave === wave);
      expect(members).toHaveLength(6);
      const previous = r.stations.filter((s) => s.wave === wave - 1);
      const previousDoneAt = wave === 1 ? canaryInstalledAt : Math.max(...previous.map(endedAt));
      for (const s of members) expect(sentAt(s)).toBeGreaterThanOrEqual(previousDoneAt);
    }
    for (const s of r.stations.filter((x) => x.state === 'INSTALLED')) {
      expect(pathOf(s)).toContain('Downloaded');
      expect(s.path.at(-1)!.state).toBe('INSTALLED');
    }
  });

  it('refuses to retry a station that has not failed', async () => {
    const res = await rig.http<{ error: { code: string; message: string } }>(
      'POST',
      `/api/firmware/campaigns/${campaignId}/stations/ST01/retry`,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      'only DOWNLOAD_FAILED or INSTALLATION_FAILED stations can be retried',
    );
  });

  it('retries the failed stations once their faults are gone, and all 20 end INSTALLED', async () => {
    for (const id of Object.keys(failing)) configureFirmware(rig.stations.get(id)!.station, {});
    const res = await rig.http<{ retried: string[] }>(
      'POST',
      `/api/firmware/campaigns/${campaignId}/retry-failed`,
    );
    expect(res.status).toBe(200);
    expect(res.body.retried).toEqual(['ST07', 'ST12']);
    await rig.clock.advanceBy(20 * MIN);
    const r = await report(campaignId);
    expect(r.status).toBe('COMPLETED');
    expect(r.progress).toMatchObject({ total: 20, installed: 20, failed: 0 });
    const st07 = r.stations.find((s) => s.stationId === 'ST07')!;
    expect(st07.attempts).toBe(2);
    const path = pathOf(st07);
    expect(path.indexOf('InstallationFailed')).toBeLessThan(path.indexOf('retry'));
    expect(path.slice(path.indexOf('retry'))).toContain('Installed');
    expect(st07.state).toBe('INSTALLED');
    for (const id of ids) {
      expect((await rig.csms.csms.services.stations.get(id))?.firmwareVersion).toBe('2.1.0');
    }
  });
});

describe('gating and halting', () => {
  it('a failed canary halts the campaign before anyone else is sent; retrying it resumes the rollout', async () => {
    const ids = ['GA1', 'GA2', 'GA3', 'GA4'];
    for (const [i, id] of ids.entries())
      await rig.addStation(
        id,
        i % 2 === 0 ? '2.0.1' : '1.6',
        i === 0 ? { faults: { installFails: true } } : {},
      );
    const res = await rig.http<{ id: number }>('POST', '/api/firmware/campaigns', {
      firmwareId: await upload('3.0.0'),
      stations: ids,
      canaryCount: 1,
    });
    await rig.clock.advanceBy(30 * MIN);
    let r = await report(res.body.id);
    expect(r.status).toBe('HALTED');
    expect(r.haltedReason).toBe('canary station GA1 failed: installation failed');
    expect(r.stations.slice(1).map(pathOf)).toEqual([
      ['campaign created'],
      ['campaign created'],
      ['campaign created'],
    ]);
    configureFirmware(rig.stations.get('GA1')!.station, {});
    const retry = await rig.http('POST', `/api/firmware/campaigns/${res.body.id}/stations/GA1/retry`);
    expect(retry.status).toBe(200);
    await rig.clock.advanceBy(30 * MIN);
    r = await report(res.body.id);
    expect(r.status).toBe('COMPLETED');
    expect(r.stations.map((s) => s.state)).toEqual(['INSTALLED', 'INSTALLED', 'INSTALLED', 'INSTALLED']);
  });

  it('halts when more than the allowed share fails; later waves are never sent', async () => {
    const ids = ['HB1', 'HB2', 'HB3', 'HB4', 'HB5'];
    for (const id of ids)
      await rig.addStation(
        id,
        '2.0.1',
        id === 'HB2' || id === 'HB3' ? { faults: { downloadFails: true } } : {},
      );
    const res = await rig.http<{ id: number }>('POST', '/api/firmware/campaigns', {
      firmwareId: await upload('3.1.0'),
      stations: ids,
      canaryCount: 1,
      waveSize: 2,
      maxFailureShare: 0.2,
      retries: 0,
    });
    await rig.clock.advanceBy(60 * MIN);
    const r = await report(res.body.id);
    expect(r.status).toBe('HALTED');
    expect(r.haltedReason).toBe('2 of 5 stations failed (40%, more than the allowed 20%)');
    expect(r.stations.map((s) => s.state)).toEqual([
      'INSTALLED',
      'DOWNLOAD_FAILED',
      'DOWNLOAD_FAILED',
      'PENDING',
      'PENDING',
    ]);
  });
});
