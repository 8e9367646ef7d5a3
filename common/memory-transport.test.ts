import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';
import { memoryLink } from './test-support/memory-link.js';
import { inboxOf } from './test-support/transport-cases.js';
import type { Connection } from './transport.js';

describe('memory transport', () => {
  it('refuses a second server under a name in use, and frees the name on close', async () => {
    const t = createMemoryTransport();
    const first = await t.listen({ name: 'mem-dup' });
    await expect(t.listen({ name: 'mem-dup' })).rejects.toThrow(
      /memory:\/\/mem-dup is already listening: choose another name/,
    );
    await first.close();
    const again = await t.listen({ name: 'mem-dup' });
    expect(again.url).toBe('memory://mem-dup/ocpp');
    await again.close();
  });

  it('joins servers and stations of different transport instances in one process', async () => {
    const server = await createMemoryTransport().listen({ name: 'mem-shared' });
    const accepted = new Promise<Connection>((resolve) => server.onConnection(resolve));
    const client = await createMemoryTransport().connect(server.url, 'CP1', ['ocpp1.6']);
    const atServer = inboxOf(await accepted);
    await client.send('hi');
    expect(await atServer.next()).toBe('hi');
    await server.close();
  });

  it.each([
    [
      'a name nobody listens on',
      'memory://nobody-here/ocpp',
      /no memory server is listening as "nobody-here"/,
    ],
    ['a ws URL', 'ws://127.0.0.1:1/ocpp', /connects to memory:\/\/NAME/],
  ])('rejects connecting to %s with what to change', async (_n, url, message) => {
    await expect(createMemoryTransport().connect(url, 'CP1', ['ocpp1.6'])).rejects.toThrow(message);
  });

  it.each([['has spaces'], ['a/b']])('refuses the server name %j', async (name) => {
    await expect(createMemoryTransport().listen({ name })).rejects.toThrow(/use letters, digits/);
  });

  it('completes a close that both ends start at once', async () => {
    const t = createMemoryTransport();
    const server = await t.listen({ name: 'mem-both-close' });
    const accepted = new Promise<Connection>((resolve) => server.onConnection(resolve));
    const client = await t.connect(server.url, 'CP1', ['ocpp1.6']);
    const serverSide = await accepted;
    await Promise.all([client.close(4001, 'station'), serverSide.close(4002, 'server')]);
    expect([client.isOpen, serverSide.isOpen]).toEqual([false, false]);
    await server.close();
  });

  it('delivers frames the peer sent before it saw the close, then the close', async () => {
    const t = createMemoryTransport();
    const server = await t.listen({ name: 'mem-drain' });
    const accepted = new Promise<Connection>((resolve) => server.onConnection(resolve));
    const client = await t.connect(server.url, 'CP1', ['ocpp1.6']);
    const serverSide = await accepted;
    const atClient = inboxOf(client);
    await serverSide.send('last words');
    await client.close();
    expect(atClient.frames).toEqual(['last words']);
    await server.close();
  });
});

describe('memory transport: frames sent parsed alone', () => {
  const call = { type: 'CALL', messageId: '1', action: 'DataTransfer', payload: { vendorId: 'é"' } } as const;
  const text = '[2,"1","DataTransfer",{"vendorId":"é\\""}]';

  it('gives a receiver registered with onMessage the text, built from the parsed form', async () => {
    const { server, client, accepted: atServer } = await memoryLink();
    const got = new Promise<[string, unknown]>((resolve) => atServer.onMessage((f, p) => resolve([f, p])));
    await client.sendParsed!(call, 200);
    expect(await got).toEqual([text, call]);
    await server.close();
  });

  it('gives a receiver registered with onParsedMessage the parsed form and the bound, no text', async () => {
    const { server, client, accepted: atServer } = await memoryLink();
    const got = new Promise<unknown[]>((resolve) =>
      atServer.onParsedMessage!((f, p, bytes) => resolve([f, p, bytes])),
    );
    await client.sendParsed!(call, 200);
    expect(await got).toEqual([undefined, call, 200]);
    await server.close();
  });

  it('measures the text when the bound passes the limit: delivered when it fits, closed with 1009 when not', async () => {
    const { server, client, accepted: atServer } = await memoryLink({ maxFrameBytes: 45 });
    const frames: (string | undefined)[] = [];
    atServer.onParsedMessage!((f) => frames.push(f));
    const closed = new Promise<number>((resolve) => client.onClose((code) => resolve(code)));
    await client.sendParsed!(call, 1000); // 42 bytes: fits, and arrives with the text it was measured by
    await client.sendParsed!({ ...call, payload: { vendorId: 'é'.repeat(10) } }, 1000);
    expect(await closed).toBe(1009);
    expect(frames).toEqual([text]);
    await server.close();
  });
});
