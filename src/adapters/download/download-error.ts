/** A download that failed or was refused (HTTP error, timeout, too big, wrong checksum…). */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}
