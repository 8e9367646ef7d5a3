import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityTracker } from '../../common/activity-tracker.js';
import { loadMigrations, migrate } from './migrations.js';
import { openStore } from './open-store.js';
import { canWriteInBackground, writeInBackground } from './store.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, postgresUnavailable, testDrivers } from '../test-support/test-stores.js';

const drivers = await testDrivers();
const pgAbsent = (await postgresUnavailable()) !== undefined;

describe.each(drivers)('store on %s', (driver) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('applies every migration once and records it', async () => {
    t = await openTestStore(driver);
    const { rows } = await t.store.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(await migrate(t.store)).toEqual([]);
  });

  it('returns int8 and int8[] as numbers and timestamptz as Date', async () => {
    t = await openTestStore(driver);
    const { rows } = await t.store.query<{ n: number; ns: number[]; at: Date }>(
      "SELECT 9007199254740::int8 AS n, ARRAY[1735725600123, -5, NULL]::int8[] AS ns, '2025-01-02T03:04:05.678Z'::timestamptz AS at",
    );
    expect(rows[0]!.n).toBe(9007199254740);
    expect(rows[0]!.ns).toEqual([1735725600123, -5, null]);
    expect(rows[0]!.at.getTime()).toBe(Date.parse('2025-01-02T03:04:05.678Z'));
  });

  it('commits a transaction that resolves and rolls back one that rejects', async () => {
    t = await openTestStore(driver);
    const store = t.store;
    const now = new Date('2025-01-01T00:00:00Z');
    await store.transaction(async (tx) => {
      await tx.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', ['kept', now]);
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.query('INSERT INTO users (name, created_at) VALUES ($1, $2)', ['lost', now]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await store.query<{ name: string }>('SELECT name FROM users ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(['kept']);
  });

  it('writes in the background (PGlite outside the activity tracker, pg inside it); a later read sees the rows', async () => {
    const tracker = new ActivityTracker();
    t = await openTestStore(driver, { tracker });
    const write = writeInBackground(t.store, 'INSERT INTO users (name, created_at) VALUES ($1, now())', [
      'background',
    ]);
    expect(canWriteInBackground(t.store)).toBe(true);
    // A server's answer comes at a wall-clock moment: virtual time waits for it.
    expect(tracker.busy).toBe(driver === 'pg');
    await write;
    const { rows } = await t.store.query<{ name: string }>('SELECT name FROM users');
    expect(rows.map((r) => r.name)).toEqual(['background']);
  });

  it('inserts many rows with one statement through unnest arrays', async () => {
    t = await openTestStore(driver);
    const at = new Date('2025-01-01T00:00:00Z');
    await t.store.exec(
      `CREATE TABLE unnest_probe (id serial PRIMARY KEY, at timestamptz, station_id text, direction text,
         message_type text, payload jsonb, verdict text)`,
    );
    await t.store.query(
      `INSERT INTO unnest_probe (at, station_id, direction, message_type, payload, verdict)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[])`,
      [
        [at, at],
        ['A', 'B'],
        ['x', 'y'],
        ['CALL', 'CALL'],
        ['{"a":1}', null],
        ['valid', 'valid'],
      ],
    );
    const { rows } = await t.store.query<{ station_id: string; payload: unknown }>(
      'SELECT station_id, payload FROM unnest_probe ORDER BY id',
    );
    expect(rows).toEqual([
      { station_id: 'A', payload: { a: 1 } },
      { station_id: 'B', payload: null },
    ]);
  });
});

describe('openStore', () => {
  it('keeps PGlite data in its directory across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csms-store-'));
    try {
      const first = await openStore({ dataDir: dir });
      await first.query('INSERT INTO users (name, created_at) VALUES ($1, now())', ['persisted']);
      await first.close();
      const second = await openStore({ dataDir: dir });
      const { rows } = await second.query<{ name: string }>('SELECT name FROM users');
      await second.close();
      expect(rows.map((r) => r.name)).toEqual(['persisted']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the server when PostgreSQL cannot be reached', async () => {
    await expect(openStore({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(
      /cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/,
    );
  });

  it('refuses a database URL that is not a URL', async () => {
    await expect(openStore({ databaseUrl: 'localhost' })).rejects.toThrow(/is not a URL: use postgres:\/\//);
  });

  it.skipIf(pgAbsent)('is idempotent when run twice on one schema', async () => {
    const t = await openTestStore('pg');
    try {
      expect(await migrate(t.store)).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
