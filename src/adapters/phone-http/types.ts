import type { FastifyBaseLogger } from 'fastify';

/** What the provisioning pipeline is asked about: a phone request, already made safe. */
export interface PhoneHttpRequest {
  /** Percent-decoded once, checked segment by segment, URL key removed, no leading `/`. */
  readonly path: string;
  /** The last segment of `path` (`''` for the empty path). */
  readonly filename: string;
  /** From X-Forwarded-For according to the trusted proxies count, else the TCP peer. */
  readonly clientIp: string;
  /** Lower-case names; repeated headers joined with `, ` as Node does. */
  readonly headers: Readonly<Record<string, string>>;
  /** Present when the URL key gate is on and the key was known. */
  readonly urlKey?: { readonly key: string; readonly tenantUuid: string };
}

export type PhoneHttpResolution =
  /** A rendered file from memory; `etag` is strong and quoted (`"…"`). */
  | {
      readonly kind: 'bytes';
      readonly body: Uint8Array;
      readonly etag: string;
      readonly lastModified: Date;
      readonly contentType?: string;
    }
  /**
   * A file on disk (firmware…), streamed. `path` is absolute and already confined by the resolver.
   * ETag and Last-Modified come from the file's size and mtime.
   */
  | { readonly kind: 'file'; readonly path: string; readonly contentType?: string }
  /** `reason` goes to the log and to `onOutcome`, never to the phone. */
  | { readonly kind: 'not-found'; readonly reason: string };

export interface PhoneHttpOutcome {
  readonly status: number;
  /** Why the request was refused or failed; absent on success. */
  readonly reason?: string;
  /** Body bytes we set out to send (0 for HEAD, 304 and refusals with the constant text). */
  readonly bytes: number;
}

export interface PhoneHttpTimeouts {
  /** Time allowed to receive the request headers (slowloris). */
  readonly headersMs: number;
  /** Time allowed to receive the whole request. */
  readonly requestMs: number;
  /** Socket inactivity, in both directions, before it is destroyed. */
  readonly idleMs: number;
  /** How long an idle keep-alive connection is kept between two requests. */
  readonly keepAliveMs: number;
}

export interface PhoneHttpOptions {
  resolve(request: PhoneHttpRequest): Promise<PhoneHttpResolution>;
  /** wazo-provd's `http_proxied_trusted_proxies_count`: 0 = the TCP peer is the client. */
  readonly trustedProxies: number;
  /** When set, the first path segment must be a known key; `lookup` returns its tenant. */
  readonly urlKey?: { lookup(key: string): string | undefined };
  readonly logger: FastifyBaseLogger;
  /** Called once per answered request, for metrics. Must not throw (it is guarded anyway). */
  onOutcome?(outcome: PhoneHttpOutcome): void;
  readonly timeouts?: Partial<PhoneHttpTimeouts>;
}
