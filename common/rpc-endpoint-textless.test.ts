import { afterEach, describe, expect, it } from 'vitest';
import { defaultValidator } from '../schemas/validator.js';
import { RealClock } from './clock.js';
import { callText, parseFrame } from './ocpp-frame.js';
import { RpcEndpoint, type RpcEndpointOptions } from './rpc-endpoint.js';
import type { FrameRecord, FrameSummary } from './rpc-types.js';
import { aBootAccepted, aBootNotification } from './test-support/ocpp-payloads.js';
import { memoryLink, notingConnection, type Arrival } from './test-support/memory-link.js';
import type { TransportServer } from './transport.js';

type EndOptions = Partial<Omit<RpcEndpointOptions, 'connection' | 'side'>>;

/**
 * A station that only counts its frames sends its calls to an in-process CSMS as their parsed
 * form alone: their text is built only where it is read, and it is the text it would have had.
 */
describe('calls without their text, over the memory transport', () => {
  const servers: TransportServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function pair(station: EndOptions, csms: EndOptions = {}) {
    const { server, client, accepted } = await memoryLink();
    servers.push(server);
    const atCsms: Arrival[] = [];
    const closed: number[] = [];
    let onClosed!: () => void;
    const csmsClosed = new Promise<void>((resolve) => (onClosed = resolve));
    const common = { version: '1.6' as const, clock: new RealClock(), validator: defaultValidator() };
    const csmsEnd = new RpcEndpoint({
      ...common,
      ...csms,
      connection: notingConnection(accepted, atCsms, 'parsed alone'),
      side: 'csms',
    });
    csmsEnd.onClose((code) => {
      closed.push(code);
      onClosed();
    });
    return {
      csms: csmsEnd,
      station: new RpcEndpoint({ ...common, ...station, connection: client, side: 'station' }),
      atCsms,
      closed,
      csmsClosed,
    };
  }

  it('sends a counted call parsed alone; the CSMS reads it and answers', async () => {
    const counted: FrameSummary[] = [];
    const { csms, station, atCsms } = await pair({ count: (r) => counted.push(r) });
    csms.handle('BootNotification', () => aBootAccepted());
    const payload = aBootNotification('1.6');
    await expect(station.call('BootNotification', payload)).resolves.toEqual(aBootAccepted());
    expect(atCsms).toHaveLength(1);
    expect(atCsms[0]!.text).toBeUndefined();
    expect(atCsms[0]!.parsed).toEqual(parseFrame(callText('1', 'BootNotification', JSON.stringify(payload))));
    expect(counted.map((r) => [r.direction, r.messageType, r.action, r.verdict, 'raw' in r])).toEqual([
      ['station->csms', 'CALL', 'BootNotification', 'valid', false],
      ['csms->station', 'CALLRESULT', 'BootNotification', 'valid', false],
    ]);
  });

  it("gives the CSMS's tap the text the station would have sent, whatever its handler changes", async () => {
    const tapped: FrameRecord[] = [];
    const { csms, station, atCsms } = await pair({ count: () => undefined }, { tap: (r) => tapped.push(r) });
    csms.handle('BootNotification', (p) => {
      (p as Record<string, unknown>)['chargePointModel'] = 'changed by the handler';
      return aBootAccepted();
    });
    const payload = { ...aBootNotification('1.6'), chargePointVendor: 'Ünïcode "quoted" \u0001' };
    await station.call('BootNotification', payload);
    expect(atCsms[0]!.text).toBeUndefined();
    expect(tapped[0]!.raw).toBe(callText('1', 'BootNotification', JSON.stringify(payload)));
  });

  it('sends its calls with their text when a tap reads them at the station', async () => {
    const { csms, station, atCsms } = await pair({ tap: () => undefined });
    csms.handle('Heartbeat', () => ({ currentTime: '2026-12-05T10:00:00.000Z' }));
    await station.call('Heartbeat', {});
    expect(atCsms[0]!.text).toBe('[2,"1","Heartbeat",{}]');
  });

  it('measures a call near the size limit by its text: one that fits goes, one that does not is refused', async () => {
    const { csms, station, atCsms } = await pair({ count: () => undefined, maxFrameBytes: 4096 });
    csms.handle('DataTransfer', () => ({ status: 'Accepted' }));
    // 1,500 two-byte characters: a bound of 9,000 bytes, a text of about 3,040.
    await expect(station.call('DataTransfer', { vendorId: 'acme', data: 'é'.repeat(1500) })).resolves.toEqual(
      {
        status: 'Accepted',
      },
    );
    expect(atCsms[0]!.text).toMatch(/^\[2,"1","DataTransfer",/);
    await expect(station.call('DataTransfer', { vendorId: 'acme', data: 'é'.repeat(2100) })).rejects.toThrow(
      /DataTransfer not sent: its frame is \d{4} bytes, over the limit of 4096 bytes/,
    );
    expect(atCsms).toHaveLength(1);
  });

  it("holds a call sent parsed alone to the receiver's own size limit", async () => {
    const { csms, station, closed, csmsClosed } = await pair(
      { count: () => undefined },
      { maxFrameBytes: 1024 },
    );
    let handled = 0;
    csms.handle('DataTransfer', () => {
      handled++;
      return { status: 'Accepted' };
    });
    // A bound past 1,024 bytes, a text within them: read and answered.
    await expect(station.call('DataTransfer', { vendorId: 'acme', data: 'x'.repeat(400) })).resolves.toEqual({
      status: 'Accepted',
    });
    // A text past them: the CSMS closes with 1009, unhandled.
    const refused = station.call('DataTransfer', { vendorId: 'acme', data: 'x'.repeat(2000) });
    await expect(refused).rejects.toThrow(/closed \(1009/);
    await csmsClosed;
    expect(handled).toBe(1);
    expect(closed).toEqual([1009]);
  });
});
