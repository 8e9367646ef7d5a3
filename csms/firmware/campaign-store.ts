import type { Queryable } from '../store/store.js';
import type {
  Campaign,
  CampaignStation,
  CampaignStatus,
  PathStep,
  StationFilter,
  StationFirmwareState,
} from './firmware-types.js';

interface CampaignRow {
  id: number;
  firmware_id: number;
  status: string;
  halted_reason: string | null;
  start_at: Date;
  canary_count: number;
  wave_size: number;
  max_failure_share: number;
  retries: number;
  retry_interval_s: number;
  target: Campaign['target'];
  created_at: Date;
  updated_at: Date;
}

interface StationRow {
  campaign_id: number;
  station_id: string;
  position: number;
  wave: number;
  state: string;
  request_id: number | null;
  attempts: number;
  dispatched_at: Date | null;
  awaiting_send: boolean;
  awaiting_boot: boolean;
  note: string | null;
  path: PathStep[];
  updated_at: Date;
}

function campaignFromRow(r: CampaignRow): Campaign {
  return {
    id: r.id,
    firmwareId: r.firmware_id,
    status: r.status as CampaignStatus,
    haltedReason: r.halted_reason,
    startAtMs: r.start_at.getTime(),
    canaryCount: r.canary_count,
    waveSize: r.wave_size,
    maxFailureShare: Number(r.max_failure_share),
    retries: r.retries,
    retryIntervalS: r.retry_interval_s,
    target: r.target,
    createdAtMs: r.created_at.getTime(),
    updatedAtMs: r.updated_at.getTime(),
  };
}

function stationFromRow(r: StationRow): CampaignStation {
  return {
    campaignId: r.campaign_id,
    stationId: r.station_id,
    position: r.position,
    wave: r.wave,
    state: r.state as StationFirmwareState,
    requestId: r.request_id,
    attempts: r.attempts,
    dispatchedAtMs: r.dispatched_at?.getTime() ?? null,
    awaitingSend: r.awaiting_send,
    awaitingBoot: r.awaiting_boot,
    note: r.note,
    path: r.path,
    updatedAtMs: r.updated_at.getTime(),
  };
}

/** What a new campaign is made of (targets already resolved, in dispatch order). */
export interface NewCampaign {
  readonly firmwareId: number;
  readonly startAtMs: number;
  readonly canaryCount: number;
  readonly waveSize: number;
  readonly maxFailureShare: number;
  readonly retries: number;
  readonly retryIntervalS: number;
  readonly target: { stations: string[] } | { filter: StationFilter };
  readonly stationIds: readonly string[];
}

/** Fields of a campaign station an update may change. */
export interface StationChange {
  readonly state?: StationFirmwareState;
  readonly requestId?: number | null;
  readonly attempts?: number;
  readonly dispatchedAtMs?: number | null;
  readonly awaitingSend?: boolean;
  readonly awaitingBoot?: boolean;
  readonly note?: string | null;
  /** Appended to the path. */
  readonly step?: PathStep;
}

/** Wave of the station at `position`: 0 for the canary, then groups of `waveSize`. */
export function waveOf(position: number, canaryCount: number, waveSize: number): number {
  return position < canaryCount ? 0 : 1 + Math.floor((position - canaryCount) / waveSize);
}

/** Campaigns and their stations in the database. */
export class CampaignStore {
  constructor(private readonly db: Queryable) {}

  /** Inserts a campaign (SCHEDULED) and its stations (PENDING). */
  async create(c: NewCampaign, nowMs: number): Promise<Campaign> {
    const now = new Date(nowMs);
    const id = (await this.db.query<{ id: number }>("SELECT nextval('firmware_campaign_seq')::int AS id"))
      .rows[0]!.id;
    const r = await this.db.query<CampaignRow>(
      `INSERT INTO firmware_campaigns (id, firmware_id, status, start_at, canary_count, wave_size,
         max_failure_share, retries, retry_interval_s, target, created_at, updated_at)
       VALUES ($1, $2, 'SCHEDULED', $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *`,
      [
        id,
        c.firmwareId,
        new Date(c.startAtMs),
        c.canaryCount,
        c.waveSize,
        c.maxFailureShare,
        c.retries,
        c.retryIntervalS,
        JSON.stringify(c.target),
        now,
      ],
    );
    for (const [position, stationId] of c.stationIds.entries()) {
      await this.db.query(
        `INSERT INTO firmware_campaign_stations (campaign_id, station_id, position, wave, state, path, updated_at)
         VALUES ($1, $2, $3, $4, 'PENDING', $5, $6)`,
        [
          id,
          stationId,
          position,
          waveOf(position, c.canaryCount, c.waveSize),
          JSON.stringify([{ atMs: nowMs, state: 'PENDING', note: 'campaign created' }]),
          now,
        ],
      );
    }
    return campaignFromRow(r.rows[0]!);
  }

