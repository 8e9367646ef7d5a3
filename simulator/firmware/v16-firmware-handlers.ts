import type { FirmwareStatusNotificationRequest } from '../../schemas/types/ocpp16.js';
import type { ProtocolHost } from '../station/station-protocol.js';
import type { V16StationEndpoint } from '../station/v16/v16-protocol.js';
import { stationDiagnostics } from './station-diagnostics.js';
import { stationFirmware } from './station-firmware.js';

/**
 * Registers 1.6 UpdateFirmware and the security extension's SignedUpdateFirmware on a fresh
 * endpoint; statuses go out as FirmwareStatusNotification or, for a signed update,
 * SignedFirmwareStatusNotification with its requestId. Registers GetDiagnostics too, whose
 * progress goes out as DiagnosticsStatusNotification.
 */
export function registerV16FirmwareHandlers(ep: V16StationEndpoint, host: ProtocolHost): void {
  const agent = stationFirmware(host);
  agent.attach(async (status, request) => {
    if (request.flavour === 'v16-signed') {
      await ep.call('SignedFirmwareStatusNotification', { status, requestId: request.requestId ?? 0 });
    } else {
      await ep.call('FirmwareStatusNotification', {
        status: status as FirmwareStatusNotificationRequest['status'],
      });
    }
  });
  ep.handle('UpdateFirmware', (req) => {
    agent.update({
      flavour: 'v16',
      location: req.location,
      retrieveAtMs: Date.parse(req.retrieveDate),
      ...(req.retries === undefined ? {} : { retries: req.retries }),
      ...(req.retryInterval === undefined ? {} : { retryIntervalS: req.retryInterval }),
    });
    return {};
  });
  ep.handle('SignedUpdateFirmware', (req) => {
    const f = req.firmware;
    const status = agent.update({
      flavour: 'v16-signed',
      location: f.location,
      retrieveAtMs: Date.parse(f.retrieveDateTime),
      ...(f.installDateTime === undefined ? {} : { installAtMs: Date.parse(f.installDateTime) }),
      ...(req.retries === undefined ? {} : { retries: req.retries }),
      ...(req.retryInterval === undefined ? {} : { retryIntervalS: req.retryInterval }),
      requestId: req.requestId,
      signingCertificate: f.signingCertificate,
      signature: f.signature,
    });
    return { status };
  });
  const diagnostics = stationDiagnostics(host);
  diagnostics.attach(async (status) => {
    await ep.call('DiagnosticsStatusNotification', { status });
  });
  ep.handle('GetDiagnostics', (req) => ({
    fileName: diagnostics.request({
      location: req.location,
      ...(req.retries === undefined ? {} : { retries: req.retries }),
      ...(req.retryInterval === undefined ? {} : { retryIntervalS: req.retryInterval }),
      ...(req.startTime === undefined ? {} : { fromMs: Date.parse(req.startTime) }),
      ...(req.stopTime === undefined ? {} : { toMs: Date.parse(req.stopTime) }),
    }),
  }));
}
