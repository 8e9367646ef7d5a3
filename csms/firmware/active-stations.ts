import type { CampaignStore } from './campaign-store.js';

/**
 * Which stations are in a campaign that is not COMPLETED, kept in memory so that a station in
 * none costs no query when it connects or boots: a boot storm of thousands of stations would
 * otherwise queue two campaign lookups per station on the database. Until the first
 * {@link reload}, every station counts as possibly in a campaign.
 */
export class ActiveCampaignStations {
  readonly #campaigns: CampaignStore;
  #stations: Set<string> | undefined;

  constructor(campaigns: CampaignStore) {
    this.#campaigns = campaigns;
  }

  /** Reads the set from the database (at start, and when a campaign completes). */
  async reload(): Promise<void> {
    this.#stations = new Set(await this.#campaigns.stationsOfUnfinished());
  }

  /** Adds the stations of a campaign that was created or has started again. */
  add(stationIds: Iterable<string>): void {
    if (this.#stations === undefined) return;
    for (const id of stationIds) this.#stations.add(id);
  }

  /** False only when the station is known to be in no unfinished campaign. */
  mayHave(stationId: string): boolean {
    return this.#stations?.has(stationId) ?? true;
  }
}
