import { type IncomingMessage, request } from 'node:http';
import { sleep } from '../../support/wait-for.js';

export interface Frame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  /** Comment lines (without the leading `:`). */
  readonly comments: string[];
}

/**
 * A server-sent events client on a raw socket: what the server wrote, frame by frame, with no
 * library in between to hide a malformed frame.
 */
export interface SseConnection {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly frames: Frame[];
  /** The plain body of a refusal. */
  readonly body: () => string;
  readonly ended: () => boolean;
  waitFor(predicate: (frame: Frame) => boolean, what: string, timeoutMs?: number): Promise<Frame>;
  waitForEnd(timeoutMs?: number): Promise<void>;
  /** Drops the connection, as a client going away. */
  destroy(): void;
}

const parse = (text: string): Frame => {
  const frame: { id?: string; event?: string; data?: string; comments: string[] } = { comments: [] };
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = line.slice(6);
  }
  return frame;
};

export const openSse = (url: string, headers: Record<string, string>): Promise<SseConnection> =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const frames: Frame[] = [];
      let buffer = '';
      let ended = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          frames.push(parse(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      });
      const finish = (): void => {
        ended = true;
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      const until = async (condition: () => boolean, what: string, timeoutMs: number): Promise<void> => {
        const deadline = Date.now() + timeoutMs;
        while (!condition()) {
          if (Date.now() > deadline) {
            throw new Error(
              `timed out waiting for ${what}; frames: ${JSON.stringify(frames)} rest: ${buffer}`,
            );
          }
          await sleep(10);
        }
      };
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        body: () => buffer,
        ended: () => ended,
        waitFor: async (predicate, what, timeoutMs = 10_000) => {
          await until(() => frames.some(predicate), what, timeoutMs);
          return frames.find(predicate)!;
        },
        waitForEnd: (timeoutMs = 10_000) => until(() => ended, 'the end of the stream', timeoutMs),
        destroy: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
