import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStation, aStationId } from '../test-support/builders.js';
import type { BootInfo } from './station-record.js';
import { StationService } from './station-service.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-01-01T10:00:00Z');
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

  it('keeps the latest connector status by status time', async () => {
    const stations = new StationService({ store: t.store });
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
  });

  it('records heartbeats and connection times', async () => {
    const stations = new StationService({ store: t.store });
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
  });
});
