/** Why a firmware request was refused, with a stable code and a message saying what to change. */
export class FirmwareError extends Error {
  override readonly name = 'FirmwareError';
  constructor(
    readonly code: 'bad_request' | 'not_found' | 'conflict' | 'too_large' | 'unavailable',
    message: string,
  ) {
    super(message);
  }

  /** The HTTP status the API answers with. */
  get httpStatus(): number {
    return { bad_request: 400, not_found: 404, conflict: 409, too_large: 413, unavailable: 503 }[this.code];
  }
}
