import { Station } from './station-core.js';
import type { StationOptions } from './station-options.js';
import { V16Protocol } from './v16/v16-protocol.js';
import { V201Protocol } from './v201/v201-protocol.js';

/**
 * A simulated station speaking `options.version`.
 * @throws Error naming the option when one is out of range
 */
export function createStation(options: StationOptions): Station {
  return new Station(options, (protocolOptions, host) =>
    options.version === '1.6'
      ? new V16Protocol(protocolOptions, host)
      : new V201Protocol(protocolOptions, host),
  );
}
