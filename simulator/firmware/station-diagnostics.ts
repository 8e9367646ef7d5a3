import type { ProtocolHost } from '../station/station-protocol.js';
import { DiagnosticsAgent } from './diagnostics-agent.js';

const agents = new WeakMap<ProtocolHost, DiagnosticsAgent>();

/** The diagnostics agent of a station (made on first use; it logs the station's events from then on). */
export function stationDiagnostics(host: ProtocolHost): DiagnosticsAgent {
  let agent = agents.get(host);
  if (agent === undefined) {
    agent = new DiagnosticsAgent(host.context);
    agents.set(host, agent);
  }
  return agent;
}
