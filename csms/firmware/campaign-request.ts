import type { StationFilter } from './firmware-types.js';

/** What an operator asks for when creating a campaign. */
export interface CampaignRequest {
  readonly firmwareId: number;
  /** Target stations in dispatch order (the first `canaryCount` are the canary)... */
  readonly stations?: readonly string[];
  /** ...or a filter over the registered stations (ordered by id). */
  readonly filter?: StationFilter;
  readonly startAtMs?: number;
  readonly canaryCount?: number;
  readonly waveSize?: number;
  readonly maxFailureShare?: number;
  readonly retries?: number;
  readonly retryIntervalS?: number;
}
