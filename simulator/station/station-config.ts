/** How a configuration value is typed and checked. */
export type SettingKind = 'integer' | 'boolean' | 'string' | 'measurands';

/** One configuration key with its current value. */
export interface Setting {
  readonly key: string;
  readonly kind: SettingKind;
  readonly readonly: boolean;
  /** Smallest accepted integer. */
  readonly min?: number;
  /** Changed only through {@link StationConfig.change} and {@link StationConfig.setInternal}. */
  readonly value: string;
}

/** Result of changing a key (the 1.6 ConfigurationStatus values plus 'Unknown'). */
export type ChangeResult = 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';

/** Measurands the station can sample. */
export const SUPPORTED_MEASURANDS = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Current.Import',
  'Current.Offered',
  'Voltage',
  'SoC',
] as const;

/** Values a station starts with; every key can be overridden per station. */
export interface StationConfigDefaults {
  readonly numberOfConnectors: number;
  readonly heartbeatIntervalS?: number;
  readonly meterValueSampleIntervalS?: number;
  readonly connectionTimeOutS?: number;
  readonly meterValuesSampledData?: string;
}

/** A key's definition, shared by every station: what it is and where its first value comes from. */
interface Definition {
  readonly key: string;
  readonly kind: SettingKind;
  readonly readonly: boolean;
  readonly min?: number;
  readonly initial: (defaults: StationConfigDefaults) => string;
}

const rw = (
  key: string,
  kind: SettingKind,
  initial: string | ((d: StationConfigDefaults) => string),
  min?: number,
): Definition => ({
  key,
  kind,
  readonly: false,
  ...(min === undefined ? {} : { min }),
  initial: typeof initial === 'string' ? () => initial : initial,
});
const ro = (
  key: string,
  kind: SettingKind,
  initial: string | ((d: StationConfigDefaults) => string),
): Definition => ({
  key,
  kind,
  readonly: true,
  initial: typeof initial === 'string' ? () => initial : initial,
});

/** Every key a station knows, in the order GetConfiguration lists them. */
const DEFINITIONS: readonly Definition[] = [
  rw('AllowOfflineTxForUnknownId', 'boolean', 'false'),
  rw('AuthorizationCacheEnabled', 'boolean', 'true'),
  rw('AuthorizeRemoteTxRequests', 'boolean', 'false'),
  rw('ClockAlignedDataInterval', 'integer', '0', 0),
  rw('ConnectionTimeOut', 'integer', (d) => String(d.connectionTimeOutS ?? 60), 1),
  rw('ConnectorPhaseRotation', 'string', '0.RST'),
  ro('GetConfigurationMaxKeys', 'integer', '50'),
  rw('HeartbeatInterval', 'integer', (d) => String(d.heartbeatIntervalS ?? 300), 0),
  rw('LocalAuthorizeOffline', 'boolean', 'true'),
  rw('LocalPreAuthorize', 'boolean', 'false'),
  rw('MeterValuesAlignedData', 'measurands', 'Energy.Active.Import.Register'),
  rw(
    'MeterValuesSampledData',
    'measurands',
    (d) =>
      d.meterValuesSampledData ??
      'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC',
  ),
  rw('MeterValueSampleInterval', 'integer', (d) => String(d.meterValueSampleIntervalS ?? 60), 0),
  ro('NumberOfConnectors', 'integer', (d) => String(d.numberOfConnectors)),
  rw('ResetRetries', 'integer', '1', 0),
  rw('StopTransactionOnEVSideDisconnect', 'boolean', 'true'),
  rw('StopTransactionOnInvalidId', 'boolean', 'true'),
  rw('StopTxnAlignedData', 'measurands', ''),
  rw('StopTxnSampledData', 'measurands', 'Energy.Active.Import.Register'),
  ro('SupportedFeatureProfiles', 'string', 'Core,FirmwareManagement,SmartCharging,RemoteTrigger'),
  rw('TransactionMessageAttempts', 'integer', '3', 1),
  rw('TransactionMessageRetryInterval', 'integer', '60', 0),
  rw('UnlockConnectorOnEVSideDisconnect', 'boolean', 'true'),
  rw('WebSocketPingInterval', 'integer', '0', 0),
  ro('ChargeProfileMaxStackLevel', 'integer', '8'),
  ro('ChargingScheduleAllowedChargingRateUnit', 'string', 'Current,Power'),
  ro('ChargingScheduleMaxPeriods', 'integer', '24'),
  ro('MaxChargingProfilesInstalled', 'integer', '16'),
];
const INDEX = new Map(DEFINITIONS.map((d, i) => [d.key, i]));

