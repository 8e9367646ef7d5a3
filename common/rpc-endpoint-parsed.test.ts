import { afterEach, describe, expect, it } from 'vitest';
import { defaultValidator } from '../schemas/validator.js';
import { RealClock } from './clock.js';
import { parseFrame } from './ocpp-frame.js';
import { RpcEndpoint, type RpcEndpointOptions } from './rpc-endpoint.js';
import { aBootAccepted, aBootNotification } from './test-support/ocpp-payloads.js';
import { memoryLink, notingConnection, type Arrival } from './test-support/memory-link.js';
import type { TransportServer } from './transport.js';

type EndOptions = Partial<Omit<RpcEndpointOptions, 'connection' | 'side'>>;

describe('frames with their parsed form, over the memory transport', () => {
  const servers: TransportServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function pair(station: EndOptions = {}): Promise<{
    csms: RpcEndpoint;
    station: RpcEndpoint;
    atCsms: Arrival<string>[];
    atStation: Arrival<string>[];
  }> {
    const { server, client, accepted } = await memoryLink();
    servers.push(server);
    const atCsms: Arrival<string>[] = [];
    const atStation: Arrival<string>[] = [];
    const common = { version: '1.6' as const, clock: new RealClock(), validator: defaultValidator() };
    return {
      csms: new RpcEndpoint({
        ...common,
        connection: notingConnection(accepted, atCsms, 'with text'),
        side: 'csms',
      }),
      station: new RpcEndpoint({
        ...common,
        ...station,
        connection: notingConnection(client, atStation, 'with text'),
        side: 'station',
      }),
      atCsms,
      atStation,
    };
  }

  it('hands over each CALL and CALLRESULT with exactly what parseFrame reads from its text', async () => {
    const { csms, station, atCsms, atStation } = await pair();
    csms.handle('BootNotification', () => aBootAccepted());
    csms.handle('Heartbeat', () => ({ currentTime: '2026-12-05T10:00:00.000Z' }));
    await station.call('BootNotification', aBootNotification('1.6'));
    await station.call('Heartbeat', {});
    expect(atCsms.map((a) => a.parsed?.type)).toEqual(['CALL', 'CALL']);
    expect(atStation.map((a) => a.parsed?.type)).toEqual(['CALLRESULT', 'CALLRESULT']);
    for (const { text, parsed } of [...atCsms, ...atStation]) expect(parsed).toEqual(parseFrame(text));
  });

  it("gives the receiver a payload of its own: neither side's later changes reach the other", async () => {
    const { csms, station } = await pair();
    const answer = aBootAccepted();
    const received: Record<string, unknown>[] = [];
    csms.handle('BootNotification', (payload) => {
      received.push(payload as Record<string, unknown>);
      (payload as Record<string, unknown>)['chargePointModel'] = 'changed by the CSMS';
      return answer;
    });
    const request = aBootNotification('1.6');
    const sent = station.call('BootNotification', request);
    request['chargePointVendor'] = 'changed by the station after sending';
    const result = (await sent) as Record<string, unknown>;
    expect(received[0]!['chargePointVendor']).toBe(aBootNotification('1.6')['chargePointVendor']);
    expect(request['chargePointModel']).toBe(aBootNotification('1.6')['chargePointModel']);
    expect(result).toEqual(aBootAccepted());
    expect(result).not.toBe(answer);
  });

  it('sends a payload JSON would transform as text alone, read as the text says', async () => {
    const { csms, station, atCsms } = await pair({ strictness: 'record' });
    let data: unknown;
    csms.handle('DataTransfer', (payload) => {
      data = (payload as { data?: unknown }).data;
      return { status: 'Accepted' };
    });
    await station.call('DataTransfer', { vendorId: 'acme', data: new Date(0) as unknown as string });
    expect(atCsms[0]!.parsed).toBeUndefined();
    expect(data).toBe('1970-01-01T00:00:00.000Z');
  });

  it('sends a payload nested deeper than the copy reaches as text alone, and the peer reads it', async () => {
    const { csms, station, atCsms } = await pair({ strictness: 'record' });
    csms.handle('DataTransfer', () => ({ status: 'Accepted' }));
    const data: Record<string, unknown> = {};
    let level = data;
    for (let i = 0; i < 4_000; i++) level = level['a'] = {};
    // 1.6 wants a string here: the CSMS answers that, which shows it read the whole frame.
    const answered = station.call('DataTransfer', { vendorId: 'acme', data: data as unknown as string });
    await expect(answered).rejects.toMatchObject({ code: 'TypeConstraintViolation' });
    expect(atCsms[0]!.parsed).toBeUndefined();
    expect(atCsms[0]!.text.length).toBeGreaterThan(24_000);
  });

  it('sends a CALL whose message id the peer cannot read as text alone, and the peer drops it', async () => {
    const longId = 'x'.repeat(37);
    const { csms, station, atCsms } = await pair({ strictness: 'record', messageIds: () => longId });
    let handled = 0;
    csms.handle('Heartbeat', () => {
      handled++;
      return { currentTime: '2026-12-05T10:00:00.000Z' };
    });
    const answered = station.call('Heartbeat', {}, { timeoutMs: 200 });
    await expect(answered).rejects.toThrow(/no response within 200 ms/);
    expect(handled).toBe(0);
    expect(atCsms[0]!.parsed).toBeUndefined();
    expect(parseFrame(atCsms[0]!.text)).toMatchObject({ kind: 'bad-frame' });
  });
});
