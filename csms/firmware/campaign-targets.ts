import type { StationRecord } from '../stations/station-record.js';
import { FirmwareError } from './firmware-error.js';
import type { StationFilter } from './firmware-types.js';

/**
 * The stations a campaign targets, in rollout order: the listed ones (each registered, none
 * twice), or the registered stations matching the filter, by id.
 * @throws FirmwareError naming the field to change
 */
export function resolveTargets(
  registered: readonly StationRecord[],
  req: { readonly stations?: readonly string[]; readonly filter?: StationFilter },
): string[] {
  if (req.stations !== undefined) {
    const known = new Set(registered.map((s) => s.id));
    const unknown = req.stations.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new FirmwareError(
        'bad_request',
        `stations: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not registered: fix the ids or let the stations boot first`,
      );
    }
    if (new Set(req.stations).size !== req.stations.length)
      throw new FirmwareError('bad_request', 'stations: a station is listed twice: list each once');
    if (req.stations.length === 0)
      throw new FirmwareError('bad_request', 'stations: give at least one station id');
    return [...req.stations];
  }
  const f = req.filter ?? {};
  const matching = registered.filter(
    (s) =>
      (f.ocppVersion === undefined || s.version === f.ocppVersion) &&
      (f.vendor === undefined || s.vendor === f.vendor) &&
      (f.model === undefined || s.model === f.model) &&
      (f.firmwareVersionNot === undefined || s.firmwareVersion !== f.firmwareVersionNot),
  );
  if (matching.length === 0)
    throw new FirmwareError('bad_request', 'filter: no registered station matches: widen the filter');
  return matching.map((s) => s.id);
}
