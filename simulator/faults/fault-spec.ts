/** The malformed-frame classes, one per row of the OCPP-J error table. */
export type MalformedKind =
  | 'bad-json'
  | 'bad-frame'
  | 'unknown-message-type'
  | 'unknown-action'
  | 'missing-field'
  | 'wrong-type'
  | 'bad-property'
  | 'bad-format';

/** Every malformed-frame class. */
export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'bad-json',
  'bad-frame',
  'unknown-message-type',
  'unknown-action',
  'missing-field',
  'wrong-type',
  'bad-property',
  'bad-format',
];

/**
 * Faults one station injects. Rates are probabilities per frame (0..1), drawn from the station's
 * seeded stream, so the same seed injects the same faults at the same frames.
 */
export interface FaultSpec {
  /** Drops the connection every `everyMs` (clock time), staying away `downMs` before the back-off starts. */
  readonly disconnect?: { readonly everyMs: number; readonly downMs?: number };
  /** Delays every outgoing frame by `meanMs` +- `jitterMs` (order is kept, as TCP does). */
  readonly delay?: { readonly meanMs: number; readonly jitterMs?: number };
  /** Share of outgoing frames silently lost. */
  readonly dropRate?: number;
  /** Share of outgoing frames sent twice. */
  readonly duplicateRate?: number;
  /** Share of periodic meter samples held back and sent after the next one (out-of-order timestamps). */
  readonly reorderMeterValuesRate?: number;
  /** Sends a malformed frame every `everyMs`, cycling through `kinds` (default: all). */
  readonly malformed?: { readonly everyMs: number; readonly kinds?: readonly MalformedKind[] };
  /** Answers a share of the CSMS's CALLs only after `delayMs` (past its timeout). */
  readonly slowResponse?: { readonly rate: number; readonly delayMs: number };
  /** The station offers its full rating whatever the charging profiles say (non-compliant firmware). */
  readonly ignoreLimits?: boolean;
  /** The energy register drops to 0 every `everyMs` (a meter swapped or reset). */
  readonly meterReset?: { readonly everyMs: number };
  /**
   * Wrong status order (non-compliant firmware): the first StatusNotification reporting `first`
   * goes out as `second`, and the next one reporting `second` goes out as `first`.
   */
  readonly swapStatuses?: { readonly first: string; readonly second: string };
  /** Missing field (non-compliant firmware): CALLs of `action` go out without the top-level `field`. */
  readonly dropField?: { readonly action: string; readonly field: string };
  /** The station answers SetChargingProfile Accepted but never applies the profile. */
  readonly ignoreProfiles?: boolean;
  /** Bad firmware status sequence: FirmwareStatusNotifications with this status are never sent. */
  readonly skipFirmwareStatus?: string;
}

/** Names of the faults, for CLI options and reports. */
export type FaultName = keyof FaultSpec;

/**
 * Checks a fault spec and says which field to change.
 * @throws Error naming the field and the accepted range
 */
export function checkFaultSpec(spec: FaultSpec, where = 'faults'): FaultSpec {
  const rate = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(v >= 0 && v <= 1))
      throw new Error(`${where}.${name} must be between 0 and 1, got ${v}`);
  };
  const positive = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new Error(`${where}.${name} must be a positive number of ms, got ${v}`);
    }
  };
  rate('dropRate', spec.dropRate);
  rate('duplicateRate', spec.duplicateRate);
  rate('reorderMeterValuesRate', spec.reorderMeterValuesRate);
  rate('slowResponse.rate', spec.slowResponse?.rate);
  positive('disconnect.everyMs', spec.disconnect?.everyMs);
  positive('malformed.everyMs', spec.malformed?.everyMs);
  positive('meterReset.everyMs', spec.meterReset?.everyMs);
  positive('slowResponse.delayMs', spec.slowResponse?.delayMs);
  if (spec.delay !== undefined && !(spec.delay.meanMs >= 0 && (spec.delay.jitterMs ?? 0) >= 0)) {
    throw new Error(`${where}.delay needs meanMs >= 0 and jitterMs >= 0`);
  }
  if (
    spec.swapStatuses !== undefined &&
    (spec.swapStatuses.first === '' || spec.swapStatuses.second === '')
  ) {
    throw new Error(`${where}.swapStatuses needs two status names, first and second`);
  }
  if (spec.dropField !== undefined && (spec.dropField.action === '' || spec.dropField.field === '')) {
    throw new Error(`${where}.dropField needs an action and a field name`);
  }
  for (const k of spec.malformed?.kinds ?? []) {
    if (!MALFORMED_KINDS.includes(k)) {
      throw new Error(
        `${where}.malformed.kinds: unknown kind "${k}"; use one of ${MALFORMED_KINDS.join(', ')}`,
      );
    }
  }
  return spec;
}
