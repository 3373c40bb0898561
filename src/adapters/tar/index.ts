export {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractLimits,
  type ExtractResult,
  extractTarGz,
} from './extract-tar.js';
export { TarError } from './tar-error.js';
export { type WriteTarOptions, writeTarGz } from './write-tar.js';
