import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';
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
