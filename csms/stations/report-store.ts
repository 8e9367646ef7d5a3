import type { Store } from '../store/store.js';

/** One part of a 2.0.1 device-model report (NotifyReport). */
export interface ReportPart {
  readonly stationId: string;
  readonly requestId: number;
  readonly seqNo: number;
  readonly tbc: boolean;
  readonly generatedAtMs: number;
  readonly reportData: readonly unknown[];
}

/** Stores NotifyReport parts and reads a whole report back. */
export class ReportStore {
  constructor(private readonly store: Store) {}

  /** Stores one part. */
  async add(part: ReportPart, receivedAtMs: number): Promise<void> {
    await this.store.query(
      `INSERT INTO station_reports (station_id, request_id, seq_no, tbc, generated_at, report_data, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        part.stationId,
        part.requestId,
        part.seqNo,
        part.tbc,
        new Date(part.generatedAtMs),
        JSON.stringify(part.reportData),
        new Date(receivedAtMs),
      ],
    );
  }

  /** Every reportData entry of a report, in part order. */
  async report(stationId: string, requestId: number): Promise<unknown[]> {
    const { rows } = await this.store.query<{ report_data: unknown[] | null }>(
      `SELECT report_data FROM station_reports WHERE station_id = $1 AND request_id = $2 ORDER BY seq_no, id`,
      [stationId, requestId],
    );
    return rows.flatMap((r) => r.report_data ?? []);
  }
}
