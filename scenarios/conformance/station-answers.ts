import type { OcppVersion } from '../../common/ocpp-version.js';
import type { DefaultAnswers } from './peer-session.js';

const accepted = { status: 'Accepted' };

/**
 * How the harness's simulated charger answers a CSMS under test unless a case says otherwise:
 * every command accepted, with schema-valid payloads.
 */
export function csmsSideAnswers(version: OcppVersion): DefaultAnswers {
  const common = {
    ChangeAvailability: accepted,
    ClearCache: accepted,
    ClearChargingProfile: accepted,
    DataTransfer: { status: 'UnknownVendorId' },
    Reset: accepted,
    SetChargingProfile: accepted,
    TriggerMessage: accepted,
    UnlockConnector: { status: 'Unlocked' },
  };
  if (version === '1.6') {
    return {
      ...common,
      ChangeConfiguration: accepted,
      GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
      RemoteStartTransaction: accepted,
      RemoteStopTransaction: accepted,
      GetCompositeSchedule: { status: 'Rejected' },
      GetLocalListVersion: { listVersion: 0 },
      SendLocalList: accepted,
      ReserveNow: accepted,
      CancelReservation: accepted,
      UpdateFirmware: {},
      GetDiagnostics: {},
    };
  }
  return {
    ...common,
    RequestStartTransaction: accepted,
    RequestStopTransaction: accepted,
    GetVariables: (req) => ({
      getVariableResult: (
        (req['getVariableData'] as { component: unknown; variable: unknown }[] | undefined) ?? []
      ).map((d) => ({ attributeStatus: 'UnknownVariable', component: d.component, variable: d.variable })),
    }),
    SetVariables: (req) => ({
      setVariableResult: (
        (req['setVariableData'] as { component: unknown; variable: unknown }[] | undefined) ?? []
      ).map((d) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable })),
    }),
    GetBaseReport: accepted,
    GetReport: { status: 'EmptyResultSet' },
    GetChargingProfiles: { status: 'NoProfiles' },
    GetCompositeSchedule: { status: 'Rejected' },
    GetTransactionStatus: { messagesInQueue: false },
    UpdateFirmware: accepted,
    GetLog: { status: 'Rejected' },
    GetLocalListVersion: { versionNumber: 0 },
    SendLocalList: accepted,
    ReserveNow: accepted,
    CancelReservation: accepted,
    SetNetworkProfile: { status: 'Rejected' },
  };
}
