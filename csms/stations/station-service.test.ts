import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStation, aStationId } from '../test-support/builders.js';
import type { BootInfo } from './station-record.js';
import { StationService } from './station-service.js';
import { VirtualClock } from '../../common/virtual-clock.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-01-01T10:00:00Z');
/** Connector 1 of EVSE 1 available at T0. */
const AVAILABLE = {
  evseId: 1,
  connectorId: 1,
  status: 'Available',
  errorCode: 'NoError',
  info: null,
  vendorErrorCode: null,
  statusAtMs: T0,
};
const info: BootInfo = { vendor: 'Acme', model: 'AC22', serialNumber: 'SN-1', firmwareVersion: '1.2.3' };

describe.each(drivers)('StationService on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver);
  });
  afterAll(async () => t.dispose());

  it('auto registration accepts an unknown station and stores its boot details', async () => {
    const stations = new StationService({ store: t.store });
    const id = aStationId();
    expect(await stations.boot(id, '1.6', info, T0)).toEqual({ status: 'Accepted' });
    expect(await stations.get(id)).toMatchObject({
      id,
      version: '1.6',
      vendor: 'Acme',
      model: 'AC22',
      serialNumber: 'SN-1',
      firmwareVersion: '1.2.3',
      registrationStatus: 'Accepted',
      lastBootAtMs: T0,
    });
  });

  it('strict registration rejects an unknown station without registering it', async () => {
    const stations = new StationService({ store: t.store, registration: 'strict' });
    const id = aStationId();
    expect((await stations.boot(id, '2.0.1', info, T0)).status).toBe('Rejected');
    expect(await stations.get(id)).toBeUndefined();
    expect(await stations.admits(id)).toMatchObject({ ok: false });
    expect(await stations.connected(id, '2.0.1', T0)).toEqual({
      ok: false,
      reason: `station ${id} is not registered with this CSMS`,
    });
  });

  it('strict registration accepts a registered station', async () => {
    const stations = new StationService({ store: t.store, registration: 'strict' });
    const id = aStationId();
    await stations.register(id, T0);
    expect((await stations.boot(id, '2.0.1', info, T0)).status).toBe('Accepted');
    expect(await stations.admits(id)).toEqual({ ok: true });
  });

  it.each(['Pending', 'Rejected'] as const)('a %s boot policy is applied and remembered', async (status) => {
    const stations = new StationService({ store: t.store, bootPolicy: () => status });
    const id = aStationId();
    expect((await stations.boot(id, '1.6', info, T0)).status).toBe(status);
    expect((await stations.get(id))?.registrationStatus).toBe(status);
    expect((await stations.admits(id)).ok).toBe(status === 'Pending');
  });

  /** A service writing each heartbeat and status at once, and one writing them in batches. */
  const modes = [
    ['one statement each', () => new StationService({ store: t.store })],
    [
      'batched',
      () => new StationService({ store: t.store, batch: { clock: new VirtualClock({ startMs: T0 }) } }),
    ],
  ] as const;

  it.each(modes)('keeps the latest connector status by status time (%s)', async (_mode, service) => {
    const stations = service();
    const id = await aStation(t.store);
    const base = { evseId: 1, connectorId: 1, errorCode: 'NoError', info: null, vendorErrorCode: null };
    await stations.setConnectorStatus(id, { ...base, status: 'Charging', statusAtMs: T0 + 2000 }, T0);
    await stations.setConnectorStatus(id, { ...base, status: 'Preparing', statusAtMs: T0 + 1000 }, T0);
    await stations.setConnectorStatus(
      id,
      { ...base, evseId: 2, connectorId: 2, status: 'Available', statusAtMs: T0 },
      T0,
    );
    expect((await stations.connectors(id)).map((c) => [c.evseId, c.status])).toEqual([
      [1, 'Charging'],
      [2, 'Available'],
    ]);
    // A later status of the same time replaces the stored one; an older one does not.
    await stations.setConnectorStatus(id, { ...base, status: 'Finishing', statusAtMs: T0 + 2000 }, T0);
    await stations.setConnectorStatus(id, { ...base, status: 'Faulted', statusAtMs: T0 + 1500 }, T0);
    expect((await stations.connectors(id)).map((c) => [c.evseId, c.status])).toEqual([
      [1, 'Finishing'],
      [2, 'Available'],
    ]);
  });

  it('batched: writes heartbeats and statuses only at a flush, which every read does first', async () => {
    const stations = new StationService({
      store: t.store,
      batch: { clock: new VirtualClock({ startMs: T0 }), maxDelayMs: 60_000 },
    });
    const id = await aStation(t.store);
    await stations.heartbeat(id, T0 + 1000);
    await stations.setConnectorStatus(id, AVAILABLE, T0);
    const stored = async (): Promise<number> =>
      (await t.store.query('SELECT 1 FROM connectors WHERE station_id = $1', [id])).rowCount;
    expect(await stored()).toBe(0);
    expect(await stations.get(id)).toMatchObject({ lastHeartbeatAtMs: T0 + 1000, lastSeenAtMs: T0 + 1000 });
    expect(await stored()).toBe(1);
  });

  it('batched: drops the writes of a station removed meanwhile and stores the rest of the batch', async () => {
    const stations = new StationService({
      store: t.store,
      batch: { clock: new VirtualClock({ startMs: T0 }), maxDelayMs: 60_000 },
    });
    const gone = await aStation(t.store);
    const kept = await aStation(t.store);
    await stations.setConnectorStatus(gone, AVAILABLE, T0);
    await stations.heartbeat(gone, T0);
    await stations.setConnectorStatus(kept, AVAILABLE, T0);
    await t.store.query('DELETE FROM stations WHERE id = $1', [gone]);
    expect((await stations.connectors(kept)).map((c) => c.status)).toEqual(['Available']);
    expect(await stations.connectors(gone)).toEqual([]);
    expect(await stations.get(gone)).toBeUndefined();
  });

  it.each(modes)('records heartbeats and connection times (%s)', async (_mode, service) => {
    const stations = service();
    const id = aStationId();
    expect(await stations.connected(id, '2.0.1', T0)).toEqual({ ok: true });
    await stations.heartbeat(id, T0 + 5000);
    await stations.disconnected(id, T0 + 9000, T0 + 7000);
    expect(await stations.get(id)).toMatchObject({
      version: '2.0.1',
      connectedAtMs: T0,
      lastHeartbeatAtMs: T0 + 5000,
      lastSeenAtMs: T0 + 7000,
      disconnectedAtMs: T0 + 9000,
    });
    // A heartbeat, then a reconnection: the connection's time is the latest seen.
    await stations.heartbeat(id, T0 + 10_000);
    expect(await stations.connected(id, '2.0.1', T0 + 12_000)).toEqual({ ok: true });
    expect(await stations.get(id)).toMatchObject({
      lastHeartbeatAtMs: T0 + 10_000,
      lastSeenAtMs: T0 + 12_000,
    });
  });
});
