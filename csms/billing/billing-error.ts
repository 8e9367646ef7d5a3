/** Stable codes of billing failures; the API maps each onto one HTTP status. */
export type BillingErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

/** A billing operation refused, with a message that says what to change. */
export class BillingError extends Error {
  override readonly name = 'BillingError';
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
  }
}
