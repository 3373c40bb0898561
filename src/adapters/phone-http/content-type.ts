/**
 * Content-Type by file extension, for what phones actually fetch. A small table on purpose: an
 * unknown extension is served as application/octet-stream, which no phone refuses, and
 * `nosniff` stops browsers from guessing anything more dangerous.
 */

const TEXT = 'text/plain; charset=utf-8';
const BINARY = 'application/octet-stream';

const BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  // Config files of most vendors (Yealink .cfg, Snom/Gigaset .conf, Cisco SPA .txt, Aastra .boot).
  ['cfg', TEXT],
  ['txt', TEXT],
  ['conf', TEXT],
  ['boot', TEXT],
  ['ini', TEXT],
  // text/xml rather than application/xml: it is what wazo-provd (Python's mimetypes) and
  // nginx's mime.types send, so phones tested against them see no change. They are equivalent.
  ['xml', 'text/xml; charset=utf-8'],
  ['htm', 'text/html; charset=utf-8'],
  ['html', 'text/html; charset=utf-8'],
  // JSON is UTF-8 by definition; the media type has no charset parameter.
  ['json', 'application/json'],
  ['crt', 'application/x-pem-file'],
  ['pem', 'application/x-pem-file'],
  // Wallpapers, logos and ring tones some phones download.
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['bmp', 'image/bmp'],
  ['wav', 'audio/wav'],
  // Firmware and archives are listed to document them; the default would give the same.
  ...['bin', 'rom', 'ld', 'img', 'zip', 'tar', 'gz', 'tgz', 'sbn', 'loads', 'dlf'].map(
    (ext): [string, string] => [ext, BINARY],
  ),
]);

/** Content-Type for a file name (the last path segment); case-insensitive on the extension. */
export const contentTypeFor = (filename: string): string => {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0) return BINARY; // no extension, or a dot file such as `.htaccess`
  return BY_EXTENSION.get(filename.slice(dot + 1).toLowerCase()) ?? BINARY;
};
