import type {
  ComponentType,
  DataEnumType,
  MutabilityEnumType,
  VariableType,
} from '../../../schemas/types/ocpp201.js';
import type { StationContext } from '../station-context.js';

/** One variable of the device model. */
export interface DmVariable {
  readonly component: ComponentType;
  readonly variable: VariableType;
  readonly dataType: DataEnumType;
  readonly mutability: MutabilityEnumType;
  readonly unit?: string;
  readonly valuesList?: string;
  /** The 1.6 configuration key it shares its value with, when it has one. */
  readonly configKey?: string;
  /** Computed value for variables that reflect state. */
  readonly value?: () => string;
  /** Stores a new value for variables without a 1.6 key; returns why it is refused, if it is. */
  readonly write?: (value: string) => string | undefined;
}

const MEASURANDS =
  'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Current.Offered,Voltage,SoC';
const STATES = 'Available,Occupied,Reserved,Unavailable,Faulted';

function comp(name: string, instance?: string): ComponentType {
  return instance === undefined ? { name } : { name, instance };
}

function vr(name: string, instance?: string): VariableType {
  return instance === undefined ? { name } : { name, instance };
}

type Extra = Partial<Pick<DmVariable, 'unit' | 'valuesList' | 'write'>>;

/**
 * The variables of the station's device model: the controllers it needs and the ChargingStation,
 * EVSE and Connector components. Read-write variables with a 1.6 counterpart name its key.
 */
