/** One EVSE asking for a share of a station-wide limit. */
export interface ShareRequest {
  evseId: number;
  /** Its own cap (EVSE limit from its profiles and rating), A per phase. */
  capA: number;
  /** What its EV would draw now (acceptance), A per phase. */
  demandA: number;
}

/**
 * Shares a station-wide current (per phase) between EVSEs charging at once, by water-filling:
 * every EVSE gets an equal share, and what one cannot use (capped by its own limit or its EV's
 * demand) goes to the others. The shares never add up to more than `stationA`.
 */
export function shareStationLimit(stationA: number, requests: readonly ShareRequest[]): Map<number, number> {
  const out = new Map<number, number>();
  const wants = requests
    .map((r) => ({ evseId: r.evseId, want: Math.max(0, Math.min(r.capA, r.demandA)) }))
    .sort((a, b) => a.want - b.want || a.evseId - b.evseId);
  let remaining = Math.max(0, stationA);
  wants.forEach((w, i) => {
    const share = remaining / (wants.length - i);
    const given = Math.min(w.want, share);
    out.set(w.evseId, given);
    remaining -= given;
  });
  return out;
}
