import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, type PhoneServer, rawGet, rawSocket, startPhoneServer, statusOf } from './support.js';

/** Each of these, sent as is, must be a constant 404 that the resolver never sees. */
const ATTACKS = [
  '/../../../../etc/passwd',
  '/a/b/../../../etc/passwd',
  '//..//..//etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/%2E%2e/etc/passwd',
  '/%2e%2E/etc/passwd',
  '/.%2e/etc/passwd',
  '/%2e./etc/passwd',
  '/%252e%252e/etc/passwd',
  '/%252e%252e%252fetc%252fpasswd',
  '/%25252e%25252e/etc/passwd',
  '/..\\..\\etc\\passwd',
  '/a\\..\\..\\etc',
  '/..%5c..%5cetc%5cpasswd',
  '/%5c..%5cetc',
  '/a.cfg%00.png',
  '/%00',
  '/a%0a',
  '/%c0%ae%c0%ae/etc/passwd',
  '/%c0%2e%c0%2e/etc/passwd',
  '/%c0%af..%c0%afetc',
  '/%e0%80%ae%e0%80%ae/etc/passwd',
  '/%f0%80%80%ae',
  '/%u002e%u002e/etc/passwd',
  '/%2fetc%2fpasswd',
  '/./001565aabbcc.cfg',
  '/dir/..',
  '/dir/%2e',
  '/dir//001565aabbcc.cfg',
  '/dir/',
  'http://provd/../etc/passwd',
  'http://provd/%2e%2e/etc/passwd',
];

describe('path traversal battery', () => {
  let server: PhoneServer;
  beforeAll(async () => {
    server = await startPhoneServer({ files: new Map([['001565aabbcc.cfg', bytes('ok')]]) });
  });
  afterAll(() => server.close());

  it.each(ATTACKS)('%s → 404, resolver not called', async (path) => {
    const before = server.calls.length;
    const response = await rawGet(server.port, path);
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found');
    expect(server.calls.length).toBe(before);
  });

  it('refuses a very long path with 414 before resolution', async () => {
    const response = await rawGet(server.port, `/${'../'.repeat(400)}etc/passwd`);
    expect(response.status).toBe(414);
    expect(server.calls).toHaveLength(0);
  });

  it('lets the HTTP parser refuse raw control bytes and spaces (400)', async () => {
    for (const path of ['/a\u0000b', '/a\tb', '/a b']) {
      const answer = await rawSocket(
        server.port,
        Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'),
      );
      expect(statusOf(answer)).toBe(400);
    }
    expect(server.calls).toHaveLength(0);
  });

  it('still serves the legitimate file afterwards, query ignored', async () => {
    expect(await rawGet(server.port, '/001565aabbcc.cfg?../../etc/passwd')).toMatchObject({
      status: 200,
      body: 'ok',
    });
    expect(server.calls.map((c) => c.path)).toEqual(['001565aabbcc.cfg']);
  });

  it('applies the same checks behind the URL key gate', async () => {
    const gated = await startPhoneServer({
      urlKey: { lookup: (key) => (key === 'goodkey1' ? 't' : undefined) },
    });
    try {
      for (const path of ATTACKS.filter((p) => p.startsWith('/'))) {
        const response = await rawGet(gated.port, `/goodkey1${path}`);
        expect([path, response.status]).toEqual([path, 404]);
      }
      expect(gated.calls).toHaveLength(0);
    } finally {
      await gated.close();
    }
  });
});
