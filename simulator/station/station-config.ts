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

/** A setting as the config holds it (its value changes). */
type HeldSetting = { -readonly [K in keyof Setting]: Setting[K] };

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

/**
 * The station's configuration, keyed by the OCPP 1.6 configuration key names (Core and Smart
 * Charging profiles). The 1.6 adapter exposes it through GetConfiguration/ChangeConfiguration;
 * the 2.0.1 device model maps its component variables onto the same settings, so both versions
 * change the same behaviour.
 */
export class StationConfig {
  readonly #settings = new Map<string, HeldSetting>();
  readonly #listeners: ((key: string, value: string) => void)[] = [];
  /** Parsed measurand lists by key, read on every sample: dropped when the key changes. */
  readonly #lists = new Map<string, readonly string[]>();

  constructor(defaults: StationConfigDefaults) {
    const rw = (key: string, kind: SettingKind, value: string, min?: number): void => {
      this.#settings.set(key, { key, kind, readonly: false, value, ...(min === undefined ? {} : { min }) });
    };
    const ro = (key: string, kind: SettingKind, value: string): void => {
      this.#settings.set(key, { key, kind, readonly: true, value });
    };
    rw('AllowOfflineTxForUnknownId', 'boolean', 'false');
    rw('AuthorizationCacheEnabled', 'boolean', 'true');
    rw('AuthorizeRemoteTxRequests', 'boolean', 'false');
    rw('ClockAlignedDataInterval', 'integer', '0', 0);
    rw('ConnectionTimeOut', 'integer', String(defaults.connectionTimeOutS ?? 60), 1);
    rw('ConnectorPhaseRotation', 'string', '0.RST');
    ro('GetConfigurationMaxKeys', 'integer', '50');
    rw('HeartbeatInterval', 'integer', String(defaults.heartbeatIntervalS ?? 300), 0);
    rw('LocalAuthorizeOffline', 'boolean', 'true');
    rw('LocalPreAuthorize', 'boolean', 'false');
    rw('MeterValuesAlignedData', 'measurands', 'Energy.Active.Import.Register');
    rw(
      'MeterValuesSampledData',
      'measurands',
      defaults.meterValuesSampledData ??
        'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC',
    );
    rw('MeterValueSampleInterval', 'integer', String(defaults.meterValueSampleIntervalS ?? 60), 0);
    ro('NumberOfConnectors', 'integer', String(defaults.numberOfConnectors));
    rw('ResetRetries', 'integer', '1', 0);
    rw('StopTransactionOnEVSideDisconnect', 'boolean', 'true');
    rw('StopTransactionOnInvalidId', 'boolean', 'true');
    rw('StopTxnAlignedData', 'measurands', '');
    rw('StopTxnSampledData', 'measurands', 'Energy.Active.Import.Register');
    ro('SupportedFeatureProfiles', 'string', 'Core,FirmwareManagement,SmartCharging,RemoteTrigger');
    rw('TransactionMessageAttempts', 'integer', '3', 1);
    rw('TransactionMessageRetryInterval', 'integer', '60', 0);
    rw('UnlockConnectorOnEVSideDisconnect', 'boolean', 'true');
    rw('WebSocketPingInterval', 'integer', '0', 0);
    ro('ChargeProfileMaxStackLevel', 'integer', '8');
    ro('ChargingScheduleAllowedChargingRateUnit', 'string', 'Current,Power');
    ro('ChargingScheduleMaxPeriods', 'integer', '24');
    ro('MaxChargingProfilesInstalled', 'integer', '16');
  }

  /** Every setting, in a stable order. */
  all(): readonly Setting[] {
    return [...this.#settings.values()];
  }

  /** The setting of that key, or undefined when the station does not know it. */
  find(key: string): Setting | undefined {
    return this.#settings.get(key);
  }

  /** The value of a known key. */
  get(key: string): string {
    const s = this.#settings.get(key);
    if (s === undefined) throw new Error(`unknown configuration key ${key}`);
    return s.value;
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
    const s = this.#settings.get(key);
    if (s === undefined) return `unknown key ${key}`;
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
    const s = this.#settings.get(key);
    if (s === undefined) return 'NotSupported';
    if (this.check(key, value) !== undefined) return 'Rejected';
    s.value = s.kind === 'integer' ? String(Number.parseInt(value, 10)) : value;
    this.#lists.delete(key);
    for (const l of this.#listeners) l(key, s.value);
    return 'Accepted';
  }

  /** Sets a value from inside the station (e.g. the heartbeat interval from BootNotification). */
  setInternal(key: string, value: string): void {
    const s = this.#settings.get(key);
    if (s === undefined) throw new Error(`unknown configuration key ${key}`);
    s.value = value;
    this.#lists.delete(key);
    for (const l of this.#listeners) l(key, s.value);
  }

  /** Listens to every change. */
  onChange(listener: (key: string, value: string) => void): void {
    this.#listeners.push(listener);
  }
}
