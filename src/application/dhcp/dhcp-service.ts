import * as E from 'fp-ts/lib/Either.js';
import type { PhonePipeline } from '../pipeline/phone-pipeline.js';
import { parseDhcpInfo } from './parse-dhcp-info.js';

export interface DhcpLogger {
  warn(details: object, message: string): void;
}

/**
 * The pipeline entry behind `POST /0.2/dev_mgr/dhcpinfo`: a lease commit identifies (and, in
 * default mode, creates) the device before it asks for a file. As with provd, the caller gets its
 * answer at once (204) and processing goes on behind it; a bad body is refused (Left: the 400
 * text) and a failure in processing is only logged.
 */
export class DhcpService {
  constructor(
    private readonly pipeline: PhonePipeline,
    private readonly logger: DhcpLogger,
  ) {}

  /** Right(promise of the processing) when accepted; the promise never rejects. */
  submit(body: unknown, requestId?: string): E.Either<string, Promise<void>> {
    const parsed = parseDhcpInfo(body);
    if (E.isLeft(parsed)) return parsed;
    const info = parsed.right;
    if (info.kind === 'ignored') return E.right(Promise.resolve());
    const { request } = info;
    const done = this.pipeline
      .process(request, {
        source: 'dhcp',
        clientIp: request.clientIp,
        ...(requestId ? { correlationId: requestId } : {}),
      })
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err, mac: request.mac }, 'DHCP information not processed'),
      );
    return E.right(done);
  }
}
