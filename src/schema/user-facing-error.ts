/** A refusal a mutation reports as a userError: the client can fix it, and nothing was written. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';

  constructor(
    message: string,
    readonly field: string[],
    readonly code: string,
  ) {
    super(message);
  }
}
