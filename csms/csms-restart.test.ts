import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RealClock } from '../common/clock.js';
import { createWsTransport } from '../common/ws-transport.js';
import type { Csms } from './create-csms.js';
import { createCsms } from './create-csms.js';
import { httpJson } from './test-support/test-csms.js';
import { connectTestStation } from './test-support/test-station.js';

const at = (minute: number): string => new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString();

describe('CSMS restart in the middle of a transaction (PGlite on disk)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'csms-restart-'));
  const running: Csms[] = [];
  afterAll(async () => {
    for (const c of running) await c.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startCsms(): Promise<Csms> {
    const csms = createCsms({ clock: new RealClock(), transport: createWsTransport(), store: { dataDir } });
    await csms.start();
    running.push(csms);
    return csms;
  }

  it('completes the transaction with the right energy when the station reconnects and stops', async () => {
    const first = await startCsms();
    const before = await connectTestStation({ url: first.ocppUrl, stationId: 'CP-RESTART', version: '1.6' });
    await before.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'AC22' });
    const { transactionId } = await before.call<{ transactionId: number }>('StartTransaction', {
      connectorId: 2,
      idTag: 'ANY',
      meterStart: 5000,
      timestamp: at(0),
    });
    await before.call('MeterValues', {
      connectorId: 2,
      transactionId,
      meterValue: [{ timestamp: at(10), sampledValue: [{ value: '6.5', unit: 'kWh' }] }],
    });

    // The CSMS goes down; the station keeps charging and loses its connection.
    const closed = before.closed;
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(await closed).toBe(1001);

    const second = await startCsms();
    const running1 = await httpJson<{ status: string; energyWh: number | null; meterValues: unknown[] }>(
      second.httpUrl,
      'GET',
      `/api/transactions/${transactionId}`,
    );
    expect(running1.body).toMatchObject({ status: 'RUNNING', energyWh: null });
    expect(running1.body.meterValues).toHaveLength(1);

    const after = await connectTestStation({ url: second.ocppUrl, stationId: 'CP-RESTART', version: '1.6' });
    const stop = { transactionId, meterStop: 8000, timestamp: at(30), reason: 'EVDisconnected' };
    expect(await after.call('StopTransaction', stop)).toEqual({});
    // Sent again (the station did not see the answer before a reconnect): nothing changes.
    expect(await after.call('StopTransaction', stop)).toEqual({});

    const tx = await httpJson<Record<string, unknown> & { meterValues: unknown[] }>(
      second.httpUrl,
      'GET',
      `/api/transactions/${transactionId}`,
    );
    expect(tx.body).toMatchObject({
      status: 'COMPLETED',
      meterStartWh: 5000,
      meterStopWh: 8000,
      energyWh: 3000,
      stopReason: 'EVDisconnected',
      endedAt: at(30),
    });
    expect(tx.body.meterValues).toHaveLength(1);
    const all = await httpJson<{ transactions: unknown[] }>(
      second.httpUrl,
      'GET',
      '/api/transactions?stationId=CP-RESTART',
    );
    expect(all.body.transactions).toHaveLength(1);

    // A new transaction after the restart gets a fresh id: the sequence survived.
    const next = await after.call<{ transactionId: number }>('StartTransaction', {
      connectorId: 2,
      idTag: 'ANY',
      meterStart: 8000,
      timestamp: at(40),
    });
    expect(next.transactionId).toBeGreaterThan(transactionId);
    await after.close();
  });
});
