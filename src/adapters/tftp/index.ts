export { normaliseFilename } from './filename.js';
export { TftpServer } from './server.js';
export type {
  TftpClient,
  TftpContent,
  TftpDirection,
  TftpEvent,
  TftpLogger,
  TftpMode,
  TftpReadRequest,
  TftpResolution,
  TftpServerOptions,
  TftpUploadDecision,
  TftpUploads,
  TftpWriteRequest,
} from './types.js';
