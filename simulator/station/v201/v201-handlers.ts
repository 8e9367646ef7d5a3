import { OcppError } from '../../../common/ocpp-errors.js';
import type { ReportDataType } from '../../../schemas/types/ocpp201.js';
import {
  fromV201Profile,
  ProfileFormatError,
  purposeFromName,
} from '../../smart-charging/charging-profile.js';
import type { NeutralChargingProfile } from '../../smart-charging/charging-profile.js';
import {
  chargingLimitSourceOf,
  toV201CompositeScheduleResponse,
  toV201Profile,
} from '../../smart-charging/schedule-payloads.js';
import type { OutboxMessage } from '../outbox.js';
import type { TriggerKind } from '../station-commands.js';
import type { ProtocolHost } from '../station-protocol.js';
import type { V201Protocol, V201StationEndpoint } from './v201-protocol.js';

const TRIGGERS: readonly string[] = [
  'BootNotification',
  'Heartbeat',
  'StatusNotification',
  'MeterValues',
  'TransactionEvent',
  'FirmwareStatusNotification',
];

/** Splits `items` into chunks of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Registers the 2.0.1 commands the station supports: device model (GetVariables, SetVariables,
 * GetBaseReport with NotifyReport), transactions, availability, reset, unlock, trigger, cache,
 * data transfer and smart charging (with ReportChargingProfiles). Actions not registered here are
 * answered NotSupported by the endpoint.
 */
