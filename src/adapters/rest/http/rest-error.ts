/**
 * An answer other than success. provd's errors are plain text: clients only look at the status
 * and the text, so the message is the whole body.
 */
export class RestError extends Error {
  override readonly name = 'RestError';

  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra response headers (e.g. Allow on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const NO_SUCH_RESOURCE = 'No such resource';

export const notFound = (): RestError => new RestError(404, NO_SUCH_RESOURCE);
export const unauthorized = (): RestError => new RestError(401, 'Unauthorized');
export const badRequest = (message: string): RestError => new RestError(400, message);
