import { PROV_MIME } from '../../../adapters/rest/http/prov-mime.js';
import { CliFailure } from '../../shared/errors.js';
import type { Connection } from './connection.js';

/** How long one request may take, answer included, before the server counts as unreachable. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface Answer {
  readonly status: number;
  /** The `Location` header: where an operation's monitor is. */
  readonly location: string | undefined;
  readonly text: string;
}

/** The server answered, but not with a success: its plain-text message and status. */
export class ServerRefusal extends CliFailure {
  constructor(
    readonly status: number,
    /** The server's own words (its plain-text body). */
    readonly reason: string,
    hints: readonly string[] = [],
  ) {
    super(`${reason} (${status})`, hints);
  }

  /** The same refusal with what the operator can do about it. */
  withHints(hints: readonly string[]): ServerRefusal {
    return new ServerRefusal(this.status, this.reason, [...this.hints, ...hints]);
  }
}

const TOKEN_HINTS = [
  'an unknown, revoked or expired token, or one without the provd.pg_mgr ACLs this needs',
  '`provd token create` (on the server) makes one; pass it with --token or PROVD_TOKEN',
];

/** Why fetch failed, in the words of the socket rather than fetch's own `fetch failed`. */
const reasonOf = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = error.cause as (Error & { code?: string; errors?: unknown[] }) | undefined;
  if (cause === undefined) return error.message;
  // Several addresses tried (localhost: ::1 then 127.0.0.1): an AggregateError without a message.
  const first = cause.errors?.[0];
  return cause.message || (first instanceof Error ? first.message : '') || cause.code || error.message;
};

/**
 * A client of provd's REST API, in the manner of wazo-provd-client: provd's media type for
 * bodies and Accept, the token in X-Auth-Token. Anything but a success is thrown as a
 * CliFailure carrying the server's message.
 */
export class ProvdClient {
  constructor(readonly connection: Connection) {}

  /** A path under `/0.2`, or a Location the server gave (already under `/0.2`). */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this.connection.baseUrl}${path.startsWith('/0.2/') ? path : `/0.2${path}`}`;
  }

  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Answer> {
    const url = this.url(path);
    const headers: Record<string, string> = { accept: PROV_MIME, 'x-auth-token': this.connection.token };
    if (body !== undefined) headers['content-type'] = PROV_MIME;
    let answer: Answer;
    try {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const response = await fetch(url, {
        method,
        headers,
        signal,
        redirect: 'manual',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      answer = {
        status: response.status,
        location: response.headers.get('location') ?? undefined,
        text: await response.text(),
      };
    } catch (error) {
      throw new CliFailure(`cannot reach provd at ${this.connection.baseUrl}: ${reasonOf(error)}`, [
        'is the server running? --url or the configuration (rest.host, rest.port) says where it is',
      ]);
    }
    if (answer.status === 401) throw new ServerRefusal(401, 'the token was refused', TOKEN_HINTS);
    // Not followed: X-Auth-Token would go along to wherever the redirection points.
    if (answer.status >= 300 && answer.status <= 399) {
      throw new CliFailure(`${url} redirects to ${answer.location ?? 'nowhere'} (${answer.status})`, [
        'give the address it redirects to as --url',
      ]);
    }
    if (answer.status < 200 || answer.status > 299) {
      throw new ServerRefusal(answer.status, answer.text.trim() || `${method} ${url} failed`);
    }
    return answer;
  }

  /** GET an entity (provd's JSON). */
  async get<T>(path: string): Promise<T> {
    const { text } = await this.request('GET', path);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliFailure(`GET ${this.url(path)} did not answer JSON`, [
        `is ${this.connection.baseUrl} provd's REST API?`,
      ]);
    }
  }

  post(path: string, body: unknown): Promise<Answer> {
    return this.request('POST', path, body);
  }

  async delete(path: string): Promise<void> {
    await this.request('DELETE', path);
  }
}

/** The `pkgs` map of provd's plugin and package listings. */
export const pkgsOf = <T>(entity: unknown, path: string): Record<string, T> => {
  const pkgs = (entity as { pkgs?: unknown } | null)?.pkgs;
  if (typeof pkgs !== 'object' || pkgs === null || Array.isArray(pkgs)) {
    throw new CliFailure(`${path}: the answer has no pkgs`);
  }
  return pkgs as Record<string, T>;
};

/**
 * Adds what the operator can do about a refusal of `work` (a 401 keeps its own hints). `hints`
 * answers nothing for refusals it has no advice on.
 */
export const withRefusalHints = <T>(
  work: Promise<T>,
  hints: (refusal: ServerRefusal) => readonly string[],
): Promise<T> =>
  work.catch((error: unknown) => {
    if (error instanceof ServerRefusal && error.status !== 401) throw error.withHints(hints(error));
    throw error;
  });
