import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneHttpRequest } from '../../src/adapters/phone-http/phone-http-app.js';
import { bytes, type PhoneServer, rawGet, rawSocket, startPhoneServer, statusOf } from './support.js';

const KEY = 'fuzzkey-1';

/** What the resolver may rely on, whatever the phone sent. */
const assertSafe = (req: PhoneHttpRequest): void => {
  expect(req.path.startsWith('/')).toBe(false);
  for (const segment of req.path === '' ? [] : req.path.split('/')) {
    expect(segment).not.toBe('');
    expect(segment).not.toBe('.');
    expect(segment).not.toBe('..');
    expect(segment).not.toMatch(/[\\%]/);
    expect([...segment].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toBe(false);
  }
  expect(req.filename).toBe(req.path.split('/').at(-1));
};

const segment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '',
    '%2e%2e',
    '%2E',
    '.%2e',
    '%252e',
    '%5c',
    '\\',
    '%00',
    '%2f',
    '%c0%ae',
    '%',
    '%zz',
  ),
  fc.constantFrom('a.cfg', 'dir', KEY, '%C3%A9', 'y000000000028.cfg', '..a', 'a..'),
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,12}$/),
);
const path = fc
  .tuple(fc.array(segment, { maxLength: 8 }), fc.constantFrom('', '?', '?x=../..', '#f'))
  .map(([segments, tail]) => `/${segments.join('/')}${tail}`);

// Header values as a phone (or an attacker) might send them; CR/LF are kept out so that the
// value stays one header: framing itself is Node's parser's job, tested with random bytes below.
const headerValue = fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, ' '));

describe('fuzzing the phone listener', () => {
  let server: PhoneServer;
  let gated: PhoneServer;
  beforeAll(async () => {
    const files = new Map([
      ['a.cfg', bytes('config')],
      ['dir/a.cfg', bytes('nested')],
    ]);
    server = await startPhoneServer({ files, trustedProxies: 2 });
    gated = await startPhoneServer({ files, urlKey: { lookup: (key) => (key === KEY ? 't' : undefined) } });
  });
  afterAll(async () => {
    await server.close();
    await gated.close();
  });

  it('random paths: never a 5xx, and the resolver only sees safe paths', async () => {
    await fc.assert(
      fc.asyncProperty(path, fc.boolean(), async (target, useGate) => {
        const target_ = useGate ? gated : server;
        const answer = await rawSocket(
          target_.port,
          `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        );
        const status = statusOf(answer);
        expect([200, 400, 404, 414]).toContain(status);
      }),
      { numRuns: 400 },
    );
    for (const req of [...server.calls, ...gated.calls]) assertSafe(req);
    expect(server.calls.length + gated.calls.length).toBeGreaterThan(0);
  });

  it('random header values: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          'User-Agent': headerValue,
          'X-Forwarded-For': headerValue,
          Range: fc.oneof(headerValue, fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=9-', 'bytes=0-0,1-1')),
          'If-None-Match': fc.oneof(headerValue, fc.constant('"v1"')),
          'If-Modified-Since': headerValue,
          'If-Range': headerValue,
        }),
        async (headers) => {
          const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
          const request = `GET /a.cfg HTTP/1.1\r\nHost: x\r\n${lines.join('')}Connection: close\r\n\r\n`;
          const status = statusOf(await rawSocket(server.port, Buffer.from(request, 'latin1')));
          expect([200, 206, 304, 400, 416]).toContain(status);
        },
      ),
      { numRuns: 300 },
    );
    for (const req of server.calls) expect(req.clientIp).not.toBe('');
  });

  it('random bytes on the socket: the server answers or closes, and keeps serving', async () => {
    // Short timeouts: random bytes often form a keep-alive request or an unfinished one.
    const quick = await startPhoneServer({
      files: new Map([['a.cfg', bytes('config')]]),
      timeouts: { headersMs: 200, requestMs: 200, keepAliveMs: 50 },
    });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (noise, asRequestLine) => {
        const prefix = asRequestLine ? Buffer.from('GET /') : Buffer.alloc(0);
        const answer = await rawSocket(
          quick.port,
          Buffer.concat([prefix, noise, Buffer.from('\r\n\r\n')]),
          3000,
        );
        if (answer !== '') expect(statusOf(answer)).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await rawGet(quick.port, '/a.cfg')).toMatchObject({ status: 200, body: 'config' });
    await quick.close();
  });
});
