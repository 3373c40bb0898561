import { PROV_MIME } from '../../../adapters/rest/http/prov-mime.js';

/** One server-sent event: its id, its type and its data (lines joined). */
export interface StreamFrame {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

/** The stream could not be opened: the server's status and plain-text answer. */
export class StreamRefused extends Error {
  override readonly name = 'StreamRefused';
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${reason} (${status})`);
  }
}

/** Parses one frame of the `text/event-stream` format; undefined for a frame of comments only. */
export const parseFrame = (text: string): StreamFrame | undefined => {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 && id === undefined && event === undefined
    ? undefined
    : { id, event, data: data.join('\n') };
};

/**
 * Reads a server-sent event stream until the server ends it (resolves) or the connection breaks
 * (rejects). `lastEventId` resumes after the last event seen, as a browser's EventSource does.
 */
export const readEventStream = async (
  url: string,
  token: string,
  lastEventId: string | undefined,
  onOpen: () => void,
  onFrame: (frame: StreamFrame) => void,
): Promise<void> => {
  const response = await fetch(url, {
    headers: {
      accept: 'text/event-stream',
      'x-auth-token': token,
      ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
    },
    redirect: 'manual',
  });
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/event-stream') || response.body === null) {
    const text = (await response.text()).trim();
    throw new StreamRefused(
      response.status,
      text === '' || type.startsWith(PROV_MIME) ? 'no event stream' : text,
    );
  }
  onOpen();
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      const end = /\r\n\r\n|\n\n|\r\r/.exec(buffer);
      if (end === null) break;
      const frame = parseFrame(buffer.slice(0, end.index));
      buffer = buffer.slice(end.index + end[0].length);
      if (frame !== undefined) onFrame(frame);
    }
  }
};
