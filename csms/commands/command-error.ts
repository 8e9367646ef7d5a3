/** Stable codes of a failed remote command, each with its HTTP status. */
export const COMMAND_ERROR_STATUS = {
  unknown_station: 404,
  unsupported_action: 404,
  invalid_payload: 400,
  station_offline: 409,
  station_not_accepted: 409,
  connector_not_available: 409,
  station_error: 502,
  station_timeout: 504,
} as const;

/** A code of {@link CommandError}. */
export type CommandErrorCode = keyof typeof COMMAND_ERROR_STATUS;

/** Why a remote command was not carried out, in words that say what to do. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The HTTP status the REST API answers with. */
  get httpStatus(): number {
    return COMMAND_ERROR_STATUS[this.code];
  }
}
