import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActivityTracker } from '../../common/activity-tracker.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { BatchWriter } from './batch-writer.js';
import { migrate } from './migrations.js';
import { PgliteThread } from './pglite-thread.js';
import { createPgliteStore } from './pglite-store.js';
import type { PgliteStore } from './pglite-store.js';
import { settleBackgroundWrites, StoreError, writeInBackground } from './store.js';
import type { Queryable } from './store.js';

const AT = new Date('2025-01-01T00:00:00Z');
let image: Uint8Array;

beforeAll(async () => {
  const template = await createPgliteStore({ dataDir: ':memory:' });
  try {
    await migrate(template);
    image = await template.dumpImage();
  } finally {
    await template.close();
  }
});

async function userNames(store: PgliteStore): Promise<string[]> {
  const { rows } = await store.query<{ name: string }>('SELECT name FROM users ORDER BY id');
  return rows.map((r) => r.name);
}

function addUser(store: PgliteStore, name: string): Promise<unknown> {
  return store.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', [name, AT]);
}

describe('PGlite store in its own thread', () => {
  let store: PgliteStore | undefined;
  const open = async (
    tracker?: ActivityTracker,
    ordering?: 'strict' | 'concurrent',
  ): Promise<PgliteStore> => {
    store = await createPgliteStore({
      dataDir: ':memory:',
      image,
      ...(tracker ? { tracker } : {}),
      ...(ordering ? { ordering } : {}),
    });
    return store;
  };
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('opens a migrated image with its tables, empty', async () => {
    const s = await open();
    expect(await userNames(s)).toEqual([]);
    await addUser(s, 'first');
    expect(await userNames(s)).toEqual(['first']);
  });

  it('rejects a failed statement with the database message and SQLSTATE, and goes on working', async () => {
    const s = await open();
    const failure = await s.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).message).toMatch(/relation "no_such_table" does not exist/);
    expect(((failure as StoreError).cause as { code?: string }).code).toBe('42P01');
    expect((await s.query<{ n: number }>('SELECT 2::int8 AS n')).rows).toEqual([{ n: 2 }]);
  });

  it('makes statements outside a transaction wait until it has rolled back', async () => {
    const s = await open();
    let outside: Promise<unknown> | undefined;
    const seenInside: string[][] = [];
    await expect(
      s.transaction(async (tx) => {
        await tx.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', ['lost', AT]);
        outside = addUser(s, 'outside');
        // Give the outside statement every chance to run inside this transaction if it could.
        await new Promise((resolve) => setImmediate(resolve));
        const { rows } = await tx.query<{ name: string }>('SELECT name FROM users ORDER BY id');
        seenInside.push(rows.map((r) => r.name));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await outside;
    expect(seenInside).toEqual([['lost']]);
    expect(await userNames(s)).toEqual(['outside']);
  });

  it('runs queued transactions and statements in the order they were issued', async () => {
    const s = await open();
    const done = await Promise.all([
      s.transaction(async (tx) => {
        await tx.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', ['t1', AT]);
        return 't1';
      }),
      addUser(s, 'q1'),
      s.transaction(async (tx) => {
        await tx.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', ['t2', AT]);
        return 't2';
      }),
      addUser(s, 'q2'),
    ]);
    expect(done[0]).toBe('t1');
    expect(await userNames(s)).toEqual(['t1', 'q1', 't2', 'q2']);
  });

  it('refuses a statement on a transaction that has finished', async () => {
    const s = await open();
    let kept: Queryable | undefined;
    await s.transaction((tx) => {
      kept = tx;
      return Promise.resolve();
    });
    await expect(kept!.query('SELECT 1')).rejects.toThrow('transaction is finished');
  });

  it('close() finishes the work already queued, then refuses more', async () => {
    const s = await open();
    const queued = ['a', 'b', 'c'].map((name) => addUser(s, name));
    const names = userNames(s);
    await s.close();
    await Promise.all(queued);
    expect(await names).toEqual(['a', 'b', 'c']);
    await expect(s.query('SELECT 1')).rejects.toThrow('store is closed');
    await expect(s.writeInBackground('SELECT 1')).rejects.toThrow('store is closed');
  });

  it('writes in the background outside the tracker, in order, and a read after settling sees every row', async () => {
    const tracker = new ActivityTracker();
    const s = await open(tracker);
    const writes = ['w1', 'w2', 'w3'].map((name) =>
      s.writeInBackground('INSERT INTO users (name, created_at) VALUES ($1, $2)', [name, AT]),
    );
    expect(tracker.busy).toBe(false);
    s.settleBackgroundWrites();
    const read = userNames(s);
    expect(tracker.busy).toBe(true);
    expect(await read).toEqual(['w1', 'w2', 'w3']);
    await Promise.all(writes);
  });

  it('in virtual time, a batch writer flush() waiting on a background write goes on before any other event', async () => {
    const clock = new VirtualClock({ startMs: 0 });
    const s = await open(clock.tracker);
    const writer = new BatchWriter<string>({
      clock,
      maxRows: 2,
      write: (names) =>
        writeInBackground(s, 'INSERT INTO users (name, created_at) SELECT unnest($1::text[]), $2', [
          names,
          AT,
        ]),
      settle: () => settleBackgroundWrites(s),
    });
    writer.add('b1', 'b2'); // a full buffer: written in the background at once
    writer.add('b3');
    const order: string[] = [];
    setImmediate(() => order.push('other event'));
    await writer.flush();
    order.push('flushed');
    expect(order).toEqual(['flushed']);
    expect(await userNames(s)).toEqual(['b1', 'b2', 'b3']);
  });

  it('with strict ordering (the default), a statement is answered before any other event runs', async () => {
    const s = await open();
    const order: string[] = [];
    setImmediate(() => order.push('other event'));
    await s.query('SELECT count(*) FROM generate_series(1, 300000)');
    order.push('answered');
    expect(order).toEqual(['answered']);
  });

  it('with concurrent ordering, other events run while the database works on a statement', async () => {
    const s = await open(undefined, 'concurrent');
    const order: string[] = [];
    setImmediate(() => order.push('other event'));
    await s.query('SELECT count(*) FROM generate_series(1, 3000000)');
    order.push('answered');
    expect(order).toEqual(['other event', 'answered']);
  });

  it('refuses an unknown ordering, naming the choices', async () => {
    await expect(
      createPgliteStore({ dataDir: ':memory:', ordering: 'fast' as unknown as 'strict' }),
    ).rejects.toThrow(/ordering must be 'strict' or 'concurrent', got fast/);
  });

  it('rejects a failed background write', async () => {
    const s = await open();
    await expect(s.writeInBackground('INSERT INTO no_such_table VALUES (1)')).rejects.toThrow(
      /no_such_table/,
    );
  });

  it('answers a statement someone waits on ahead of background writes still queued', async () => {
    const s = await open();
    // The first write keeps the database thread busy while the next two are posted.
    const busy = s.writeInBackground('SELECT pg_sleep(0.3)');
    const queued = s.writeInBackground('INSERT INTO users (name, created_at) VALUES ($1, $2)', [
      'queued',
      AT,
    ]);
    expect(await userNames(s)).toEqual([]);
    await Promise.all([busy, queued]);
    expect(await userNames(s)).toEqual(['queued']);
    // A batch writer's flush() waits for its writes: its caller then sees them.
    const writer = new BatchWriter<string>({
      clock: new VirtualClock({ startMs: 0 }),
      write: async (names) => {
        await s.writeInBackground('SELECT pg_sleep(0.2)');
        await s.writeInBackground('INSERT INTO users (name, created_at) SELECT unnest($1::text[]), $2', [
          names,
          AT,
        ]);
      },
      settle: () => settleBackgroundWrites(s),
    });
    writer.add('flushed');
    await writer.flush();
    expect(await userNames(s)).toEqual(['queued', 'flushed']);
  });

  it('starts a transaction only after the background writes queued before it (a rollback keeps them)', async () => {
    const s = await open();
    void s.writeInBackground('SELECT pg_sleep(0.3)');
    const before = s.writeInBackground('INSERT INTO users (name, created_at) VALUES ($1, $2)', [
      'before',
      AT,
    ]);
    await expect(
      s.transaction(async (tx) => {
        await tx.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', ['inside', AT]);
        await Promise.resolve();
        await tx.query('SELECT 1');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await before;
    expect(await userNames(s)).toEqual(['before']);
  });

  it('refuses an image that is not a database, saying which store', async () => {
    await expect(
      createPgliteStore({ dataDir: ':memory:', image: new TextEncoder().encode('not a tar') }),
    ).rejects.toThrow(/cannot open the embedded database in :memory:/);
  });
});

describe('PgliteThread', () => {
  let thread: PgliteThread | undefined;
  afterAll(async () => {
    await thread?.close();
  });

  it('rejects every pending request with a clear message when the thread dies', async () => {
    thread = await PgliteThread.open({ dataDir: undefined, image, maxHeapMb: 96 });
    const big = thread.request({
      kind: 'query',
      sql: "SELECT repeat('x', 1000000) AS t FROM generate_series(1, 400)",
      params: [],
    });
    const behind = thread.request({ kind: 'query', sql: 'SELECT 1', params: [] });
    await expect(big).rejects.toThrow(/embedded database thread (failed|exited)/);
    await expect(behind).rejects.toThrow(/embedded database thread (failed|exited)/);
    await expect(thread.request({ kind: 'query', sql: 'SELECT 1', params: [] })).rejects.toThrow(
      /embedded database thread/,
    );
  });
});
