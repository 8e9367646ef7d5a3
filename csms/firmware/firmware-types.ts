/** An uploaded firmware image, without its bytes. Times are epoch ms. */
export interface FirmwareImage {
  readonly id: number;
  readonly version: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** Lower-case hex SHA-256 of the bytes. */
  readonly sha256: string;
  /** Base64 signature over the bytes (SHA-256 digest), when signed. */
  readonly signature: string | null;
  /** PEM certificate (or public key) that verifies the signature. */
  readonly signingCertificate: string | null;
  readonly createdAtMs: number;
}

/** Per-station progress of a campaign. */
export type StationFirmwareState =
  | 'PENDING'
  | 'DOWNLOADING'
  | 'DOWNLOADED'
  | 'INSTALLING'
  | 'INSTALLED'
  | 'DOWNLOAD_FAILED'
  | 'INSTALLATION_FAILED';

/** States a station does not leave unless an operator retries it. */
export const TERMINAL_STATES: readonly StationFirmwareState[] = [
  'INSTALLED',
  'DOWNLOAD_FAILED',
  'INSTALLATION_FAILED',
];

/** True for the two failed states. */
export function isFailed(state: StationFirmwareState): boolean {
  return state === 'DOWNLOAD_FAILED' || state === 'INSTALLATION_FAILED';
}

/** True for a state the station stays in until retried. */
export function isTerminal(state: StationFirmwareState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Where a campaign is. */
export type CampaignStatus = 'SCHEDULED' | 'CANARY' | 'ROLLING_OUT' | 'HALTED' | 'COMPLETED';

/** One step of a station's path through a campaign. */
export interface PathStep {
  readonly atMs: number;
  readonly state: StationFirmwareState;
  /** The station's FirmwareStatus (or the CSMS's action) that caused the step. */
  readonly status?: string;
  readonly note?: string;
}

/** Which stations a campaign targets when no list is given. */
export interface StationFilter {
  /** OCPP version the station speaks. */
  readonly ocppVersion?: '1.6' | '2.0.1';
  readonly vendor?: string;
  readonly model?: string;
  /** Only stations whose reported firmware version differs from this (usually the new one). */
  readonly firmwareVersionNot?: string;
}

/** A campaign's settings and status. */
export interface Campaign {
  readonly id: number;
  readonly firmwareId: number;
  readonly status: CampaignStatus;
  readonly haltedReason: string | null;
  readonly startAtMs: number;
  /** Stations updated first; the rest wait until every one of them has Installed. */
  readonly canaryCount: number;
  /** Stations dispatched together after the canary; the next wave waits for this one to finish. */
  readonly waveSize: number;
  /** Halt when more than this share (0..1) of the targets has failed. */
  readonly maxFailureShare: number;
  /** Download attempts the station makes after the first (UpdateFirmware retries). */
  readonly retries: number;
  /** Seconds between download attempts (UpdateFirmware retryInterval). */
  readonly retryIntervalS: number;
  readonly target: { stations: string[] } | { filter: StationFilter };
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** One target station of a campaign. */
export interface CampaignStation {
  readonly campaignId: number;
  readonly stationId: string;
  readonly position: number;
  /** 0 is the canary. */
  readonly wave: number;
  readonly state: StationFirmwareState;
  readonly requestId: number | null;
  /** UpdateFirmware commands sent so far (1 + retries by the operator). */
  readonly attempts: number;
  readonly dispatchedAtMs: number | null;
  /** The command waits for the station to come online. */
  readonly awaitingSend: boolean;
  /** Installed reported; the next BootNotification must show the new version. */
  readonly awaitingBoot: boolean;
  readonly note: string | null;
  readonly path: readonly PathStep[];
  readonly updatedAtMs: number;
}
