/** Faults a simulated station's firmware update can be made to show. */
export interface FirmwareFaults {
  /** Download attempts that fail (`true`: every attempt). The station retries as UpdateFirmware asks. */
  readonly downloadFails?: boolean | number;
  /** The downloaded bytes do not match the served SHA-256 (every attempt). */
  readonly checksumMismatch?: boolean;
  /** The installation fails (InstallationFailed). */
  readonly installFails?: boolean;
  /** Reports the install as done but boots with the old version. */
  readonly rebootIntoOldVersion?: boolean;
}

/** How a simulated station updates its firmware. */
export interface FirmwareAgentOptions {
  /** Clock time the installation takes before the reboot, ms. Default 60 000. */
  readonly installDurationMs?: number;
  /** Install even while a transaction runs (the reboot ends it). Default false: wait for the transactions to end. */
  readonly installDuringTransaction?: boolean;
  /**
   * PEM public keys or certificates the station trusts to sign firmware. When given, a signing
   * certificate whose key is not among them is refused (InvalidCertificate). Default: any.
   */
  readonly trustedSigners?: readonly string[];
  readonly faults?: FirmwareFaults;
}

/** Checks options that cannot be right and names the field to change. */
export function checkFirmwareOptions(o: FirmwareAgentOptions): void {
  if (
    o.installDurationMs !== undefined &&
    !(Number.isFinite(o.installDurationMs) && o.installDurationMs >= 0)
  )
    throw new Error(`firmware installDurationMs must be a number of ms >= 0, got ${o.installDurationMs}`);
  const fails = o.faults?.downloadFails;
  if (typeof fails === 'number' && !(Number.isInteger(fails) && fails >= 0))
    throw new Error(
      `firmware faults.downloadFails must be true, false or a whole number of attempts, got ${fails}`,
    );
}
