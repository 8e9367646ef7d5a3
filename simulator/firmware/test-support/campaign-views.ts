/** A station as `GET /api/firmware/campaigns/{id}` shows it. */
export interface StationView {
  stationId: string;
  wave: number;
  canary: boolean;
  state: string;
  attempts: number;
  note: string | null;
  path: { at: string; state: string; status?: string; note?: string }[];
}

/** `GET /api/firmware/campaigns/{id}`. */
export interface CampaignReport {
  id: number;
  status: string;
  haltedReason: string | null;
  progress: { total: number; installed: number; failed: number; byState: Record<string, number> };
  stations: StationView[];
}

/** A station's path as words: the status (or note, or state) of each step. */
export function pathOf(s: StationView): string[] {
  return s.path.map((p) => p.status ?? p.note ?? p.state);
}
