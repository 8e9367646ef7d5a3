import type { Store } from '../store/store.js';

/** A user who charges with one or more id tokens. */
export interface UserRecord {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly role: 'admin' | 'user';
  readonly status: 'active' | 'blocked';
  readonly createdAtMs: number;
}

/** An id token (RFID card, app token) and its standing. */
export interface IdTokenRecord {
  readonly token: string;
  readonly tokenType: string;
  readonly userId: number | null;
  readonly status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
  readonly expiresAtMs: number | null;
  readonly parentIdTag: string | null;
}

/** Token statuses an administrator may set. */
export const TOKEN_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'] as const;

interface UserRow {
  id: number;
  name: string;
  email: string | null;
  role: 'admin' | 'user';
  status: 'active' | 'blocked';
  created_at: Date;
}

interface TokenRow {
  token: string;
  token_type: string;
  user_id: number | null;
  status: IdTokenRecord['status'];
  expires_at: Date | null;
  parent_id_tag: string | null;
}

const userOf = (r: UserRow): UserRecord => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  status: r.status,
  createdAtMs: r.created_at.getTime(),
});

const tokenOf = (r: TokenRow): IdTokenRecord => ({
  token: r.token,
  tokenType: r.token_type,
  userId: r.user_id,
  status: r.status,
  expiresAtMs: r.expires_at === null ? null : r.expires_at.getTime(),
  parentIdTag: r.parent_id_tag,
});

/** Users and their id tokens in the store. */
export class UserStore {
  constructor(private readonly store: Store) {}

  /** Creates a user. */
  async createUser(
    user: { name: string; email?: string; role?: 'admin' | 'user'; status?: 'active' | 'blocked' },
    nowMs: number,
  ): Promise<UserRecord> {
    const { rows } = await this.store.query<UserRow>(
      `INSERT INTO users (name, email, role, status, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, email, role, status, created_at`,
      [user.name, user.email ?? null, user.role ?? 'user', user.status ?? 'active', new Date(nowMs)],
    );
    return userOf(rows[0]!);
  }

  /** Every user, by id. */
  async listUsers(): Promise<UserRecord[]> {
    const { rows } = await this.store.query<UserRow>(
      'SELECT id, name, email, role, status, created_at FROM users ORDER BY id',
    );
    return rows.map(userOf);
  }

  /** A user by id. */
  async getUser(id: number): Promise<UserRecord | undefined> {
    const { rows } = await this.store.query<UserRow>(
      'SELECT id, name, email, role, status, created_at FROM users WHERE id = $1',
      [id],
    );
    return rows[0] === undefined ? undefined : userOf(rows[0]);
  }

  /** Adds a token; false when the token already exists. */
  async addToken(
    token: {
      token: string;
      userId?: number | null;
      tokenType?: string;
      status?: IdTokenRecord['status'];
      expiresAtMs?: number | null;
      parentIdTag?: string | null;
    },
    nowMs: number,
  ): Promise<IdTokenRecord | undefined> {
    const { rows } = await this.store.query<TokenRow>(
      `INSERT INTO id_tokens (token, token_type, user_id, status, expires_at, parent_id_tag, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token) DO NOTHING
       RETURNING token, token_type, user_id, status, expires_at, parent_id_tag`,
      [
        token.token,
        token.tokenType ?? 'ISO14443',
        token.userId ?? null,
        token.status ?? 'Accepted',
        token.expiresAtMs === undefined || token.expiresAtMs === null ? null : new Date(token.expiresAtMs),
        token.parentIdTag ?? null,
        new Date(nowMs),
      ],
    );
    return rows[0] === undefined ? undefined : tokenOf(rows[0]);
  }

  /** Changes a token's status and/or expiry; undefined when there is no such token. */
  async updateToken(
    token: string,
    change: { status?: IdTokenRecord['status']; expiresAtMs?: number | null },
  ): Promise<IdTokenRecord | undefined> {
    const { rows } = await this.store.query<TokenRow>(
      `UPDATE id_tokens SET status = COALESCE($2, status),
              expires_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE expires_at END
        WHERE token = $1 RETURNING token, token_type, user_id, status, expires_at, parent_id_tag`,
      [
        token,
        change.status ?? null,
        change.expiresAtMs !== undefined,
        change.expiresAtMs === undefined || change.expiresAtMs === null ? null : new Date(change.expiresAtMs),
      ],
    );
    return rows[0] === undefined ? undefined : tokenOf(rows[0]);
  }

  /** Every token (optionally of one user), by token. */
  async listTokens(userId?: number): Promise<IdTokenRecord[]> {
    const { rows } = await this.store.query<TokenRow>(
      `SELECT token, token_type, user_id, status, expires_at, parent_id_tag FROM id_tokens
        WHERE ($1::integer IS NULL OR user_id = $1) ORDER BY token`,
      [userId ?? null],
    );
    return rows.map(tokenOf);
  }
}
