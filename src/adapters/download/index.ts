export { type Downloaded, type DownloadOptions, download } from './download.js';
export { DownloadError } from './download-error.js';
export { displayUrl } from './http-get.js';
export type { ProxySettings } from './proxies.js';
