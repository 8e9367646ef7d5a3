import type { ProtocolHost } from '../station/station-protocol.js';
import type { V201StationEndpoint } from '../station/v201/v201-protocol.js';
import { stationFirmware } from './station-firmware.js';

/**
 * Registers 2.0.1 UpdateFirmware (requestId, optional signing certificate and signature) on a
 * fresh endpoint; statuses go out as FirmwareStatusNotification with the requestId.
 */
export function registerV201FirmwareHandlers(ep: V201StationEndpoint, host: ProtocolHost): void {
  const agent = stationFirmware(host);
  agent.attach(async (status, request) => {
    await ep.call('FirmwareStatusNotification', {
      status,
      ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
    });
  });
  ep.handle('UpdateFirmware', (req) => {
    const f = req.firmware;
    const status = agent.update({
      flavour: 'v201',
      location: f.location,
      retrieveAtMs: Date.parse(f.retrieveDateTime),
      ...(f.installDateTime === undefined ? {} : { installAtMs: Date.parse(f.installDateTime) }),
      ...(req.retries === undefined ? {} : { retries: req.retries }),
      ...(req.retryInterval === undefined ? {} : { retryIntervalS: req.retryInterval }),
      requestId: req.requestId,
      ...(f.signingCertificate === undefined ? {} : { signingCertificate: f.signingCertificate }),
      ...(f.signature === undefined ? {} : { signature: f.signature }),
    });
    return { status };
  });
}