export function registerV201Handlers(
  ep: V201StationEndpoint,
  host: ProtocolHost,
  protocol: V201Protocol,
): void {
  const ctx = (): ProtocolHost['context'] => host.context;
  const send = (message: OutboxMessage): void => ctx().outbox.push(message);

  ep.handle('GetVariables', (req) => {
    const max = 50;
    if (req.getVariableData.length > max) {
      throw OcppError.of(
        '2.0.1',
        'missing-field',
        `at most ${max} variables per GetVariables (ItemsPerMessage)`,
      );
    }
    return {
      getVariableResult: req.getVariableData.map((d) =>
        protocol.deviceModel.get(d.component, d.variable, d.attributeType),
      ),
    };
  });

  ep.handle('SetVariables', (req) => {
    const max = 50;
    if (req.setVariableData.length > max) {
      throw OcppError.of(
        '2.0.1',
        'missing-field',
        `at most ${max} variables per SetVariables (ItemsPerMessage)`,
      );
    }
    return {
      setVariableResult: req.setVariableData.map((d) =>
        protocol.deviceModel.set(d.component, d.variable, d.attributeValue, d.attributeType),
      ),
    };
  });

  ep.handle('GetBaseReport', (req) => {
    const data = protocol.deviceModel.report(req.reportBase);
    if (data.length === 0) return { status: 'EmptyResultSet' };
    const generatedAt = new Date(ctx().clock.now()).toISOString();
    host.commands.defer(() => {
      const parts: ReportDataType[][] = chunks(data, 20);
      parts.forEach((reportData, seqNo) => {
        const payload = {
          requestId: req.requestId,
          generatedAt,
          seqNo,
          reportData,
          tbc: seqNo < parts.length - 1,
        };
        send({
          action: 'NotifyReport',
          transactional: false,
          send: () =>
            protocol
              .endpoint()
              .call('NotifyReport', payload)
              .then(() => undefined),
        });
      });
    });
    return { status: 'Accepted' };
  });

  ep.handle('RequestStartTransaction', (req) => {
    let profile: NeutralChargingProfile | undefined;
    if (req.chargingProfile !== undefined) {
      try {
        profile = fromV201Profile(req.evseId ?? 0, req.chargingProfile);
      } catch (error) {
        if (error instanceof ProfileFormatError) {
          return {
            status: 'Rejected',
            statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: error.message.slice(0, 512) },
          };
        }
        throw error;
      }
    }
    const status = host.commands.remoteStart(req.evseId, {
      idTag: req.idToken.idToken,
      idTokenType: req.idToken.type,
      remoteStartId: req.remoteStartId,
      ...(profile === undefined ? {} : { profile }),
    });
    return { status };
  });

  ep.handle('RequestStopTransaction', (req) => ({ status: host.commands.remoteStop(req.transactionId) }));

  ep.handle('GetTransactionStatus', (req) => {
    const messagesInQueue = ctx().outbox.pendingTransactional > 0;
    if (req.transactionId === undefined) return { messagesInQueue };
    return {
      ongoingIndicator: host.commands.findTransaction(req.transactionId) !== undefined,
      messagesInQueue,
    };
  });

  ep.handle('ChangeAvailability', (req) => ({
    status: host.commands.changeAvailability(req.evse?.id ?? 0, req.operationalStatus === 'Operative'),
  }));

  ep.handle('Reset', (req) => {
    if (req.evseId !== undefined) {
      return {
        status: 'Rejected',
        statusInfo: { reasonCode: 'UnsupportedRequest', additionalInfo: 'EVSE reset is not supported' },
      };
    }
    return { status: host.commands.reset(req.type) };
  });

  ep.handle('UnlockConnector', (req) => {
    if (req.connectorId !== 1) return { status: 'UnknownConnector' };
    return { status: host.commands.unlock(req.evseId, false) };
  });

  ep.handle('TriggerMessage', (req) => {
    if (!TRIGGERS.includes(req.requestedMessage)) return { status: 'NotImplemented' };
    // Each simulated EVSE has one connector, number 1.
    if (req.evse?.connectorId !== undefined && req.evse.connectorId !== 1) return { status: 'Rejected' };
    return { status: host.commands.trigger(req.requestedMessage as TriggerKind, req.evse?.id) };
  });

  ep.handle('ClearCache', () => ({ status: 'Accepted' }));

  ep.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));

  ep.handle('SetChargingProfile', (req) => {
    let profile: NeutralChargingProfile;
    try {
      profile = fromV201Profile(req.evseId, req.chargingProfile);
    } catch (error) {
      if (error instanceof ProfileFormatError) {
        return {
          status: 'Rejected',
          statusInfo: { reasonCode: 'InvalidProfile', additionalInfo: error.message.slice(0, 512) },
        };
      }
      throw error;
    }
    const result = host.commands.installProfile(profile);
    if (result.accepted) return { status: 'Accepted' };
    return {
      status: 'Rejected',
      statusInfo: { reasonCode: 'InvalidSchedule', additionalInfo: result.reason.slice(0, 512) },
    };
  });

  ep.handle('ClearChargingProfile', (req) => {
    const c = req.chargingProfileCriteria;
    const purpose =
      c?.chargingProfilePurpose === undefined ? undefined : purposeFromName(c.chargingProfilePurpose);
    const removed = host.commands.clearProfiles({
      ...(req.chargingProfileId === undefined ? {} : { id: req.chargingProfileId }),
      ...(c?.evseId === undefined ? {} : { evseId: c.evseId }),
      ...(purpose === undefined ? {} : { purpose }),
      ...(c?.stackLevel === undefined ? {} : { stackLevel: c.stackLevel }),
    });
    return { status: removed > 0 ? 'Accepted' : 'Unknown' };
  });

  ep.handle('GetChargingProfiles', (req) => {
    const c = req.chargingProfile;
    const purpose =
      c.chargingProfilePurpose === undefined ? undefined : purposeFromName(c.chargingProfilePurpose);
    const found = ctx()
      .profiles.list({
        ...(req.evseId === undefined ? {} : { evseId: req.evseId }),
        ...(purpose === undefined ? {} : { purpose }),
        ...(c.stackLevel === undefined ? {} : { stackLevel: c.stackLevel }),
        ...(c.chargingProfileId === undefined ? {} : { ids: c.chargingProfileId }),
      })
      .filter(
        (p) =>
          c.chargingLimitSource === undefined || c.chargingLimitSource.includes(chargingLimitSourceOf(p)),
      );
    if (found.length === 0) return { status: 'NoProfiles' };
    host.commands.defer(() => {
      const groups = new Map<string, NeutralChargingProfile[]>();
      for (const p of found) {
        const key = `${p.evseId}|${chargingLimitSourceOf(p)}`;
        groups.set(key, [...(groups.get(key) ?? []), p]);
      }
      const entries = [...groups.values()];
      entries.forEach((profiles, i) => {
        const first = profiles[0]!;
        const payload = {
          requestId: req.requestId,
          chargingLimitSource: chargingLimitSourceOf(first),
          evseId: first.evseId,
          chargingProfile: profiles.map(toV201Profile),
          tbc: i < entries.length - 1,
        };
        send({
          action: 'ReportChargingProfiles',
          transactional: false,
          send: () =>
            protocol
              .endpoint()
              .call('ReportChargingProfiles', payload)
              .then(() => undefined),
        });
      });
    });
    return { status: 'Accepted' };
  });

  ep.handle('GetCompositeSchedule', (req) => {
    const schedule = host.commands.compositeSchedule(req.evseId, req.duration, req.chargingRateUnit ?? 'A');
    if (schedule === undefined) {
      return {
        status: 'Rejected',
        statusInfo: { reasonCode: 'UnknownEVSE', additionalInfo: `no EVSE ${req.evseId}` },
      };
    }
    return toV201CompositeScheduleResponse(req.evseId, schedule);
  });
}
