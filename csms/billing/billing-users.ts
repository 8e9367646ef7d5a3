import type { Rng } from '../../common/rng.js';
import type { Queryable, Store } from '../store/store.js';
import { BillingError } from './billing-error.js';
import type { CurrencyCode, MoneyError } from './money.js';
import { DEFAULT_CURRENCY, currencyCode } from './money.js';
import type { Wallet } from './wallet-ledger.js';
import { openWallet } from './wallet-ledger.js';

/** A user's role: an admin sees everyone's data, a user only their own. */
export type UserRole = 'admin' | 'user';
/** A blocked user's token is refused at Authorize and Start. */
export type UserStatus = 'active' | 'blocked';

/** A user as billing sees it: identity, role, status, token and wallet. */
export interface BillingUser {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly role: UserRole;
  readonly status: UserStatus;
  /** The "virtual RFID": the idTag (1.6) / idToken (2.0.1) the CSMS uses in RemoteStart and matches on Start. */
  readonly token: string | null;
  readonly wallet: Wallet | null;
}

/** Fields of a new user. */
export interface NewUserInput {
  name: string;
  email?: string | null;
  role?: UserRole;
  status?: UserStatus;
  /** The virtual RFID; generated when absent. At most 20 characters (the 1.6 idTag limit). */
  token?: string;
  currency?: CurrencyCode;
  allowNegativeBalance?: boolean;
}

const TOKEN_PATTERN = /^[A-Za-z0-9._:-]{1,20}$/;

/** Checks a client's user fields; the message names the field to change. */
export function checkNewUser(input: unknown): NewUserInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BillingError('bad_request', 'body must be a JSON object such as {"name": "Asha"}');
  }
  const o = input as Record<string, unknown>;
  const known = new Set(['name', 'email', 'role', 'status', 'token', 'currency', 'allowNegativeBalance']);
  for (const k of Object.keys(o)) {
    if (!known.has(k))
      throw new BillingError('bad_request', `unknown field "${k}": allowed are ${[...known].join(', ')}`);
  }
  if (typeof o['name'] !== 'string' || o['name'].trim() === '') {
    throw new BillingError('bad_request', 'name is required: give the user a non-empty name');
  }
  const optionalString = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new BillingError('bad_request', `${k} must be a string`);
    return v;
  };
  const role = optionalString('role');
  if (role !== undefined && role !== 'admin' && role !== 'user') {
    throw new BillingError('bad_request', `role must be "admin" or "user", got "${role}"`);
  }
  const status = optionalString('status');
  if (status !== undefined && status !== 'active' && status !== 'blocked') {
    throw new BillingError('bad_request', `status must be "active" or "blocked", got "${status}"`);
  }
  const token = optionalString('token');
  if (token !== undefined && !TOKEN_PATTERN.test(token)) {
    throw new BillingError('bad_request', 'token must be 1-20 characters of letters, digits and . _ : -');
  }
  const currency = optionalString('currency');
  let code: string | undefined;
  try {
    code = currency === undefined ? undefined : currencyCode(currency);
  } catch (e) {
    throw new BillingError('bad_request', (e as MoneyError).message);
  }
  const allow = o['allowNegativeBalance'];
  if (allow !== undefined && typeof allow !== 'boolean') {
    throw new BillingError('bad_request', 'allowNegativeBalance must be true or false');
  }
  const email = optionalString('email');
  return {
    name: o['name'].trim(),
    ...(email === undefined ? {} : { email }),
    ...(role === undefined ? {} : { role }),
    ...(status === undefined ? {} : { status }),
    ...(token === undefined ? {} : { token }),
    ...(code === undefined ? {} : { currency: code }),
    ...(allow === undefined ? {} : { allowNegativeBalance: allow }),
  };
}

/** A fresh virtual RFID: 16 upper-case hex digits drawn from the seeded stream. */
export function drawToken(rng: Rng): string {
  const hex = (): string => rng.uint32().toString(16).toUpperCase().padStart(8, '0');
  return `${hex()}${hex()}`;
}

/**
 * Creates a user with their token and an empty wallet in one database transaction. A generated
 * token that is already taken is drawn again.
 */
export async function createUser(
  store: Store,
  input: NewUserInput,
  rng: Rng,
  nowMs: number,
): Promise<BillingUser> {
  const at = new Date(nowMs);
  return store.transaction(async (tx) => {
    if (input.email !== undefined && input.email !== null) {
      const taken = await tx.query('SELECT 1 FROM users WHERE email = $1', [input.email]);
      if (taken.rowCount > 0)
        throw new BillingError('conflict', `email ${input.email} belongs to another user`);
    }
    let token = input.token;
    if (token !== undefined) {
      const taken = await tx.query('SELECT 1 FROM id_tokens WHERE token = $1', [token]);
      if (taken.rowCount > 0) {
        throw new BillingError(
          'conflict',
          `token ${token} belongs to another user: choose another or leave it out`,
        );
      }
    } else {
      for (;;) {
        token = drawToken(rng);
        const taken = await tx.query('SELECT 1 FROM id_tokens WHERE token = $1', [token]);
        if (taken.rowCount === 0) break;
      }
    }
    const { rows } = await tx.query<{ id: number }>(
      'INSERT INTO users (name, email, role, status, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [input.name, input.email ?? null, input.role ?? 'user', input.status ?? 'active', at],
    );
    const id = rows[0]!.id;
    await tx.query(
      `INSERT INTO id_tokens (token, token_type, user_id, status, created_at) VALUES ($1, 'Central', $2, $3, $4)`,
      [token, id, input.status === 'blocked' ? 'Blocked' : 'Accepted', at],
    );
    await openWallet(tx, id, {
      currency: input.currency ?? DEFAULT_CURRENCY,
      allowNegative: input.allowNegativeBalance ?? false,
      nowMs,
    });
    const user = await findUser(tx, id);
    return user!;
  });
}

interface UserRow {
  id: number;
  name: string;
  email: string | null;
  role: UserRole;
  status: UserStatus;
  token: string | null;
  currency: string | null;
  balance_minor: number | null;
  allow_negative: boolean | null;
}

const USER_SELECT = `
  SELECT u.id, u.name, u.email, u.role, u.status,
         (SELECT t.token FROM id_tokens t WHERE t.user_id = u.id ORDER BY t.created_at, t.token LIMIT 1) AS token,
         w.currency, w.balance_minor, w.allow_negative
  FROM users u LEFT JOIN wallets w ON w.user_id = u.id`;

function toUser(r: UserRow): BillingUser {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    status: r.status,
    token: r.token,
    wallet:
      r.currency === null
        ? null
        : {
            userId: r.id,
            currency: r.currency,
            balanceMinor: r.balance_minor!,
            allowNegative: r.allow_negative!,
          },
  };
}

/** One user, or undefined. */
export async function findUser(q: Queryable, id: number): Promise<BillingUser | undefined> {
  const { rows } = await q.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return rows[0] === undefined ? undefined : toUser(rows[0]);
}

/** Every user, by id. */
export async function listUsers(q: Queryable): Promise<BillingUser[]> {
  const { rows } = await q.query<UserRow>(`${USER_SELECT} ORDER BY u.id`);
  return rows.map(toUser);
}
