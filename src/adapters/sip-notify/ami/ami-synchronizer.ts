import type { Synchronizer, SyncOptions, SyncTarget } from '../../../application/sync/synchronizer.js';
import { SyncError } from '../../../application/sync/synchronizer.js';
import { notEnoughInformation } from '../../../application/sync/target.js';
import { unsupportedPlanError } from '../../../application/sync/unsupported.js';
import type { SyncPlan } from '../../../plugin-runtime/contract.js';
import { type SyncLogger, silentSyncLogger } from '../logger.js';
import { formatSeconds } from '../seconds.js';
import { checkAmidAnswer } from './amid-answer.js';
import { describeDestination, pjsipNotifyBody } from './pjsip-notify.js';

export const DEFAULT_AMID_TIMEOUT_MS = 10_000;

export interface AmiSynchronizerOptions {
  /** wazo-amid's base URL, e.g. `http://localhost:9491` (a trailing `/1.0` is accepted). */
  readonly amidUrl: string;
  /** A valid wazo-auth token with the ACL `amid.action.PJSIPNotify.create`. */
  readonly token: () => Promise<string>;
  /** For the whole exchange with wazo-amid, token excluded. */
  readonly timeoutMs?: number;
  readonly logger?: SyncLogger;
}

const actionUrl = (amidUrl: string): URL => {
  const base = new URL(amidUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new RangeError(`the wazo-amid URL must be http or https, not ${base.protocol}`);
  }
  const path = base.pathname.replace(/\/+$/, '');
  base.pathname = `${path.endsWith('/1.0') ? path : `${path}/1.0`}/action/PJSIPNotify`;
  return base;
};

const causeOf = (error: unknown): string => {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};

/**
 * provd's way on a Wazo platform: the AMI action PJSIPNotify through wazo-amid's REST API, so
 * Asterisk sends the NOTIFY — to the phone's registration when its endpoint is known.
 */
export class AmiSynchronizer implements Synchronizer {
  readonly #url: URL;
  readonly #token: () => Promise<string>;
  readonly #timeoutMs: number;
  readonly #logger: SyncLogger;
  readonly #inFlight = new Set<AbortController>();
  #closed = false;

  constructor(options: AmiSynchronizerOptions) {
    this.#url = actionUrl(options.amidUrl);
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_AMID_TIMEOUT_MS;
    this.#logger = options.logger ?? silentSyncLogger;
  }

  async synchronize(target: SyncTarget, plan: SyncPlan, options: SyncOptions = {}): Promise<void> {
    if (plan.kind === 'unsupported') throw unsupportedPlanError(plan);
    if (this.#closed)
      throw new SyncError(`cannot synchronize device ${target.deviceId}: the synchronizer is closed`);
    const body = pjsipNotifyBody(target, plan);
    if (body === undefined) throw notEnoughInformation(target);
    const destination = describeDestination(body);

    let token: string;
    try {
      token = await this.#token();
    } catch (error) {
      throw new SyncError(
        `cannot get a token for wazo-amid: ${error instanceof Error ? error.message : error}`,
      );
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    const onAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.#inFlight.add(controller);
    this.#logger.debug({ deviceId: target.deviceId, destination }, 'asking wazo-amid for a PJSIPNotify');
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-auth-token': token },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      checkAmidAnswer(response.status, await response.text(), destination);
    } catch (error) {
      if (error instanceof SyncError) throw error;
      if (controller.signal.aborted) {
        if (options.signal?.aborted)
          throw new SyncError(`synchronization of device ${target.deviceId} was cancelled`);
        if (this.#closed)
          throw new SyncError(`synchronization of device ${target.deviceId} was cancelled: closing`);
        throw new SyncError(
          `wazo-amid at ${this.#url.origin} did not answer within ${formatSeconds(this.#timeoutMs)} s`,
        );
      }
      throw new SyncError(`cannot reach wazo-amid at ${this.#url.origin}: ${causeOf(error)}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.#inFlight.delete(controller);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const controller of this.#inFlight) controller.abort();
  }
}
