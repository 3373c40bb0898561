/** Public types of the TFTP server: what a resolver receives and returns, options, events. */

export interface TftpClient {
  /** IPv4 clients reaching a dual-stack socket are reported as plain IPv4 (`::ffff:` removed). */
  readonly address: string;
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6';
}

export type TftpMode = 'octet' | 'netascii';

export interface TftpReadRequest {
  /** After normalisation (filename.ts): relative, `/`-separated, no `..`, case as sent. */
  readonly filename: string;
  readonly mode: TftpMode;
  readonly client: TftpClient;
  /**
   * The server never changes case; this tells the resolver whether the operator wants
   * case-insensitive lookups (Cisco phones ask for `SEP<MAC>` in either case).
   */
  readonly caseInsensitive: boolean;
}

export type TftpContent =
  | { readonly kind: 'buffer'; readonly data: Uint8Array }
  /** Streamed from disk block by block; `size` is the number of bytes sent (the file may be longer). */
  | { readonly kind: 'file'; readonly path: string; readonly size: number };

export type TftpResolution =
  | TftpContent
  /** `reason` goes to logs and events only; the client always gets plain "File not found". */
  | { readonly kind: 'not-found'; readonly reason: string }
  | { readonly kind: 'denied'; readonly reason: string };

export interface TftpWriteRequest {
  readonly filename: string;
  readonly mode: TftpMode;
  readonly client: TftpClient;
  readonly caseInsensitive: boolean;
  /** Size the client announced with the tsize option, if it did. */
  readonly size: number | undefined;
}

export type TftpUploadDecision =
  /** `path`: final location; the directory must exist. The upload lands in a temp file beside it first. */
  | { readonly kind: 'accept'; readonly path: string; readonly maxBytes?: number }
  | { readonly kind: 'denied'; readonly reason: string };

export interface TftpUploads {
  accept(request: TftpWriteRequest): Promise<TftpUploadDecision>;
  /** Upper bound for any upload, in bytes (default 16 MiB); a decision may lower it. */
  readonly maxBytes?: number;
}

/** The subset of a pino logger the server uses. */
export interface TftpLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export type TftpDirection = 'read' | 'write';

interface TransferRef {
  readonly id: number;
  readonly direction: TftpDirection;
  readonly filename: string;
  readonly client: TftpClient;
}

export type TftpEvent =
  | (TransferRef & {
      readonly type: 'transfer-started';
      readonly mode: TftpMode;
      readonly blockSize: number;
      readonly windowSize: number;
      /** First retransmission interval: the client's negotiated timeout, or the server's. */
      readonly timeoutMs: number;
      /** Bytes on the wire when known in advance. */
      readonly size: number | undefined;
    })
  | (TransferRef & {
      readonly type: 'transfer-completed';
      readonly bytes: number;
      readonly durationMs: number;
      readonly retransmits: number;
    })
  | (TransferRef & { readonly type: 'transfer-failed'; readonly reason: string; readonly bytes: number })
  /** The retransmission timer expired (attempt counts from 1 since the last progress). */
  | (TransferRef & { readonly type: 'timeout'; readonly attempt: number })
  /** `packets` datagrams were sent again after a timeout (go-back-N resends the whole window). */
  | (TransferRef & { readonly type: 'retransmit'; readonly packets: number })
  /** A datagram reached a transfer port from someone else; they got ERROR 5, the transfer went on. */
  | (TransferRef & { readonly type: 'unknown-tid'; readonly from: TftpClient })
  | { readonly type: 'malformed'; readonly client: TftpClient; readonly reason: string }
  | {
      readonly type: 'denied';
      readonly direction: TftpDirection;
      readonly client: TftpClient;
      readonly filename: string;
      readonly reason: string;
    }
  | {
      readonly type: 'not-found';
      readonly client: TftpClient;
      readonly filename: string;
      readonly reason: string;
    };

export interface TftpServerOptions {
  /** Default `::` (dual stack, IPv4 clients too); an explicit address binds only that address. */
  readonly host?: string;
  readonly port: number;
  resolve(request: TftpReadRequest): Promise<TftpResolution>;
  readonly logger?: TftpLogger;
  /**
   * Largest blksize granted (default 1468: a 1500-byte Ethernet MTU minus IP, UDP and TFTP
   * headers, so no block is IP-fragmented; RFC 7440 §1). Clients may ask for up to 65464.
   */
  readonly maxBlockSize?: number;
  /**
   * Largest windowsize granted (default 16). A read transfer holds at most two windows of packets
   * (sent and read ahead) plus a 32 KiB file read-ahead: about 80 KiB with the defaults.
   */
  readonly maxWindowSize?: number;
  /**
   * First retransmission after this long without progress (default 1000 ms), doubled per retry up
   * to 8×. A client that negotiates `timeout` (RFC 2349) gets its value instead, without doubling.
   */
  readonly timeoutMs?: number;
  /** Retransmissions without progress before a transfer is abandoned (default 5: 31 s of silence). */
  readonly retries?: number;
  /** Concurrent transfers, resolving ones included (default 256). */
  readonly maxTransfers?: number;
  /** Concurrent transfers per client IP address (default 16). */
  readonly maxTransfersPerClient?: number;
  /** A resolver that takes longer gets the client an ERROR 0 (default 10 s). */
  readonly resolveTimeoutMs?: number;
  /** Passed to resolvers and upload handlers as `caseInsensitive` (default false). */
  readonly caseInsensitive?: boolean;
  /** Write requests are refused (ERROR 2) unless this is set. */
  readonly uploads?: TftpUploads;
  onEvent?(event: TftpEvent): void;
}
