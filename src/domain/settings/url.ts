/**
 * Just enough of Python's urlsplit for provd's parameter checks: the scheme is what precedes the
 * first `:` when it starts with a letter and uses scheme characters only; the network location
 * follows a `//`; the hostname is the location without credentials and port.
 */
export interface SplitUrl {
  readonly scheme: string;
  readonly hostname: string;
  readonly path: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

const hostnameOf = (netloc: string): string => {
  const host = netloc.slice(netloc.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, Math.max(1, host.indexOf(']'))).toLowerCase();
  const colon = host.indexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
};

export const splitUrl = (url: string): SplitUrl => {
  const schemeMatch = SCHEME.exec(url);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? '';
  let rest = schemeMatch ? url.slice(schemeMatch[0].length) : url;
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  const pathEnd = rest.search(/[?#]/);
  return { scheme, hostname: hostnameOf(netloc), path: pathEnd < 0 ? rest : rest.slice(0, pathEnd) };
};
