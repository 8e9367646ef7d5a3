import type { ProtocolHost } from '../station/station-protocol.js';
import { FirmwareAgent } from './firmware-agent.js';
import type { FirmwareAgentOptions } from './firmware-options.js';

const agents = new WeakMap<ProtocolHost, FirmwareAgent>();

/**
 * The firmware agent of a station (made on first use, with default options). Its installed
 * version is what the station reports in BootNotification; it reboots through the station's own
 * reset, booting again with reason FirmwareUpdate.
 */
export function stationFirmware(host: ProtocolHost): FirmwareAgent {
  let agent = agents.get(host);
  if (agent === undefined) {
    agent = new FirmwareAgent({
      context: host.context,
      reboot: (reason) => {
        host.commands.reset('Hard', reason);
      },
    });
    agents.set(host, agent);
  }
  return agent;
}

/** Sets how a station updates its firmware: install time, trusted signers, faults. */
export function configureFirmware(host: ProtocolHost, options: FirmwareAgentOptions): FirmwareAgent {
  const agent = stationFirmware(host);
  agent.configure(options);
  return agent;
}
