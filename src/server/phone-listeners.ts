import { mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildPhoneHttpApp } from '../adapters/phone-http/phone-http-app.js';
import type { PhoneHttpResolution } from '../adapters/phone-http/types.js';
import { TftpServer } from '../adapters/tftp/index.js';
import type { TftpResolution, TftpUploads } from '../adapters/tftp/types.js';
import type { PhoneCounters } from '../application/metrics/phone-counters.js';
import type { PhoneFileService } from '../application/serving/phone-file-service.js';
import type { ServerConfig } from '../config/server-config.js';

/** The phone HTTP app, answering from the file service. */
export const buildPhoneHttp = (
  config: ServerConfig,
  files: PhoneFileService,
  tenantByKey: (key: string) => string | undefined,
  logger: Logger,
  counters?: PhoneCounters,
): FastifyInstance =>
  buildPhoneHttpApp({
    ...(counters ? { onOutcome: (outcome) => counters.httpOutcome(outcome) } : {}),
    trustedProxies: config.http.trustedProxies,
    ...(config.http.authStrategy === 'url_key' ? { urlKey: { lookup: tenantByKey } } : {}),
    logger: logger.child({ listener: 'phone-http' }),
    async resolve(request): Promise<PhoneHttpResolution> {
      const outcome = await files.serve(
        {
          protocol: 'http',
          path: request.path,
          filename: request.filename,
          clientIp: request.clientIp,
          headers: request.headers,
        },
        request.urlKey ? { tenantOfKey: request.urlKey.tenantUuid } : {},
      );
      if (outcome.kind === 'not-found') return outcome;
      const { file } = outcome;
      return file.kind === 'rendered'
        ? { kind: 'bytes', body: file.body, etag: `"${file.hash}"`, lastModified: file.renderedAt }
        : { kind: 'file', path: file.path };
    },
  });

/**
 * Where a phone's TFTP uploads go (Polycom logs and overrides): a folder of its own under the
 * data dir, named after the device the client's address belongs to. A client that is not one
 * known device gets nothing.
 */
export const deviceUploads = (
  dataDir: string,
  devicesAt: (ip: string) => readonly { id: string }[],
): TftpUploads => ({
  async accept(request) {
    const devices = devicesAt(request.client.address);
    if (devices.length !== 1)
      return { kind: 'denied', reason: `no single device at ${request.client.address}` };
    const dir = join(dataDir, 'uploads', devices[0]!.id);
    await mkdir(dir, { recursive: true });
    return { kind: 'accept', path: join(dir, posix.basename(request.filename)) };
  },
});

/** The TFTP server, answering from the same file service as HTTP. */
export const buildTftp = (
  config: ServerConfig,
  files: PhoneFileService,
  logger: Logger,
  uploads?: TftpUploads,
  counters?: PhoneCounters,
): TftpServer =>
  new TftpServer({
    ...(counters ? { onEvent: (event) => counters.tftpEvent(event) } : {}),
    host: config.tftp.host,
    port: config.tftp.port,
    caseInsensitive: config.tftp.caseInsensitive,
    ...(uploads ? { uploads } : {}),
    logger: logger.child({ listener: 'tftp' }),
    async resolve(request): Promise<TftpResolution> {
      const outcome = await files.serve(
        {
          protocol: 'tftp',
          path: request.filename,
          filename: posix.basename(request.filename),
          clientIp: request.client.address,
          headers: {},
        },
        { caseInsensitive: request.caseInsensitive },
      );
      if (outcome.kind === 'not-found') return outcome;
      const { file } = outcome;
      return file.kind === 'rendered'
        ? { kind: 'buffer', data: file.body }
        : { kind: 'file', path: file.path, size: file.size };
    },
  });

/**
 * Port 69 needs privileges. Not getting it must not take the other services down: say what to
 * do and go on without TFTP.
 */
export const tftpListenAdvice = (error: unknown, port: number): string | undefined => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return (
      `TFTP cannot listen on UDP port ${port}: permission denied. Run provd with the ` +
      'CAP_NET_BIND_SERVICE capability (systemd: AmbientCapabilities=CAP_NET_BIND_SERVICE), or set ' +
      'PROVD_TFTP_PORT to a port above 1023 and redirect UDP 69 to it. HTTP and the REST API keep running.'
    );
  }
  if (code === 'EADDRINUSE') {
    return `TFTP cannot listen on UDP port ${port}: another TFTP server uses it (tftpd-hpa?). Stop it or set PROVD_TFTP_PORT. HTTP and the REST API keep running.`;
  }
  return undefined;
};
