import { randomBytes } from 'node:crypto';

/** What ties a response to its request (RFC 3261 §17.1.3, plus the Call-ID for good measure). */
export interface TransactionIds {
  /** Via branch, with RFC 3261's magic cookie. */
  readonly branch: string;
  readonly callId: string;
  readonly fromTag: string;
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface NotifyParams {
  readonly ids: TransactionIds;
  readonly phone: HostPort;
  /** Where responses are to come back: the shared socket's address as the phone sees it. */
  readonly local: HostPort;
  readonly event: string;
  readonly extraHeaderLines: readonly string[];
  readonly userAgent: string;
}

/** The cookie tells the phone the branch alone identifies the transaction (§8.1.1.7). */
export const BRANCH_COOKIE = 'z9hG4bK';

const token = (bytes: number): string => randomBytes(bytes).toString('hex');

export const newTransactionIds = (localHost: string): TransactionIds => ({
  branch: `${BRANCH_COOKIE}${token(12)}`,
  callId: `${token(16)}@${localHost}`,
  fromTag: token(6),
});

const hostPart = (host: string): string => (host.includes(':') ? `[${host}]` : host);
export const hostPort = ({ host, port }: HostPort): string => `${hostPart(host)}:${port}`;

/** The phone's address as a URI: phones accept NOTIFY for any user, `anonymous` is provd's. */
export const phoneUri = (phone: HostPort): string => `sip:anonymous@${hostPort(phone)}`;

/**
 * A minimal out-of-dialog NOTIFY (what phones answer to check-sync). `rport` asks the phone to
 * answer to the address and port the datagram came from, whatever the Via says (RFC 3581).
 */
export const buildNotify = (params: NotifyParams): string => {
  const { ids, phone, local } = params;
  const uri = phoneUri(phone);
  const lines = [
    `NOTIFY ${uri} SIP/2.0`,
    `Via: SIP/2.0/UDP ${hostPort(local)};branch=${ids.branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:provd@${hostPart(local.host)}>;tag=${ids.fromTag}`,
    `To: <${uri}>`,
    `Call-ID: ${ids.callId}`,
    'CSeq: 1 NOTIFY',
    `Contact: <sip:provd@${hostPort(local)}>`,
    `Event: ${params.event}`,
    'Subscription-State: terminated',
    ...params.extraHeaderLines,
    `User-Agent: ${params.userAgent}`,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
};
