import type { Store } from '../store/store.js';
import type { StartInput } from '../transactions/transaction-service.js';

let counter = 0;

/** A fresh station id, unique within the test process. */
export function aStationId(prefix = 'CP'): string {
  counter++;
  return `${prefix}${String(counter).padStart(4, '0')}`;
}

/** Inserts a registered station row (defaults: Accepted, 1.6) and returns its id. */
export async function aStation(
  store: Store,
  overrides: { id?: string; version?: '1.6' | '2.0.1'; registrationStatus?: string } = {},
): Promise<string> {
  const id = overrides.id ?? aStationId();
  await store.query(
    `INSERT INTO stations (id, ocpp_version, registration_status, created_at, updated_at)
     VALUES ($1, $2, $3, now(), now())`,
    [id, overrides.version ?? '1.6', overrides.registrationStatus ?? 'Accepted'],
  );
  return id;
}

/** Inserts a user (defaults: role user, active) and returns its id. */
export async function aUser(
  store: Store,
  overrides: { name?: string; status?: 'active' | 'blocked'; role?: 'admin' | 'user' } = {},
): Promise<number> {
  const { rows } = await store.query<{ id: number }>(
    `INSERT INTO users (name, role, status, created_at) VALUES ($1, $2, $3, now()) RETURNING id`,
    [overrides.name ?? `user-${++counter}`, overrides.role ?? 'user', overrides.status ?? 'active'],
  );
  return rows[0]!.id;
}

/** Inserts an id token (defaults: Accepted, no expiry, a fresh active user) and returns the token. */
export async function aToken(
  store: Store,
  overrides: { token?: string; userId?: number | null; status?: string; expiresAtMs?: number } = {},
): Promise<string> {
  const token = overrides.token ?? `TAG${String(++counter).padStart(5, '0')}`;
  const userId = overrides.userId === undefined ? await aUser(store) : overrides.userId;
  await store.query(
    `INSERT INTO id_tokens (token, user_id, status, expires_at, created_at) VALUES ($1, $2, $3, $4, now())`,
    [
      token,
      userId,
      overrides.status ?? 'Accepted',
      overrides.expiresAtMs === undefined ? null : new Date(overrides.expiresAtMs),
    ],
  );
  return token;
}

/** A 1.6-style start on connector 1 at 2025-01-01T10:00Z with meterStart 0 unless overridden. */
export function aStart(stationId: string, overrides: Partial<StartInput> = {}): StartInput {
  return {
    stationId,
    version: '1.6',
    evseId: 1,
    connectorId: 1,
    idTag: 'TAG1',
    meterStartWh: 0,
    startedAtMs: Date.parse('2025-01-01T10:00:00Z'),
    ...overrides,
  };
}
