import type { Campaign, CampaignStation, FirmwareImage, StationFirmwareState } from '../firmware-types.js';
import { isFailed } from '../firmware-types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The image as the API shows it. */
export function imageView(image: FirmwareImage, baseUrl: string, path: string): Record<string, unknown> {
  return {
    id: image.id,
    version: image.version,
    fileName: image.fileName,
    sizeBytes: image.sizeBytes,
    sha256: image.sha256,
    signed: image.signature !== null,
    url: `${baseUrl}${path}`,
    createdAt: iso(image.createdAtMs),
  };
}

/** A campaign without its stations. */
export function campaignSummary(c: Campaign): Record<string, unknown> {
  return {
    id: c.id,
    firmwareId: c.firmwareId,
    status: c.status,
    haltedReason: c.haltedReason,
    startAt: iso(c.startAtMs),
    canaryCount: c.canaryCount,
    waveSize: c.waveSize,
    maxFailureShare: c.maxFailureShare,
    retries: c.retries,
    retryIntervalS: c.retryIntervalS,
    target: c.target,
    createdAt: iso(c.createdAtMs),
    updatedAt: iso(c.updatedAtMs),
  };
}

/** One station's progress and path with times. */
export function stationView(r: CampaignStation): Record<string, unknown> {
  return {
    stationId: r.stationId,
    wave: r.wave,
    canary: r.wave === 0,
    state: r.state,
    attempts: r.attempts,
    requestId: r.requestId,
    waitingForStation: r.awaitingSend && r.dispatchedAtMs !== null,
    note: r.note,
    path: r.path.map((p) => ({
      at: iso(p.atMs),
      state: p.state,
      ...(p.status === undefined ? {} : { status: p.status }),
      ...(p.note === undefined ? {} : { note: p.note }),
    })),
  };
}

const STATES: readonly StationFirmwareState[] = [
  'PENDING',
  'DOWNLOADING',
  'DOWNLOADED',
  'INSTALLING',
  'INSTALLED',
  'DOWNLOAD_FAILED',
  'INSTALLATION_FAILED',
];

/** `GET /api/firmware/campaigns/{id}`: settings, counts by state, and every station's path. */
export function campaignReport(
  c: Campaign,
  image: Record<string, unknown> | undefined,
  rows: readonly CampaignStation[],
): Record<string, unknown> {
  const counts = Object.fromEntries(STATES.map((s) => [s, rows.filter((r) => r.state === s).length]));
  const failed = rows.filter((r) => isFailed(r.state)).length;
  return {
    ...campaignSummary(c),
    firmware: image ?? null,
    progress: {
      total: rows.length,
      installed: counts['INSTALLED'],
      failed,
      failedShare: rows.length === 0 ? 0 : failed / rows.length,
      byState: counts,
    },
    stations: rows.map(stationView),
  };
}
