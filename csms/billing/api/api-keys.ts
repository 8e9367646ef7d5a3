import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../store/store.js';
import type { UserRole } from '../billing-users.js';

/** Who a request acts for: an operator (no user), or a user with their role. */
export interface Principal {
  readonly role: UserRole;
  /** Null for an operator key (the bootstrap admin key). */
  readonly userId: number | null;
}

/** The stored form of a key: its sha256, hex. Keys themselves are never stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A new random API key (`ohk_` + 32 hex digits). Keys are secrets, never part of a frame, so they
 * come from the operating system's generator rather than the run's seeded stream.
 */
export function newApiKey(): string {
  return `ohk_${randomBytes(16).toString('hex')}`;
}

/** Issues a key for a user (their current role applies at every request) or an operator (admin). */
export async function issueApiKey(
  q: Queryable,
  owner: { userId: number; role: UserRole } | { operator: true },
  nowMs: number,
  label?: string,
): Promise<string> {
  const key = newApiKey();
  await q.query(
    'INSERT INTO api_keys (key_hash, user_id, role, label, created_at) VALUES ($1, $2, $3, $4, $5)',
    [
      hashApiKey(key),
      'operator' in owner ? null : owner.userId,
      'operator' in owner ? 'admin' : owner.role,
      label ?? null,
      new Date(nowMs),
    ],
  );
  return key;
}

/**
 * The principal of a key, or undefined when the key is unknown or revoked. A user key takes the
 * user's current role; a blocked user's keys stop working.
 */
export async function principalOf(q: Queryable, key: string): Promise<Principal | 'blocked' | undefined> {
  const { rows } = await q.query<{
    user_id: number | null;
    key_role: UserRole;
    user_role: UserRole | null;
    status: string | null;
  }>(
    `SELECT k.user_id, k.role AS key_role, u.role AS user_role, u.status
     FROM api_keys k LEFT JOIN users u ON u.id = k.user_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [hashApiKey(key)],
  );
  const r = rows[0];
  if (r === undefined) return undefined;
  if (r.user_id === null) return { role: r.key_role, userId: null };
  if (r.status === 'blocked') return 'blocked';
  return { role: r.user_role ?? 'user', userId: r.user_id };
}

/** Outcome of {@link ensureAdminKey}. */
export interface AdminKeyOutcome {
  /** The key, when this call created or registered it (print it once); undefined otherwise. */
  readonly key: string | undefined;
  readonly created: boolean;
}

/**
 * Makes sure an operator can reach the API. With `key` (e.g. from the environment) that key is
 * registered as an operator key if it is not yet. Without, a key is created only when no operator
 * key exists, and returned so the caller can print it once.
 */
export async function ensureAdminKey(q: Queryable, nowMs: number, key?: string): Promise<AdminKeyOutcome> {
  if (key !== undefined) {
    if (key.length < 16) throw new Error('the admin API key must be at least 16 characters long');
    const { rowCount } = await q.query(
      `INSERT INTO api_keys (key_hash, user_id, role, label, created_at) VALUES ($1, NULL, 'admin', 'configured', $2)
       ON CONFLICT (key_hash) DO NOTHING`,
      [hashApiKey(key), new Date(nowMs)],
    );
    return { key: rowCount > 0 ? key : undefined, created: rowCount > 0 };
  }
  const existing = await q.query(
    'SELECT 1 FROM api_keys WHERE user_id IS NULL AND role = $1 AND revoked_at IS NULL LIMIT 1',
    ['admin'],
  );
  if (existing.rowCount > 0) return { key: undefined, created: false };
  return { key: await issueApiKey(q, { operator: true }, nowMs, 'bootstrap'), created: true };
}