/**
 * The station's configuration, keyed by the OCPP 1.6 configuration key names (Core and Smart
 * Charging profiles). The 1.6 adapter exposes it through GetConfiguration/ChangeConfiguration;
 * the 2.0.1 device model maps its component variables onto the same settings, so both versions
 * change the same behaviour. The keys' definitions are shared by every station; a station holds
 * only its values (a fleet of thousands keeps one table of keys).
 */
export class StationConfig {
  /** Values in {@link DEFINITIONS} order. */
  readonly #values: string[];
  readonly #listeners: ((key: string, value: string) => void)[] = [];
  /** Parsed measurand lists by key, read on every sample: dropped when the key changes. */
  readonly #lists = new Map<string, readonly string[]>();

  constructor(defaults: StationConfigDefaults) {
    this.#values = DEFINITIONS.map((d) => d.initial(defaults));
  }

  /** Every setting with its value now, in a stable order. */
  all(): readonly Setting[] {
    return DEFINITIONS.map((_, i) => this.#setting(i));
  }

  /** The setting of that key with its value now, or undefined when the station does not know it. */
  find(key: string): Setting | undefined {
    const i = INDEX.get(key);
    return i === undefined ? undefined : this.#setting(i);
  }

  /** The value of a known key. */
  get(key: string): string {
    return this.#values[this.#indexOf(key)]!;
  }

  /** The value of a known integer key. */
  getInt(key: string): number {
    return Number.parseInt(this.get(key), 10);
  }

  /** The value of a known boolean key. */
  getBool(key: string): boolean {
    return this.get(key) === 'true';
  }

  /**
   * The measurands of a measurand-list key. Parsed once per value (stations read it on every
   * sample); the same frozen array comes back until the key changes.
   */
  getList(key: string): readonly string[] {
    let list = this.#lists.get(key);
    if (list === undefined) {
      list = Object.freeze(
        this.get(key)
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== ''),
      );
      this.#lists.set(key, list);
    }
    return list;
  }

  /** Checks a new value without storing it: the reason it is refused, or undefined when fine. */
  check(key: string, value: string): string | undefined {
    const i = INDEX.get(key);
    if (i === undefined) return `unknown key ${key}`;
    const s = DEFINITIONS[i]!;
    if (s.readonly) return `${key} is read-only`;
    switch (s.kind) {
      case 'integer': {
        if (!/^-?\d+$/.test(value.trim())) return `${key} needs an integer, got "${value}"`;
        const n = Number.parseInt(value, 10);
        if (s.min !== undefined && n < s.min) return `${key} must be at least ${s.min}, got ${n}`;
        return undefined;
      }
      case 'boolean':
        return value === 'true' || value === 'false'
          ? undefined
          : `${key} needs true or false, got "${value}"`;
      case 'measurands': {
        const bad = value
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== '' && !(SUPPORTED_MEASURANDS as readonly string[]).includes(m));
        return bad.length === 0 ? undefined : `${key}: unsupported measurand(s) ${bad.join(', ')}`;
      }
      case 'string':
        return value.length <= 500 ? undefined : `${key} is longer than 500 characters`;
    }
  }

  /** Changes a key as ChangeConfiguration does: unknown keys are NotSupported, bad values Rejected. */
  change(key: string, value: string): ChangeResult {
    const i = INDEX.get(key);
    if (i === undefined) return 'NotSupported';
    if (this.check(key, value) !== undefined) return 'Rejected';
    this.#set(i, DEFINITIONS[i]!.kind === 'integer' ? String(Number.parseInt(value, 10)) : value);
    return 'Accepted';
  }

  /** Sets a value from inside the station (e.g. the heartbeat interval from BootNotification). */
  setInternal(key: string, value: string): void {
    this.#set(this.#indexOf(key), value);
  }

  /** Listens to every change. */
  onChange(listener: (key: string, value: string) => void): void {
    this.#listeners.push(listener);
  }

  #indexOf(key: string): number {
    const i = INDEX.get(key);
    if (i === undefined) throw new Error(`unknown configuration key ${key}`);
    return i;
  }

  #setting(i: number): Setting {
    const { key, kind, readonly, min } = DEFINITIONS[i]!;
    return { key, kind, readonly, ...(min === undefined ? {} : { min }), value: this.#values[i]! };
  }

  #set(i: number, value: string): void {
    const key = DEFINITIONS[i]!.key;
    this.#values[i] = value;
    this.#lists.delete(key);
    for (const l of this.#listeners) l(key, value);
  }
}
