import type { KeyValue } from '../../../schemas/types/ocpp16.js';
import {
  fromV16Profile,
  ProfileFormatError,
  purposeFromName,
} from '../../smart-charging/charging-profile.js';
import { toV16CompositeScheduleResponse } from '../../smart-charging/schedule-payloads.js';
import { stationDiagnostics } from '../../firmware/station-diagnostics.js';
import type { ProtocolHost } from '../station-protocol.js';
import type { V16StationEndpoint } from './v16-protocol.js';

/**
 * Registers the 1.6 commands the station supports (Core, Smart Charging, Remote Trigger). Each
 * handler translates and asks the version-neutral station; actions not registered here are
 * answered NotSupported by the endpoint.
 */
export function registerV16Handlers(ep: V16StationEndpoint, host: ProtocolHost): void {
  const ctx = (): ProtocolHost['context'] => host.context;

  ep.handle('ChangeAvailability', (req) => ({
    status: host.commands.changeAvailability(req.connectorId, req.type === 'Operative'),
  }));

  ep.handle('ChangeConfiguration', (req) => ({ status: ctx().config.change(req.key, req.value) }));

  ep.handle('ClearCache', () => ({ status: 'Accepted' }));

  ep.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));

  ep.handle('GetConfiguration', (req) => {
    const config = ctx().config;
    const maxKeys = config.getInt('GetConfigurationMaxKeys');
    const toKeyValue = (key: string): KeyValue | undefined => {
      const s = config.find(key);
      return s === undefined ? undefined : { key: s.key, readonly: s.readonly, value: s.value };
    };
    if (req.key === undefined || req.key.length === 0) {
      return {
        configurationKey: config.all().map((s) => ({ key: s.key, readonly: s.readonly, value: s.value })),
      };
    }
    const configurationKey: KeyValue[] = [];
    const unknownKey: string[] = [];
    for (const key of req.key.slice(0, maxKeys)) {
      const kv = toKeyValue(key);
      if (kv === undefined) unknownKey.push(key);
      else configurationKey.push(kv);
    }
    return {
      ...(configurationKey.length > 0 ? { configurationKey } : {}),
      ...(unknownKey.length > 0 ? { unknownKey } : {}),
    };
  });

  ep.handle('RemoteStartTransaction', (req) => {
    let profile;
    if (req.chargingProfile !== undefined) {
      try {
        profile = fromV16Profile(req.connectorId ?? 0, req.chargingProfile);
      } catch (error) {
        if (error instanceof ProfileFormatError) return { status: 'Rejected' };
        throw error;
      }
    }
    return {
      status: host.commands.remoteStart(req.connectorId, {
        idTag: req.idTag,
        ...(profile === undefined ? {} : { profile }),
      }),
    };
  });

  ep.handle('RemoteStopTransaction', (req) => ({
    status: host.commands.remoteStop(String(req.transactionId)),
  }));

  ep.handle('Reset', (req) => {
    host.commands.reset(req.type);
    return { status: 'Accepted' };
  });

  ep.handle('UnlockConnector', (req) => {
    const result = host.commands.unlock(req.connectorId, true);
    return {
      status:
        result === 'Unlocked' ? 'Unlocked' : result === 'UnknownConnector' ? 'NotSupported' : 'UnlockFailed',
    };
  });

  ep.handle('TriggerMessage', (req) => {
    if (req.requestedMessage === 'DiagnosticsStatusNotification') {
      host.commands.defer(() => stationDiagnostics(host).reportStatus());
      return { status: 'Accepted' };
    }
    return { status: host.commands.trigger(req.requestedMessage, req.connectorId) };
  });

  ep.handle('SetChargingProfile', (req) => {
    const evse = req.connectorId === 0 ? undefined : ctx().evse(req.connectorId);
    const tx = evse?.tx;
    let profile;
    try {
      profile = fromV16Profile(req.connectorId, req.csChargingProfiles, tx?.transactionId ?? tx?.localId);
    } catch (error) {
      if (error instanceof ProfileFormatError) return { status: 'Rejected' };
      throw error;
    }
    return { status: host.commands.installProfile(profile).accepted ? 'Accepted' : 'Rejected' };
  });

  ep.handle('ClearChargingProfile', (req) => {
    const purpose =
      req.chargingProfilePurpose === undefined ? undefined : purposeFromName(req.chargingProfilePurpose);
    const removed = host.commands.clearProfiles({
      ...(req.id === undefined ? {} : { id: req.id }),
      ...(req.connectorId === undefined ? {} : { evseId: req.connectorId }),
      ...(purpose === undefined ? {} : { purpose: purpose }),
      ...(req.stackLevel === undefined ? {} : { stackLevel: req.stackLevel }),
    });
    return { status: removed > 0 ? 'Accepted' : 'Unknown' };
  });

  ep.handle('GetCompositeSchedule', (req) => {
    const schedule = host.commands.compositeSchedule(
      req.connectorId,
      req.duration,
      req.chargingRateUnit ?? 'A',
    );
    if (schedule === undefined) return { status: 'Rejected' };
    return toV16CompositeScheduleResponse(req.connectorId, schedule);
  });
}
