import type { CampaignRequest } from '../campaign-request.js';
import { FirmwareError } from '../firmware-error.js';
import type { StationFilter } from '../firmware-types.js';
import { isStorableTimeMs } from '../../store/storable-time.js';

const FIELDS = [
  'firmwareId',
  'stations',
  'filter',
  'startAt',
  'canaryCount',
  'waveSize',
  'maxFailureShare',
  'retries',
  'retryIntervalS',
];
const FILTER_FIELDS = ['ocppVersion', 'vendor', 'model', 'firmwareVersionNot'];

const bad = (message: string): FirmwareError => new FirmwareError('bad_request', message);

function integer(body: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw bad(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Reads the body of `POST /api/firmware/campaigns`; every refusal names the field and what to
 * change.
 */
export function parseCampaignBody(body: unknown): CampaignRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('send a JSON object with firmwareId and stations (or filter)');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw bad(`unknown field ${unknown[0]}: the fields are ${FIELDS.join(', ')}`);
  const firmwareId = integer(b, 'firmwareId', 1, 2_147_483_647);
  if (firmwareId === undefined) throw bad('firmwareId is required: the id POST /api/firmware answered with');
  if (b['stations'] !== undefined && b['filter'] !== undefined)
    throw bad('give either stations or filter, not both');
  let stations: string[] | undefined;
  if (b['stations'] !== undefined) {
    const s = b['stations'];
    if (!Array.isArray(s) || s.some((x) => typeof x !== 'string' || x === ''))
      throw bad('stations must be an array of station ids (strings)');
    stations = s as string[];
  }
  let filter: StationFilter | undefined;
  if (b['filter'] !== undefined || stations === undefined) {
    const f = b['filter'] ?? {};
    if (typeof f !== 'object' || f === null || Array.isArray(f))
      throw bad('filter must be an object with ocppVersion, vendor, model or firmwareVersionNot');
    const fr = f as Record<string, unknown>;
    const extra = Object.keys(fr).filter((k) => !FILTER_FIELDS.includes(k));
    if (extra.length > 0) throw bad(`unknown filter field ${extra[0]}: use ${FILTER_FIELDS.join(', ')}`);
    for (const k of FILTER_FIELDS) {
      if (fr[k] !== undefined && typeof fr[k] !== 'string') throw bad(`filter.${k} must be a string`);
    }
    if (fr['ocppVersion'] !== undefined && fr['ocppVersion'] !== '1.6' && fr['ocppVersion'] !== '2.0.1')
      throw bad(`filter.ocppVersion must be "1.6" or "2.0.1", got ${JSON.stringify(fr['ocppVersion'])}`);
    filter = fr;
  }
  let startAtMs: number | undefined;
  if (b['startAt'] !== undefined) {
    const t = typeof b['startAt'] === 'string' ? Date.parse(b['startAt']) : Number.NaN;
    if (!isStorableTimeMs(t))
      throw bad(
        `startAt must be an ISO-8601 date-time such as 2025-03-10T02:00:00Z (years 0100-9999), got ${JSON.stringify(b['startAt'])}`,
      );
    startAtMs = t;
  }
  const maxFailureShare = b['maxFailureShare'];
  if (
    maxFailureShare !== undefined &&
    (typeof maxFailureShare !== 'number' || !(maxFailureShare >= 0 && maxFailureShare <= 1))
  ) {
    throw bad(
      `maxFailureShare must be a number from 0 to 1 (0.1 = 10%), got ${JSON.stringify(maxFailureShare)}`,
    );
  }
  const canaryCount = integer(b, 'canaryCount', 0, 100_000);
  const waveSize = integer(b, 'waveSize', 1, 100_000);
  const retries = integer(b, 'retries', 0, 100);
  const retryIntervalS = integer(b, 'retryIntervalS', 0, 86_400);
  return {
    firmwareId,
    ...(stations === undefined ? {} : { stations }),
    ...(filter === undefined ? {} : { filter }),
    ...(startAtMs === undefined ? {} : { startAtMs }),
    ...(canaryCount === undefined ? {} : { canaryCount }),
    ...(waveSize === undefined ? {} : { waveSize }),
    ...(maxFailureShare === undefined ? {} : { maxFailureShare }),
    ...(retries === undefined ? {} : { retries }),
    ...(retryIntervalS === undefined ? {} : { retryIntervalS }),
  };
}
