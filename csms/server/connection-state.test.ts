import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import type { CsmsEvents } from '../csms-events.js';
import type { TestCsms } from '../test-support/test-csms.js';
import { startTestCsms } from '../test-support/test-csms.js';
import { connectTestStation } from '../test-support/test-station.js';
import { REPLACED_CLOSE_CODE } from './ocpp-server.js';

const T0 = Date.parse('2025-03-01T08:00:00Z');

describe('connection state in virtual time', () => {
  const clock = new VirtualClock({ startMs: T0 });
  const transport = createWsTransport({ tracker: clock.tracker });
  let t: TestCsms;
  const stale: CsmsEvents['station.stale'][] = [];
  const connected: CsmsEvents['station.connected'][] = [];

  beforeAll(async () => {
    t = await startTestCsms('pglite', { clock, transport, heartbeatIntervalS: 60 });
    t.csms.events.on('station.stale', (e) => stale.push(e));
    t.csms.events.on('station.connected', (e) => connected.push(e));
  });
  afterAll(async () => t?.dispose());

  it('is CONNECTED, then STALE after interval + 90 s of silence, and a reconnect replaces the stale socket', async () => {
    const first = await connectTestStation({
      url: t.csms.ocppUrl,
      stationId: 'CP-STALE',
      version: '2.0.1',
      transport,
      clock,
    });
    await clock.settle();
    expect(t.csms.connectionState('CP-STALE')).toBe('CONNECTED');
    await first.call('Heartbeat', {});

    await clock.advanceBy(150_000);
    expect(t.csms.connectionState('CP-STALE')).toBe('CONNECTED');
    await clock.advanceBy(1_000);
    expect(t.csms.connectionState('CP-STALE')).toBe('STALE');
    await clock.advanceBy(30_000);
    expect(stale.map((e) => e.stationId)).toEqual(['CP-STALE']);
    expect(stale[0]!.lastSeenMs).toBe(T0);

    const second = await connectTestStation({
      url: t.csms.ocppUrl,
      stationId: 'CP-STALE',
      version: '2.0.1',
      transport,
      clock,
    });
    expect(await first.closed).toBe(REPLACED_CLOSE_CODE);
    await clock.settle();
    expect(t.csms.connectionState('CP-STALE')).toBe('CONNECTED');
    expect(connected.map((e) => e.replaced)).toEqual([false, true]);
    await second.call('Heartbeat', {});
    const view = await t.http<{ connectionState: string; lastHeartbeatAt: string }>(
      'GET',
      '/api/stations/CP-STALE',
    );
    expect(view.body).toMatchObject({
      connectionState: 'CONNECTED',
      lastHeartbeatAt: new Date(T0 + 181_000).toISOString(),
    });

    await second.close();
    await clock.settle();
    expect(t.csms.connectionState('CP-STALE')).toBe('DISCONNECTED');
    expect((await t.http<{ online: boolean }>('GET', '/api/stations/CP-STALE')).body.online).toBe(false);
  });
});
