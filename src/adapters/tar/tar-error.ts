/** An archive we refuse to write or to extract; the message says what is wrong and where. */
export class TarError extends Error {
  override readonly name = 'TarError';
}
