import type { FastifyInstance } from 'fastify';

/**
 * How long requests and transfers under way may go on once provd is asked to stop. Phones
 * fetching a firmware image over a slow link need tens of seconds; systemd's TimeoutStopSec and
 * docker's stop_grace_period in contrib/ and docker-compose.yml leave room for it.
 */
export const SHUTDOWN_DRAIN_MS = 20_000;

/**
 * Closes a fastify listener: no new connection is accepted and idle keep-alive connections are
 * closed at once (fastify's default); requests under way may finish for `drainMs`, and a request
 * arriving on a busy keep-alive connection meanwhile gets a 503. Connections still open then
 * are cut.
 */
export const closeFastify = async (app: FastifyInstance, drainMs: number): Promise<void> => {
  const timer = setTimeout(() => app.server.closeAllConnections(), drainMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The listeners phones and clients reach, closed together: one still accepting while another
 * drains would take new work that the shutdown then cuts. Closing twice waits for the first.
 */
export class Listeners {
  readonly #closers: (() => Promise<void>)[] = [];
  #closed: Promise<void> | undefined;

  add(close: () => Promise<void>): void {
    this.#closers.push(close);
  }

  close(): Promise<void> {
    this.#closed ??= Promise.allSettled(this.#closers.map((close) => close())).then((results) => {
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    });
    return this.#closed;
  }
}