export function deviceModelVariables(ctx: StationContext): DmVariable[] {
  const out: DmVariable[] = [];
  const rw = (
    c: ComponentType,
    v: VariableType,
    dataType: DataEnumType,
    configKey: string,
    extra: Extra = {},
  ): void => {
    out.push({ component: c, variable: v, dataType, mutability: 'ReadWrite', configKey, ...extra });
  };
  const ro = (
    c: ComponentType,
    v: VariableType,
    dataType: DataEnumType,
    value: () => string,
    extra: Extra = {},
  ): void => {
    out.push({ component: c, variable: v, dataType, mutability: 'ReadOnly', value, ...extra });
  };
  const fixed =
    (value: string): (() => string) =>
    () =>
      value;
  const cfg =
    (key: string): (() => string) =>
    () =>
      ctx.config.get(key);
  const availability = (): string =>
    ctx.evses.every((e) => !e.operative)
      ? 'Unavailable'
      : ctx.evses.some((e) => e.tx !== undefined)
        ? 'Occupied'
        : 'Available';
  const cs = comp('ChargingStation');
  ro(cs, vr('AvailabilityState'), 'OptionList', availability, { valuesList: STATES });
  ro(cs, vr('Available'), 'boolean', fixed('true'));
  ro(cs, vr('Model'), 'string', fixed(ctx.identity.model));
  ro(cs, vr('VendorName'), 'string', fixed(ctx.identity.vendor));
  ro(cs, vr('SupplyPhases'), 'integer', fixed(String(ctx.evses[0]?.ratings.phases ?? 3)));

  const comm = comp('OCPPCommCtrlr');
  rw(comm, vr('HeartbeatInterval'), 'integer', 'HeartbeatInterval', { unit: 's' });
  rw(comm, vr('MessageAttempts', 'TransactionEvent'), 'integer', 'TransactionMessageAttempts');
  rw(comm, vr('MessageAttemptInterval', 'TransactionEvent'), 'integer', 'TransactionMessageRetryInterval', {
    unit: 's',
  });
  ro(comm, vr('MessageTimeout', 'Default'), 'integer', fixed('30'), { unit: 's' });
  rw(comm, vr('ResetRetries'), 'integer', 'ResetRetries');
  rw(comm, vr('WebSocketPingInterval'), 'integer', 'WebSocketPingInterval', { unit: 's' });

  const sampled = comp('SampledDataCtrlr');
  ro(sampled, vr('Enabled'), 'boolean', fixed('true'));
  rw(sampled, vr('TxUpdatedInterval'), 'integer', 'MeterValueSampleInterval', { unit: 's' });
  rw(sampled, vr('TxUpdatedMeasurands'), 'MemberList', 'MeterValuesSampledData', { valuesList: MEASURANDS });
  rw(sampled, vr('TxEndedMeasurands'), 'MemberList', 'StopTxnSampledData', { valuesList: MEASURANDS });
  ro(sampled, vr('TxStartedMeasurands'), 'MemberList', fixed('Energy.Active.Import.Register'), {
    valuesList: MEASURANDS,
  });
  ro(sampled, vr('TxEndedInterval'), 'integer', fixed('0'), { unit: 's' });

  const aligned = comp('AlignedDataCtrlr');
  ro(aligned, vr('Enabled'), 'boolean', fixed('false'));
  rw(aligned, vr('Interval'), 'integer', 'ClockAlignedDataInterval', { unit: 's' });
  rw(aligned, vr('Measurands'), 'MemberList', 'MeterValuesAlignedData', { valuesList: MEASURANDS });

  const tx = comp('TxCtrlr');
  rw(tx, vr('EVConnectionTimeOut'), 'integer', 'ConnectionTimeOut', { unit: 's' });
  ro(tx, vr('StopTxOnEVSideDisconnect'), 'boolean', fixed('true'));
  rw(tx, vr('StopTxOnInvalidId'), 'boolean', 'StopTransactionOnInvalidId');
  ro(tx, vr('TxStartPoint'), 'MemberList', fixed('PowerPathClosed'), { valuesList: 'PowerPathClosed' });
  ro(tx, vr('TxStopPoint'), 'MemberList', fixed('PowerPathClosed'), { valuesList: 'PowerPathClosed' });

  const auth = comp('AuthCtrlr');
  ro(auth, vr('Enabled'), 'boolean', fixed('true'));
  rw(auth, vr('AuthorizeRemoteStart'), 'boolean', 'AuthorizeRemoteTxRequests');
  rw(auth, vr('LocalAuthorizeOffline'), 'boolean', 'LocalAuthorizeOffline');
  rw(auth, vr('LocalPreAuthorize'), 'boolean', 'LocalPreAuthorize');
  rw(comp('AuthCacheCtrlr'), vr('Enabled'), 'boolean', 'AuthorizationCacheEnabled');

  const sc = comp('SmartChargingCtrlr');
  ro(sc, vr('Enabled'), 'boolean', fixed('true'));
  ro(sc, vr('Entries', 'ChargingProfiles'), 'integer', () => String(ctx.profiles.list().length));
  ro(sc, vr('ProfileStackLevel'), 'integer', cfg('ChargeProfileMaxStackLevel'));
  ro(sc, vr('PeriodsPerSchedule'), 'integer', cfg('ChargingScheduleMaxPeriods'));
  ro(sc, vr('RateUnit'), 'MemberList', fixed('A,W'), { valuesList: 'A,W' });
  let significance = '0.1';
  out.push({
    component: sc,
    variable: vr('LimitChangeSignificance'),
    dataType: 'decimal',
    mutability: 'ReadWrite',
    value: () => significance,
    write: (value) => {
      if (!/^\d+(\.\d+)?$/.test(value)) return `LimitChangeSignificance needs a decimal, got "${value}"`;
      significance = value;
      return undefined;
    },
  });

  const data = comp('DeviceDataCtrlr');
  for (const instance of ['GetReport', 'GetVariables', 'SetVariables']) {
    ro(data, vr('ItemsPerMessage', instance), 'integer', fixed(instance === 'GetReport' ? '20' : '50'));
    ro(data, vr('BytesPerMessage', instance), 'integer', fixed('65536'));
  }
  const clock = comp('ClockCtrlr');
  ro(clock, vr('DateTime'), 'dateTime', () => new Date(ctx.clock.now()).toISOString());
  ro(clock, vr('TimeSource'), 'SequenceList', fixed('Heartbeat'));

  for (const evse of ctx.evses) {
    const state = (): string =>
      !evse.operative
        ? 'Unavailable'
        : evse.ev !== undefined || evse.tx !== undefined
          ? 'Occupied'
          : 'Available';
    const ec: ComponentType = { name: 'EVSE', evse: { id: evse.id } };
    const cc: ComponentType = { name: 'Connector', evse: { id: evse.id, connectorId: 1 } };
    const phases = fixed(String(evse.ratings.phases));
    ro(ec, vr('AvailabilityState'), 'OptionList', state, { valuesList: STATES });
    ro(ec, vr('Available'), 'boolean', () => String(evse.operative));
    ro(ec, vr('Power'), 'decimal', () => String(Math.round(evse.powerW())), { unit: 'W' });
    ro(ec, vr('SupplyPhases'), 'integer', phases);
    ro(cc, vr('AvailabilityState'), 'OptionList', state, { valuesList: STATES });
    ro(cc, vr('ConnectorType'), 'string', fixed('cType2'));
    ro(cc, vr('SupplyPhases'), 'integer', phases);
  }
  return out;
}
