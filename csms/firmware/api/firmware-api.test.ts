import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../../common/virtual-clock.js';
import { createWsTransport } from '../../../common/ws-transport.js';
import type { Csms } from '../../create-csms.js';
import { createCsms } from '../../create-csms.js';
import type { TestStore } from '../../test-support/test-stores.js';
import { connectTestStation } from '../../test-support/test-station.js';
import { openTestStore, testDrivers } from '../../test-support/test-stores.js';
import { CampaignStore } from '../campaign-store.js';
import type { FirmwareExtension } from '../firmware-extension.js';
import { firmwareExtension } from '../firmware-extension.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-03-10T00:00:00Z');

interface Running {
  csms: Csms;
  firmware: FirmwareExtension;
}

describe.each(drivers)('firmware API (%s)', (driver) => {
  const clock = new VirtualClock({ startMs: T0 });
  let testStore: TestStore;
  let run: Running;
  let firmwareId: number;
  const bytes = Buffer.from('not really firmware, but bytes all the same\n'.repeat(100));

  async function startCsms(): Promise<Running> {
    const firmware = firmwareExtension({ maxImageBytes: 100_000, stationTimeoutMs: 30 * 60_000 });
    const csms = createCsms({
      clock,
      transport: createWsTransport({ tracker: clock.tracker }),
      store: testStore.store,
      extendApi: (s) => firmware.extendApi(s),
      extendApp: (s) => firmware.extendApp(s),
    });
    await csms.start();
    await firmware.start(csms);
    return { csms, firmware };
  }

  async function http<T = { error: { code: string; message: string } }>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const raw = Buffer.isBuffer(body) || typeof body === 'string';
    const res = await clock.tracker.track(
      fetch(`${run.csms.httpUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined
            ? {}
            : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: Buffer.isBuffer(body) ? new Uint8Array(body) : raw ? body : JSON.stringify(body) }),
      }),
    );
    const text = await clock.tracker.track(res.text());
    return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
  }

  /** A station on real ws that accepts every UpdateFirmware it is sent. */
  function connectStation(
    stationId: string,
    version: '1.6' | '2.0.1',
  ): ReturnType<typeof connectTestStation> {
    return connectTestStation({
      url: run.csms.ocppUrl,
      stationId,
      version,
      clock,
      transport: createWsTransport({ tracker: clock.tracker }),
      handlers: { UpdateFirmware: () => ({ status: 'Accepted' }) },
    });
  }

  beforeAll(async () => {
    testStore = await openTestStore(driver, { tracker: clock.tracker });
    run = await startCsms();
    const s = run.csms.services.stations;
    await s.boot('A16', '1.6', { vendor: 'Acme', model: 'AC22', firmwareVersion: '1.0.0' }, T0);
    await s.boot('B201', '2.0.1', { vendor: 'Acme', model: 'AC22', firmwareVersion: '1.0.0' }, T0);
    await s.boot('C201', '2.0.1', { vendor: 'Acme', model: 'DC50', firmwareVersion: '1.0.0' }, T0);
    const up = await http<{ id: number; sizeBytes: number }>('POST', '/api/firmware?version=1.2.0', bytes);
    expect(up.status).toBe(201);
    expect(up.body.sizeBytes).toBe(bytes.byteLength);
    firmwareId = up.body.id;
  });

  afterAll(async () => {
    await run.firmware.stop();
    await run.csms.stop();
    await testStore.dispose();
  });

  it.each([
    {
      what: 'no version',
      query: 'fileName=x.bin',
      headers: {},
      status: 400,
      says: 'query parameter version is required',
    },
    {
      what: 'a bad file name',
      query: 'version=1&fileName=../x',
      headers: {},
      status: 400,
      says: 'fileName must be',
    },
    {
      what: 'a multipart body',
      query: 'version=1',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      status: 400,
      says: 'must be the raw request body',
    },
    {
      what: 'a signature without its certificate',
      query: 'version=1',
      headers: { 'x-firmware-signature': 'AAAA' },
      status: 400,
      says: 'needs both headers',
    },
    {
      what: 'a certificate that is not PEM',
      query: 'version=1',
      headers: {
        'x-firmware-signature': 'AAAA',
        'x-firmware-signing-certificate': Buffer.from('hello').toString('base64'),
      },
      status: 400,
      says: 'must be a PEM certificate or public key',
    },
  ])('upload with $what answers $status', async ({ query, headers, status, says }) => {
    const res = await http('POST', `/api/firmware?${query}`, bytes, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(says);
  });

  it('an empty upload is refused and an oversized one answers 413, leaving nothing stored', async () => {
    const empty = await http('POST', '/api/firmware?version=9', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('the image is empty');
    const big = await http('POST', '/api/firmware?version=9', Buffer.alloc(200_000));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too_large');
    const list = await http<{ firmware: { id: number }[] }>('GET', '/api/firmware');
    expect(list.body.firmware.map((f) => f.id)).toEqual([firmwareId]);
    const orphans = await testStore.store.query('SELECT 1 FROM firmware_chunks WHERE firmware_id <> $1', [
      firmwareId,
    ]);
    expect(orphans.rowCount).toBe(0);
  });

  it.each([
    { body: { firmwareId: undefined }, status: 400, says: 'firmwareId is required' },
    { body: { firmwareId: 'one' }, status: 400, says: 'firmwareId must be an integer' },
    { body: { firmwareId: 999, stations: ['A16'] }, status: 404, says: 'no firmware 999' },
    { body: { firmwareId: 0, stations: ['A16'] }, status: 400, says: 'firmwareId must be an integer from 1' },
    { body: { stations: ['NOPE'] }, status: 400, says: 'stations: NOPE is not registered' },
    { body: { stations: ['A16', 'A16'] }, status: 400, says: 'listed twice' },
    { body: { stations: [] }, status: 400, says: 'give at least one station id' },
    { body: { stations: ['A16'], filter: {} }, status: 400, says: 'either stations or filter' },
    {
      body: { filter: { ocppVersion: '1.5' } },
      status: 400,
      says: 'filter.ocppVersion must be "1.6" or "2.0.1"',
    },
    { body: { filter: { model: 'XYZ' } }, status: 400, says: 'no registered station matches' },
    {
      body: { stations: ['A16'], maxFailureShare: 2 },
      status: 400,
      says: 'maxFailureShare must be a number from 0 to 1',
    },
    { body: { stations: ['A16'], canaryCount: -1 }, status: 400, says: 'canaryCount must be an integer' },
    { body: { stations: ['A16'], waveSize: 0 }, status: 400, says: 'waveSize must be an integer from 1' },
    {
      body: { stations: ['A16'], startAt: 'tomorrow' },
      status: 400,
      says: 'startAt must be an ISO-8601 date-time',
    },
    {
      body: { stations: ['A16'], startAt: '0000-01-01T00:00:00Z' },
      status: 400,
      says: 'startAt must be an ISO-8601 date-time such as 2025-03-10T02:00:00Z (years 0100-9999)',
    },
    { body: { stations: ['A16'], canary: 1 }, status: 400, says: 'unknown field canary' },
  ])('campaign $body answers $status', async ({ body, status, says }) => {
    const res = await http(
      'POST',
      '/api/firmware/campaigns',
      'firmwareId' in body ? body : { firmwareId, ...body },
    );
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(says);
  });

  it('a body that is not JSON answers 400 invalid_json', async () => {
    const res = await http('POST', '/api/firmware/campaigns', '{"firmwareId": ', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('unknown campaigns and images answer 404', async () => {
    expect((await http('GET', '/api/firmware/campaigns/999')).status).toBe(404);
    expect((await http('GET', `/firmware/${firmwareId}/other.bin`)).status).toBe(404);
    expect((await http('GET', '/firmware/999/x.bin')).status).toBe(404);
  });

  it('a filter picks the matching stations; a scheduled campaign and its image survive a restart', async () => {
    const startAt = new Date(T0 + 3_600_000).toISOString();
    const created = await http<{ id: number; status: string; target: unknown }>(
      'POST',
      '/api/firmware/campaigns',
      {
        firmwareId,
        filter: { ocppVersion: '2.0.1' },
        startAt,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('SCHEDULED');
    const again = await http('POST', '/api/firmware/campaigns', { firmwareId, stations: ['B201'] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('station B201 is PENDING in campaign');

    await run.firmware.stop();
    await run.csms.stop();
    run = await startCsms();

    const report = await http<{
      status: string;
      startAt: string;
      stations: { stationId: string; state: string }[];
    }>('GET', `/api/firmware/campaigns/${created.body.id}`);
    expect(report.body.status).toBe('SCHEDULED');
    expect(report.body.startAt).toBe(startAt);
    expect(report.body.stations.map((s) => s.stationId)).toEqual(['B201', 'C201']);
    const image = await http<string>('GET', `/firmware/${firmwareId}/firmware-1.2.0.bin`);
    expect(image.status).toBe(200);
    expect(image.body).toBe(bytes.toString());

    await clock.advanceBy(3_600_000 + 1_000);
    const started = await http<{ status: string; stations: { state: string; note: string | null }[] }>(
      'GET',
      `/api/firmware/campaigns/${created.body.id}`,
    );
    expect(started.body.status).toBe('CANARY');
    expect(started.body.stations[0]).toMatchObject({
      state: 'PENDING',
      note: 'station offline: sent when it reconnects',
    });

    // The restarted CSMS knows B201 waits for an update: it is sent once B201 is back.
    const b201 = await connectStation('B201', '2.0.1');
    try {
      await b201.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'Acme', model: 'AC22' },
      });
      await clock.advanceBy(5_000);
      expect(
        b201.frames.filter((f) => f.action === 'UpdateFirmware' && f.messageType === 'CALL'),
      ).toHaveLength(1);
    } finally {
      await b201.close();
    }
  });

  it('a station in no unfinished campaign connects, boots and is targeted without a campaign lookup', async () => {
    const lookups = vi.spyOn(CampaignStore.prototype, 'activeRowsOf');
    const station = await connectStation('NO-CAMPAIGN', '1.6');
    try {
      const boot = await station.call('BootNotification', {
        chargePointVendor: 'Acme',
        chargePointModel: 'X',
      });
      expect(boot).toMatchObject({ status: 'Accepted' });
      await clock.advanceBy(5_000);
      await run.firmware.engine.idle();
      expect(lookups).not.toHaveBeenCalled();

      // Nor does a campaign that targets it look up whether it is busy elsewhere ...
      const startAt = new Date(T0 + 365 * 86_400_000).toISOString();
      const target = { firmwareId, stations: ['NO-CAMPAIGN'], startAt };
      expect((await http('POST', '/api/firmware/campaigns', target)).status).toBe(201);
      expect(lookups).not.toHaveBeenCalled();
      // ... but once it is in one, a second campaign finds it busy.
      const again = await http('POST', '/api/firmware/campaigns', target);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('station NO-CAMPAIGN is PENDING in campaign');
    } finally {
      lookups.mockRestore();
      await station.close();
    }
  });

  it('a station that accepts the update and then reports nothing fails after the progress timeout', async () => {
    const silent = await connectStation('SILENT', '2.0.1');
    try {
      await silent.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'Acme', model: 'X' },
      });
      const created = await http<{ id: number }>('POST', '/api/firmware/campaigns', {
        firmwareId,
        stations: ['SILENT'],
      });
      expect(created.status).toBe(201);
      await clock.advanceBy(29 * 60_000);
      const before = await http<{ stations: { state: string }[] }>(
        'GET',
        `/api/firmware/campaigns/${created.body.id}`,
      );
      expect(before.body.stations[0]!.state).toBe('PENDING');
      expect(silent.frames.some((f) => f.action === 'UpdateFirmware')).toBe(true);
      await clock.advanceBy(2 * 60_000);
      const after = await http<{ status: string; stations: { state: string; note: string }[] }>(
        'GET',
        `/api/firmware/campaigns/${created.body.id}`,
      );
      expect(after.body.stations[0]).toMatchObject({
        state: 'DOWNLOAD_FAILED',
        note: 'no progress for 30 min (last: PENDING)',
      });
      expect(after.body.status).toBe('HALTED');
    } finally {
      await silent.close();
    }
  });
});
