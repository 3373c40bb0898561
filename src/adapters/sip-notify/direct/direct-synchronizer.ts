import type { RemoteInfo } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { isIPv4 } from 'node:net';
import type { Synchronizer, SyncOptions, SyncTarget } from '../../../application/sync/synchronizer.js';
import { SyncError } from '../../../application/sync/synchronizer.js';
import { notEnoughInformation } from '../../../application/sync/target.js';
import { unsupportedPlanError } from '../../../application/sync/unsupported.js';
import type { SyncPlan } from '../../../plugin-runtime/contract.js';
import { type SyncLogger, silentSyncLogger } from '../logger.js';
import { NotifyClientTransaction } from './client-transaction.js';
import { checkEvent, extraHeaderLines } from './extra-headers.js';
import { isWildcard, outgoingAddress } from './local-address.js';
import { buildNotify, newTransactionIds } from './notify-request.js';
import { SharedSocket } from './shared-socket.js';
import { parseSipResponse } from './sip-response.js';
import { resolveTimers, type SipTimers } from './timers.js';

export const DEFAULT_SIP_PORT = 5060;

export interface DirectSipNotifyOptions {
  /** The phones' SIP port when a target names none. */
  readonly defaultPort?: number;
  /** Local address to send from and hear answers on (default: every IPv4 interface). */
  readonly localAddress?: string;
  /** Local port (default: an ephemeral one). A fixed one lets a firewall rule let answers in. */
  readonly localPort?: number;
  readonly timers?: Partial<SipTimers>;
  readonly userAgent?: string;
  readonly logger?: SyncLogger;
}

interface Pending {
  readonly transaction: NotifyClientTransaction;
  readonly callId: string;
}

const validPort = (port: number): boolean => Number.isInteger(port) && port > 0 && port < 65536;

/**
 * Sends the plugin's SIP NOTIFY straight to the phone's recorded IP, without an Asterisk. Works
 * when provd can reach the phone's SIP port: not through NAPT (docs/synchronization.md).
 */
export class DirectSipNotifySynchronizer implements Synchronizer {
  readonly #defaultPort: number;
  readonly #timers: SipTimers;
  readonly #userAgent: string;
  readonly #logger: SyncLogger;
  readonly #socket: SharedSocket;
  /** In-flight transactions by Via branch. */
  readonly #pending = new Map<string, Pending>();
  #closed = false;

  constructor(options: DirectSipNotifyOptions = {}) {
    this.#defaultPort = options.defaultPort ?? DEFAULT_SIP_PORT;
    if (!validPort(this.#defaultPort)) throw new RangeError(`invalid SIP port ${this.#defaultPort}`);
    const localPort = options.localPort ?? 0;
    if (localPort !== 0 && !validPort(localPort)) throw new RangeError(`invalid local SIP port ${localPort}`);
    const localAddress = options.localAddress ?? '0.0.0.0';
    if (!isIPv4(localAddress))
      throw new RangeError(`the local SIP address must be IPv4, not "${localAddress}"`);
    this.#timers = resolveTimers(options.timers);
    this.#userAgent = options.userAgent ?? 'provd';
    this.#logger = options.logger ?? silentSyncLogger;
    this.#socket = new SharedSocket({
      address: localAddress,
      port: localPort,
      onMessage: (datagram, from) => this.#onDatagram(datagram, from),
      onError: (error) => this.#onSocketError(error),
    });
  }

  /** The shared socket's address once a synchronization has opened it. */
  get localAddress(): AddressInfo | undefined {
    return this.#socket.address;
  }

  async synchronize(target: SyncTarget, plan: SyncPlan, options: SyncOptions = {}): Promise<void> {
    if (plan.kind === 'unsupported') throw unsupportedPlanError(plan);
    const { ip } = target;
    if (ip === undefined || ip === '') throw notEnoughInformation(target);
    if (!isIPv4(ip))
      throw new SyncError(`cannot synchronize device ${target.deviceId}: bad IPv4 address "${ip}"`);
    const port = target.sipPort ?? this.#defaultPort;
    if (!validPort(port))
      throw new SyncError(`cannot synchronize device ${target.deviceId}: bad SIP port ${port}`);
    const event = checkEvent(plan.event);
    const headerLines = extraHeaderLines(plan.extraHeaders);
    const { signal } = options;
    const cancelled = (): SyncError =>
      new SyncError(`synchronization of device ${target.deviceId} was cancelled`);
    this.#checkOpen(target);
    if (signal?.aborted) throw cancelled();

    const bound = await this.#socket.open();
    const localHost = isWildcard(bound.address) ? await this.#routeTo(ip, port) : bound.address;
    this.#checkOpen(target);
    if (signal?.aborted) throw cancelled();

    const ids = newTransactionIds(localHost);
    const datagram = Buffer.from(
      buildNotify({
        ids,
        phone: { host: ip, port },
        local: { host: localHost, port: bound.port },
        event,
        extraHeaderLines: headerLines,
        userAgent: this.#userAgent,
      }),
      'utf8',
    );
    const peer = `${ip}:${port}`;
    const onAbort = (): void => transaction.fail(cancelled());
    const transaction: NotifyClientTransaction = new NotifyClientTransaction({
      timers: this.#timers,
      peer,
      transmit: () =>
        this.#socket.send(datagram, port, ip, (reason) =>
          transaction.fail(new SyncError(`cannot send the NOTIFY to ${peer}: ${reason}`)),
        ),
      onEnd: () => {
        this.#pending.delete(ids.branch);
        signal?.removeEventListener('abort', onAbort);
      },
    });
    this.#pending.set(ids.branch, { transaction, callId: ids.callId });
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#logger.debug({ deviceId: target.deviceId, peer, event }, 'sending SIP NOTIFY');
    transaction.start();
    return transaction.outcome;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const { transaction } of [...this.#pending.values()]) {
      transaction.fail(new SyncError('the SIP NOTIFY synchronizer was closed'));
    }
    await this.#socket.close();
  }

  #checkOpen(target: SyncTarget): void {
    if (this.#closed) {
      throw new SyncError(
        `cannot synchronize device ${target.deviceId}: the SIP NOTIFY synchronizer is closed`,
      );
    }
  }

  async #routeTo(ip: string, port: number): Promise<string> {
    try {
      return await outgoingAddress(ip, port);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new SyncError(`cannot reach ${ip}:${port} from this host: ${reason}`);
    }
  }

  #onDatagram(datagram: Buffer, from: RemoteInfo): void {
    const response = parseSipResponse(datagram);
    const source = `${from.address}:${from.port}`;
    if (response === undefined) {
      this.#logger.debug(
        { from: source, bytes: datagram.length },
        'ignored a datagram that is no SIP response',
      );
      return;
    }
    const pending = this.#pending.get(response.branch);
    if (
      pending === undefined ||
      pending.callId !== response.callId ||
      response.cseq.number !== 1 ||
      response.cseq.method !== 'NOTIFY'
    ) {
      this.#logger.debug(
        { from: source, status: response.status },
        'ignored a SIP response to no pending NOTIFY',
      );
      return;
    }
    pending.transaction.receive(response.status, response.reason);
  }

  #onSocketError(error: Error): void {
    this.#logger.warn({ err: error }, 'the SIP NOTIFY socket failed; it is opened again on next use');
    for (const { transaction } of [...this.#pending.values()]) {
      transaction.fail(new SyncError(`the SIP socket failed: ${error.message}`));
    }
  }
}
