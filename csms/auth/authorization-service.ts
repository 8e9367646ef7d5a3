import type { Queryable } from '../store/store.js';

/** The verdict on an id token, version-neutral (1.6 statuses; 2.0.1 adds `Unknown`). */
export type IdTokenStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'Unknown';

/** What Authorize (and a transaction start) answers about an id token. */
export interface IdTokenDecision {
  readonly status: IdTokenStatus;
  /** When the token stops being valid, epoch ms. */
  readonly expiresAtMs?: number;
  readonly parentIdTag?: string;
  readonly userId?: number;
}

interface TokenRow {
  status: string;
  expires_at: Date | null;
  parent_id_tag: string | null;
  user_id: number | null;
  user_status: string | null;
}

/** Options for {@link AuthorizationService}. */
export interface AuthorizationOptions {
  /**
   * How to answer a token nobody registered. Default `Invalid` (1.6 has nothing closer); 2.0.1
   * callers pass `Unknown`.
   */
  readonly unknownStatus?: IdTokenStatus;
}

/**
 * Checks id tokens (RFID cards, app tokens) against the users' tokens in the store: the token's
 * own status, its expiry, and its user's status. An unknown token is refused.
 */
export class AuthorizationService {
  constructor(private readonly db: Queryable) {}

  /** Decides on `idTag` at `nowMs`. */
  async check(idTag: string, nowMs: number, options: AuthorizationOptions = {}): Promise<IdTokenDecision> {
    const { rows } = await this.db.query<TokenRow>(
      `SELECT t.status, t.expires_at, t.parent_id_tag, t.user_id, u.status AS user_status
         FROM id_tokens t LEFT JOIN users u ON u.id = t.user_id
        WHERE t.token = $1`,
      [idTag],
    );
    const row = rows[0];
    if (row === undefined) return { status: options.unknownStatus ?? 'Invalid' };
    const extra = {
      ...(row.expires_at === null ? {} : { expiresAtMs: row.expires_at.getTime() }),
      ...(row.parent_id_tag === null ? {} : { parentIdTag: row.parent_id_tag }),
      ...(row.user_id === null ? {} : { userId: row.user_id }),
    };
    if (row.status !== 'Accepted') return { status: row.status as IdTokenStatus, ...extra };
    if (row.user_status === 'blocked') return { status: 'Blocked', ...extra };
    if (row.expires_at !== null && row.expires_at.getTime() <= nowMs) return { status: 'Expired', ...extra };
    return { status: 'Accepted', ...extra };
  }
}
