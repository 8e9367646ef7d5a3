import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Store } from './store.js';
import { StoreError } from './store.js';

/** One numbered SQL migration file. */
export interface Migration {
  /** The number the file name starts with (`001_initial.sql` -> 1). */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE_PATTERN = /^(\d{3,})_([a-z0-9_-]+)\.sql$/;

/**
 * Finds the migrations directory: beside this module when running from source, and the source
 * tree's copy when running from the compiled `dist/` (tsc does not copy `.sql` files).
 */
export function migrationsDir(): string {
  const candidates = [
    fileURLToPath(new URL('./migrations/', import.meta.url)),
    fileURLToPath(new URL('../../../csms/store/migrations/', import.meta.url)),
  ];
  for (const dir of candidates) if (existsSync(dir)) return dir;
  throw new StoreError(`migrations directory not found; looked in ${candidates.join(', ')}`);
}

/** Reads and orders the migrations in `dir`; refuses a stray file name or a repeated number. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(file);
    if (match === null) {
      throw new StoreError(`migration file "${file}" must be named NNN_name.sql (e.g. 002_add_tariffs.sql)`);
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new StoreError(`two migration files share number ${match[1]}: renumber "${file}"`);
    }
    migrations.push({ version, name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own database
 * transaction, in order. Safe to run at every start and from several processes at once (a
 * PostgreSQL advisory lock serialises them).
 * @returns the versions applied by this call.
 */
export async function migrate(store: Store, migrations = loadMigrations()): Promise<number[]> {
  await store.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7160001)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rowCount > 0) return false;
      try {
        await tx.exec(m.sql);
      } catch (error) {
        throw new StoreError(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
