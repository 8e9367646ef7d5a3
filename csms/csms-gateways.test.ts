import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../common/clock.js';
import { createWsTransport } from '../common/ws-transport.js';
import type { Csms } from './create-csms.js';
import { createCsms } from './create-csms.js';
import { httpJson } from './test-support/test-csms.js';
import { connectTestStation } from './test-support/test-station.js';

describe('the reference CSMS with its connections held by gateway processes', () => {
  let csms: Csms;
  beforeAll(async () => {
    csms = createCsms({
      clock: new RealClock(),
      transport: createWsTransport({ gateways: 2 }),
      store: { dataDir: ':memory:' },
    });
    await csms.start();
  });
  afterAll(async () => {
    await csms.stop();
  });

  it('boots stations of both versions, runs a 1.6 transaction and answers the REST API on the same port', async () => {
    const v16 = await connectTestStation({ url: csms.ocppUrl, stationId: 'GW-16', version: '1.6' });
    const v201 = await connectTestStation({ url: csms.ocppUrl, stationId: 'GW-201', version: '2.0.1' });
    try {
      expect(
        await v16.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'AC22' }),
      ).toMatchObject({ status: 'Accepted' });
      expect(
        await v201.call('BootNotification', {
          reason: 'PowerUp',
          chargingStation: { vendorName: 'Acme', model: 'AC22' },
        }),
      ).toMatchObject({ status: 'Accepted' });
      const { transactionId } = await v16.call<{ transactionId: number }>('StartTransaction', {
        connectorId: 1,
        idTag: 'ANY',
        meterStart: 1000,
        timestamp: new Date().toISOString(),
      });
      await v16.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1500' }] }],
      });
      await v16.call('StopTransaction', {
        transactionId,
        meterStop: 2500,
        timestamp: new Date().toISOString(),
      });
      const tx = await httpJson<{ status: string; energyWh: number }>(
        csms.httpUrl,
        'GET',
        `/api/transactions/${transactionId}`,
      );
      expect(tx.body).toMatchObject({ status: 'COMPLETED', energyWh: 1500 });
      const stations = await httpJson<{ stations: { id: string }[] }>(csms.httpUrl, 'GET', '/api/stations');
      expect(stations.body.stations.map((s) => s.id).sort()).toEqual(['GW-16', 'GW-201']);
    } finally {
      await v16.close();
      await v201.close();
    }
  });

  it('sends a command from the REST API to a station through its gateway and returns the answer', async () => {
    const station = await connectTestStation({
      url: csms.ocppUrl,
      stationId: 'GW-CMD',
      version: '1.6',
      handlers: { Reset: () => ({ status: 'Accepted' }) },
    });
    try {
      await station.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'AC22' });
      const res = await httpJson<{ response: unknown }>(
        csms.httpUrl,
        'POST',
        '/api/stations/GW-CMD/commands/Reset',
        { type: 'Soft' },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        stationId: 'GW-CMD',
        action: 'Reset',
        response: { status: 'Accepted' },
      });
      expect(station.frames.some((f) => f.action === 'Reset' && f.direction === 'csms->station')).toBe(true);
    } finally {
      await station.close();
    }
  });
});