  /** A campaign by id. */
  async get(id: number): Promise<Campaign | undefined> {
    const r = await this.db.query<CampaignRow>('SELECT * FROM firmware_campaigns WHERE id = $1', [id]);
    return r.rows[0] === undefined ? undefined : campaignFromRow(r.rows[0]);
  }

  /** Every campaign, newest first. */
  async list(): Promise<Campaign[]> {
    const r = await this.db.query<CampaignRow>('SELECT * FROM firmware_campaigns ORDER BY id DESC');
    return r.rows.map(campaignFromRow);
  }

  /** Campaigns still running or waiting to start (not COMPLETED). */
  async unfinished(): Promise<Campaign[]> {
    const r = await this.db.query<CampaignRow>(
      "SELECT * FROM firmware_campaigns WHERE status <> 'COMPLETED' ORDER BY id",
    );
    return r.rows.map(campaignFromRow);
  }

  /** The stations with a row in a campaign that is not COMPLETED. */
  async stationsOfUnfinished(): Promise<string[]> {
    const r = await this.db.query<{ station_id: string }>(
      `SELECT DISTINCT s.station_id FROM firmware_campaign_stations s
       JOIN firmware_campaigns c ON c.id = s.campaign_id WHERE c.status <> 'COMPLETED'`,
    );
    return r.rows.map((row) => row.station_id);
  }

  /** Sets a campaign's status (and why it halted). */
  async setStatus(
    id: number,
    status: CampaignStatus,
    haltedReason: string | null,
    nowMs: number,
  ): Promise<void> {
    await this.db.query(
      'UPDATE firmware_campaigns SET status = $2, halted_reason = $3, updated_at = $4 WHERE id = $1',
      [id, status, haltedReason, new Date(nowMs)],
    );
  }

  /** The stations of a campaign in dispatch order. */
  async stations(campaignId: number): Promise<CampaignStation[]> {
    const r = await this.db.query<StationRow>(
      'SELECT * FROM firmware_campaign_stations WHERE campaign_id = $1 ORDER BY position',
      [campaignId],
    );
    return r.rows.map(stationFromRow);
  }

  /** The rows of a station in campaigns that are not COMPLETED, newest campaign first. */
  async activeRowsOf(stationId: string): Promise<CampaignStation[]> {
    const r = await this.db.query<StationRow>(
      `SELECT s.* FROM firmware_campaign_stations s JOIN firmware_campaigns c ON c.id = s.campaign_id
       WHERE s.station_id = $1 AND c.status <> 'COMPLETED' ORDER BY s.campaign_id DESC`,
      [stationId],
    );
    return r.rows.map(stationFromRow);
  }

  /** Every row of a station, newest campaign first. */
  async rowsOf(stationId: string): Promise<CampaignStation[]> {
    const r = await this.db.query<StationRow>(
      'SELECT * FROM firmware_campaign_stations WHERE station_id = $1 ORDER BY campaign_id DESC',
      [stationId],
    );
    return r.rows.map(stationFromRow);
  }

  /** Applies a change to one campaign station and returns the row as it is now. */
  async update(
    campaignId: number,
    stationId: string,
    change: StationChange,
    nowMs: number,
  ): Promise<CampaignStation> {
    const sets: string[] = ['updated_at = $3'];
    const params: unknown[] = [campaignId, stationId, new Date(nowMs)];
    const set = (column: string, value: unknown): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.state !== undefined) set('state', change.state);
    if (change.requestId !== undefined) set('request_id', change.requestId);
    if (change.attempts !== undefined) set('attempts', change.attempts);
    if (change.dispatchedAtMs !== undefined)
      set('dispatched_at', change.dispatchedAtMs === null ? null : new Date(change.dispatchedAtMs));
    if (change.awaitingSend !== undefined) set('awaiting_send', change.awaitingSend);
    if (change.awaitingBoot !== undefined) set('awaiting_boot', change.awaitingBoot);
    if (change.note !== undefined) set('note', change.note);
    if (change.step !== undefined) {
      params.push(JSON.stringify([change.step]));
      sets.push(`path = path || $${params.length}::jsonb`);
    }
    const r = await this.db.query<StationRow>(
      `UPDATE firmware_campaign_stations SET ${sets.join(', ')}
       WHERE campaign_id = $1 AND station_id = $2 RETURNING *`,
      params,
    );
    const row = r.rows[0];
    if (row === undefined) throw new Error(`station ${stationId} is not in campaign ${campaignId}`);
    return stationFromRow(row);
  }

  /** A fresh requestId for an UpdateFirmware. */
  async nextRequestId(): Promise<number> {
    return (await this.db.query<{ id: number }>("SELECT nextval('firmware_request_seq')::int AS id")).rows[0]!
      .id;
  }
}
