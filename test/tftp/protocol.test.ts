/**
 * Protocol behaviour seen from the wire, with a hand-driven UDP peer (no client program needed):
 * options and OACK, duplicate ACKs, retransmission and give-up, go-back-N, unknown TIDs, caps,
 * malformed requests, netascii bytes, rollover, content errors and shutdown.
 */
import { randomBytes } from 'node:crypto';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeAck, encodeError, encodeRequest, type RawOption } from '../../src/adapters/tftp/packets.js';
import { TftpServer } from '../../src/adapters/tftp/server.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { type FixtureOptions, type FixtureServer, startFixtureServer } from './support/fixture-server.js';
import { RawClient } from './support/raw-client.js';
import { rawDownload } from './support/raw-download.js';

let dir: TempDir;
const FOUR_BLOCKS = randomBytes(4 * 512 - 100);
const TWELVE_BLOCKS = randomBytes(12 * 512 - 1);
const servers: FixtureServer[] = [];
const clients: RawClient[] = [];

beforeAll(async () => {
  dir = await makeTempDir('provd-tftp-protocol-');
  await writeFile(join(dir.path, 'four.bin'), FOUR_BLOCKS);
  await writeFile(join(dir.path, 'twelve.bin'), TWELVE_BLOCKS);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

afterAll(async () => {
  await dir?.remove();
});

const server = async (options: FixtureOptions = {}): Promise<FixtureServer> => {
  const fx = await startFixtureServer(dir.path, options);
  servers.push(fx);
  return fx;
};

const client = async (host = '127.0.0.1', bindAddress?: string): Promise<RawClient> => {
  const c = await RawClient.open(host, bindAddress);
  clients.push(c);
  return c;
};

const rrq = (c: RawClient, port: number, filename: string, options: RawOption[] = [], mode = 'octet') =>
  c.send(encodeRequest('rrq', filename, mode, options), port);

/** Block numbers of the next `n` datagrams (-1 for anything that is not DATA). */
const dataBlocks = async (c: RawClient, n: number): Promise<number[]> => {
  const blocks: number[] = [];
  for (let i = 0; i < n; i++) {
    const { packet } = await c.receive();
    blocks.push(packet.kind === 'data' ? packet.block : -1);
  }
  return blocks;
};

const opts = (...pairs: [string, string][]): RawOption[] => pairs.map(([name, value]) => ({ name, value }));

describe('option negotiation', () => {
  it('answers with an OACK: blksize and windowsize capped, tsize the real size, timeout echoed, unknown dropped', async () => {
    const fx = await server({ maxBlockSize: 1024, maxWindowSize: 4 });
    const c = await client();
    await rrq(
      c,
      fx.port,
      'twelve.bin',
      opts(['BLKSIZE', '65464'], ['tsize', '0'], ['timeout', '3'], ['windowsize', '999'], ['foo', 'bar']),
    );
    const first = await c.receive();
    expect(first.packet).toEqual({
      kind: 'oack',
      options: opts(
        ['BLKSIZE', '1024'],
        ['timeout', '3'],
        ['windowsize', '4'],
        ['tsize', String(TWELVE_BLOCKS.length)],
      ),
    });
    expect(first.from.port).not.toBe(fx.port); // a fresh transfer ID
  });

  it('sends no OACK when no option is acceptable, and serves 512-byte blocks', async () => {
    const fx = await server();
    const c = await client();
    await rrq(
      c,
      fx.port,
      'four.bin',
      opts(['blksize', '7'], ['timeout', '0'], ['windowsize', '0'], ['rollover', '1']),
    );
    const first = await c.receive();
    expect(first.packet).toMatchObject({ kind: 'data', block: 1 });
    expect(first.packet.kind === 'data' && first.packet.payload.length).toBe(512);
  });

  it.each([
    ['blksize', '70000'],
    ['blksize', 'abc'],
  ])('ignores an out-of-range %s=%s but keeps the request and the other options', async (name, value) => {
    const fx = await server();
    const c = await client();
    await rrq(c, fx.port, 'four.bin', opts([name, value], ['tsize', '0']));
    expect((await c.receive()).packet).toEqual({
      kind: 'oack',
      options: opts(['tsize', String(FOUR_BLOCKS.length)]),
    });
  });

  it('keeps the first of a repeated option and ignores an option without value', async () => {
    const fx = await server();
    const c = await client();
    const request = Buffer.concat([
      encodeRequest('rrq', 'four.bin', 'octet', opts(['blksize', '1024'], ['blksize', '8'])),
      Buffer.from('tsize\0'),
    ]);
    await c.send(request, fx.port);
    expect((await c.receive()).packet).toEqual({ kind: 'oack', options: opts(['blksize', '1024']) });
  });

  it('waits for ACK 0 after the OACK, then sends data with the negotiated block size', async () => {
    const fx = await server();
    const c = await client();
    const { data, oack } = await rawDownload(
      c,
      fx.port,
      'twelve.bin',
      opts(['blksize', '1000'], ['windowsize', '3']),
    );
    expect(oack).toEqual(opts(['blksize', '1000'], ['windowsize', '3']));
    expect(data.equals(TWELVE_BLOCKS)).toBe(true);
  });

  it('ends quietly when the client answers the OACK with ERROR 8', async () => {
    const fx = await server({ timeoutMs: 50 });
    const c = await client();
    await rrq(c, fx.port, 'four.bin', opts(['blksize', '1024']));
    const oack = await c.receive();
    await c.send(encodeError(8, 'no thanks'), oack.from.port);
    expect(await c.drain(300)).toEqual([]); // no error back, no retransmitted OACK
    expect(fx.eventsOf('transfer-failed')[0]?.reason).toBe('client refused the negotiated options');
    expect(fx.server.activeTransfers).toBe(0);
  });

  it('honours the negotiated timeout (first retransmission after that many seconds)', async () => {
    const fx = await server({ timeoutMs: 5000 });
    const c = await client();
    await rrq(c, fx.port, 'four.bin', opts(['timeout', '1']));
    await c.receive(); // OACK
    const start = Date.now();
    const again = await c.receive(3000);
    expect(again.packet.kind).toBe('oack');
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
    expect(Date.now() - start).toBeLessThan(2500);
  });

  it('answers tsize with the netascii-converted size for generated content, and converts on the wire', async () => {
    const fx = await server({ generated: { 'gen.cfg': Buffer.from('a\nb\rc') } });
    const c = await client();
    const { data, oack } = await rawDownload(c, fx.port, 'gen.cfg', opts(['tsize', '0']), 'NetASCII');
    expect(oack).toEqual(opts(['tsize', '7']));
    expect(data.toString('latin1')).toBe('a\r\nb\r\0c');
    expect(fx.resolved[0]?.mode).toBe('netascii');
  });

  it('leaves tsize out for a netascii file (its converted size is not known up front)', async () => {
    await writeFile(join(dir.path, 'lines.txt'), 'x\ny\n');
    const fx = await server();
    const c = await client();
    const { data, oack } = await rawDownload(
      c,
      fx.port,
      'lines.txt',
      opts(['tsize', '0'], ['blksize', '512']),
      'netascii',
    );
    expect(oack).toEqual(opts(['blksize', '512']));
    expect(data.toString('latin1')).toBe('x\r\ny\r\n');
  });
});

describe('acknowledgements and retransmission', () => {
  it('never answers a duplicate ACK with data (Sorcerer’s Apprentice), lock-step', async () => {
    const fx = await server({ timeoutMs: 400 });
    const c = await client();
    await rrq(c, fx.port, 'four.bin');
    const d1 = await c.receive();
    const tid = d1.from.port;
    await c.send(encodeAck(1), tid);
    expect((await c.receive()).packet).toMatchObject({ kind: 'data', block: 2 });
    // Three duplicates of ACK 1, well inside the retransmission timeout: nothing may come back.
    for (let i = 0; i < 3; i++) await c.send(encodeAck(1), tid);
    expect(await c.drain(150)).toEqual([]);
    for (const block of [2, 3]) {
      await c.send(encodeAck(block), tid);
      expect((await c.receive()).packet).toMatchObject({ kind: 'data', block: block + 1 });
    }
    await c.send(encodeAck(4), tid);
    await waitFor(() => fx.eventsOf('transfer-completed').length === 1, 'completion');
    expect(fx.eventsOf('retransmit')).toEqual([]);
  });

  it('never answers a duplicate ACK with data, windowed; a newer ACK moves the window', async () => {
    const fx = await server({ timeoutMs: 400 });
    const c = await client();
    await rrq(c, fx.port, 'twelve.bin', opts(['windowsize', '4']));
    const tid = (await c.receive()).from.port; // OACK
    await c.send(encodeAck(0), tid);
    const blocks = (n: number) => dataBlocks(c, n);
    expect(await blocks(4)).toEqual([1, 2, 3, 4]);
    await c.send(encodeAck(4), tid);
    expect(await blocks(4)).toEqual([5, 6, 7, 8]);
    for (let i = 0; i < 3; i++) await c.send(encodeAck(4), tid); // duplicates of the window's start
    await c.send(encodeAck(2), tid); // older still
    expect(await c.drain(150)).toEqual([]);
    await c.send(encodeAck(8), tid);
    expect(await blocks(4)).toEqual([9, 10, 11, 12]);
    await c.send(encodeAck(12), tid);
    // twelve.bin is 12 × 512 − 1 bytes: block 12 is short, so it is the last.
    await waitFor(() => fx.eventsOf('transfer-completed').length === 1, 'completion');
  });

  it('restarts the window after a partial ACK (go-back-N), and resends from the first unacknowledged block on timeout', async () => {
    const fx = await server({ timeoutMs: 150 });
    const c = await client();
    await rrq(c, fx.port, 'twelve.bin', opts(['windowsize', '4']));
    const tid = (await c.receive()).from.port;
    await c.send(encodeAck(0), tid);
    const take = (n: number) => dataBlocks(c, n);
    expect(await take(4)).toEqual([1, 2, 3, 4]);
    await c.send(encodeAck(2), tid); // "3 was lost"
    expect(await take(4)).toEqual([3, 4, 5, 6]);
    // Silence: after the timeout the whole unacknowledged window comes again, from block 3.
    expect(await take(4)).toEqual([3, 4, 5, 6]);
    expect(fx.eventsOf('retransmit').map((e) => e.packets)).toEqual([2, 4]);
  });

  it('retransmits on silence with backoff, then gives up after the retry limit', async () => {
    const fx = await server({ timeoutMs: 40, retries: 3 });
    const c = await client();
    await rrq(c, fx.port, 'four.bin');
    const got = await c.drain(500); // 40 + 80 + 160 ms of retries, then the 320 ms wait that ends it
    expect(got.map((r) => r.packet)).toEqual(
      Array.from({ length: 4 }, () => expect.objectContaining({ kind: 'data', block: 1 })),
    );
    await waitFor(() => fx.eventsOf('transfer-failed').length === 1, 'give-up', { timeoutMs: 2000 });
    expect(fx.eventsOf('transfer-failed')[0]?.reason).toBe('timeout');
    expect(fx.eventsOf('timeout').map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(fx.eventsOf('retransmit')).toHaveLength(3);
    expect(fx.server.activeTransfers).toBe(0);
  });

  it('resolves once per request, even when the client repeats its request and ACKs are lost', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const fx = await server({
      timeoutMs: 50,
      resolve: async () => {
        calls++;
        await held;
        return { kind: 'buffer', data: FOUR_BLOCKS };
      },
    });
    const c = await client();
    await rrq(c, fx.port, 'slow.cfg');
    await rrq(c, fx.port, 'slow.cfg'); // the client's own retransmission while we resolve
    await sleep(20);
    release();
    const first = await c.receive();
    const again = await c.receive(); // our retransmission of block 1: same bytes, no new resolve
    expect(again.raw.equals(first.raw)).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('transfer IDs', () => {
  it('answers a stranger on the transfer port with ERROR 5, and the transfer carries on', async () => {
    const fx = await server({ timeoutMs: 1000 });
    const phone = await client();
    const stranger = await client();
    await rrq(phone, fx.port, 'four.bin');
    const d1 = await phone.receive();
    const tid = d1.from.port;
    await stranger.send(encodeAck(1), tid);
    expect((await stranger.receive()).packet).toEqual({
      kind: 'error',
      code: 5,
      message: 'Unknown transfer ID',
    });
    expect(await phone.drain(100)).toEqual([]); // the stranger's ACK did not move the transfer
    const { data } = await (async () => {
      const chunks = [Buffer.from(d1.packet.kind === 'data' ? d1.packet.payload : [])];
      for (let block = 1; block < 4; block++) {
        await phone.send(encodeAck(block), tid);
        const r = await phone.receive();
        if (r.packet.kind === 'data') chunks.push(Buffer.from(r.packet.payload));
      }
      await phone.send(encodeAck(4), tid);
      return { data: Buffer.concat(chunks) };
    })();
    expect(data.equals(FOUR_BLOCKS)).toBe(true);
    await waitFor(() => fx.eventsOf('transfer-completed').length === 1, 'completion');
    expect(fx.eventsOf('unknown-tid')).toHaveLength(1);
  });

  it('does not answer a stranger’s ERROR or junk (no error ping-pong, no reflection)', async () => {
    const fx = await server();
    const phone = await client();
    const stranger = await client();
    await rrq(phone, fx.port, 'four.bin');
    const tid = (await phone.receive()).from.port;
    await stranger.send(encodeError(0, 'x'), tid);
    await stranger.send(Buffer.from([1]), tid);
    expect(await stranger.drain(100)).toEqual([]);
  });
});

describe('requests', () => {
  it('serves block numbers past 65535 by wrapping to 0', async () => {
    const size = 65536 * 8 + 20;
    const content = randomBytes(size);
    const fx = await server({ generated: { 'wrap.bin': content } });
    const c = await client();
    const { data, wireBlocks } = await rawDownload(
      c,
      fx.port,
      'wrap.bin',
      opts(['blksize', '8'], ['windowsize', '16']),
    );
    expect(data.equals(content)).toBe(true);
    // 65538 full blocks and a short one: wire numbers run 65534, 65535, then 0 again.
    expect(wireBlocks).toHaveLength(65539);
    expect(wireBlocks.slice(65533)).toEqual([65534, 65535, 0, 1, 2, 3]);
  });

  it('serves an explicit IPv6 address', async () => {
    const fx = await server({ host: '::1' });
    const c = await client('::1');
    const { data } = await rawDownload(c, fx.port, 'four.bin');
    expect(data.equals(FOUR_BLOCKS)).toBe(true);
    expect(fx.resolved[0]?.client).toEqual({ address: '::1', port: c.port, family: 'IPv6' });
  });

  it('grants blocks up to 65464 bytes when the operator allows them', async () => {
    const content = randomBytes(3 * 65464 + 7);
    const fx = await server({ maxBlockSize: 65464, generated: { 'big.bin': content } });
    const c = await client();
    const { data, oack, wireBlocks } = await rawDownload(c, fx.port, 'big.bin', opts(['blksize', '65464']));
    expect(oack).toEqual(opts(['blksize', '65464']));
    expect(wireBlocks).toEqual([1, 2, 3, 4]);
    expect(data.equals(content)).toBe(true);
  });

  it.each([['../etc/passwd'], ['..\\..\\x'], ['/../x'], ['a/../../x'], ['C:\\boot.ini'], ['']])(
    'refuses %j with ERROR 2 before the resolver sees it',
    async (name) => {
      const fx = await server();
      const c = await client();
      await rrq(c, fx.port, name);
      expect((await c.receive()).packet).toEqual({ kind: 'error', code: 2, message: 'Access violation' });
      expect(fx.resolved).toEqual([]);
      expect(fx.eventsOf('denied')).toHaveLength(1);
    },
  );

  it('normalises the name before resolving, and passes the case-insensitive flag through', async () => {
    const fx = await server({ caseInsensitive: true });
    const c = await client();
    await rrq(c, fx.port, '\\\\Sub\\File.CFG');
    await c.receive();
    expect(fx.resolved[0]).toMatchObject({ filename: 'Sub/File.CFG', caseInsensitive: true, mode: 'octet' });
    expect(fx.resolved[0]?.client).toEqual({ address: '127.0.0.1', port: c.port, family: 'IPv4' });
  });

  it('sends only "File not found" for not-found, never the resolver’s reason', async () => {
    const fx = await server({
      resolve: async () => ({ kind: 'not-found', reason: 'secret internal detail' }),
    });
    const c = await client();
    await rrq(c, fx.port, 'x.cfg');
    const got = await c.receive();
    expect(got.packet).toEqual({ kind: 'error', code: 1, message: 'File not found' });
    expect(got.raw.toString('latin1')).not.toContain('secret');
    expect(fx.eventsOf('not-found')[0]?.reason).toBe('secret internal detail');
  });

  it('answers a resolver denial with ERROR 2 and a resolver failure or hang with ERROR 0', async () => {
    const fx = await server({
      resolveTimeoutMs: 100,
      resolve: async (req) => {
        if (req.filename === 'deny') return { kind: 'denied', reason: 'not yours' };
        if (req.filename === 'hang') return new Promise(() => {});
        throw new Error('boom');
      },
    });
    const c = await client();
    await rrq(c, fx.port, 'deny');
    expect((await c.receive()).packet).toMatchObject({ kind: 'error', code: 2 });
    await rrq(c, fx.port, 'throw');
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 0, message: 'Internal error' });
    await rrq(c, fx.port, 'hang');
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 0, message: 'Internal error' });
    expect(fx.server.activeTransfers).toBe(0);
  });

  it('refuses write requests with ERROR 2 when uploads are not configured', async () => {
    const fx = await server();
    const c = await client();
    await c.send(encodeRequest('wrq', 'x.log', 'octet'), fx.port);
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 2, message: 'Write not supported' });
  });

  it('answers malformed requests with ERROR 4 and ignores other junk on the server port', async () => {
    const fx = await server();
    const c = await client();
    await c.send(Buffer.from([0, 1, 0x61, 0x62]), fx.port); // no NUL at all
    expect((await c.receive()).packet).toMatchObject({ kind: 'error', code: 4 });
    await c.send(encodeRequest('rrq', 'four.bin', 'mail'), fx.port);
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 4, message: 'Unsupported mode' });
    for (const junk of [[1], [], [0, 4, 0, 1], [0, 3, 0, 1, 9], [0, 5, 0, 0, 0], [0, 9, 1, 2]]) {
      await c.send(Buffer.from(junk), fx.port);
    }
    expect(await c.drain(100)).toEqual([]);
    expect(fx.eventsOf('malformed').length).toBeGreaterThanOrEqual(7);
  });

  it('accepts the mode in any case', async () => {
    const fx = await server();
    const c = await client();
    await rrq(c, fx.port, 'four.bin', [], 'OcTeT');
    expect((await c.receive()).packet).toMatchObject({ kind: 'data', block: 1 });
  });
});

describe('limits', () => {
  it('caps concurrent transfers per client address with ERROR 0 "Server busy"', async () => {
    const fx = await server({ maxTransfersPerClient: 2 });
    const sockets = [await client(), await client(), await client()];
    for (const s of sockets.slice(0, 2)) {
      await rrq(s, fx.port, 'four.bin');
      expect((await s.receive()).packet.kind).toBe('data');
    }
    await rrq(sockets[2]!, fx.port, 'four.bin');
    expect((await sockets[2]!.receive()).packet).toEqual({ kind: 'error', code: 0, message: 'Server busy' });
    // Another address is not affected.
    const other = await client('127.0.0.1', '127.0.0.2');
    await rrq(other, fx.port, 'four.bin');
    expect((await other.receive()).packet.kind).toBe('data');
    expect(fx.eventsOf('denied')[0]?.reason).toBe('client transfer limit reached');
  });

  it('caps concurrent transfers globally', async () => {
    const fx = await server({ maxTransfers: 1 });
    const a = await client();
    const b = await client('127.0.0.1', '127.0.0.2');
    await rrq(a, fx.port, 'four.bin');
    expect((await a.receive()).packet.kind).toBe('data');
    await rrq(b, fx.port, 'four.bin');
    expect((await b.receive()).packet).toEqual({ kind: 'error', code: 0, message: 'Server busy' });
  });
});

describe('file content', () => {
  it('sends ERROR 0 when the file shrinks during the transfer', async () => {
    const path = join(dir.path, 'shrinking.bin');
    await writeFile(path, randomBytes(200 * 1024));
    const fx = await server();
    const c = await client();
    await rrq(c, fx.port, 'shrinking.bin');
    const first = await c.receive();
    await truncate(path, 1000);
    let last = first;
    for (let block = 1; block < 500 && last.packet.kind === 'data'; block++) {
      await c.send(encodeAck(block), first.from.port);
      last = await c.receive();
    }
    expect(last.packet).toEqual({ kind: 'error', code: 0, message: 'File changed during transfer' });
    await waitFor(() => fx.eventsOf('transfer-failed').length === 1, 'failure');
    expect(fx.eventsOf('transfer-failed')[0]?.reason).toBe('content changed during transfer');
  });

  it('sends ERROR 0 when the file is already shorter than the resolver said', async () => {
    const fx = await server({
      resolve: async () => ({ kind: 'file', path: join(dir.path, 'four.bin'), size: 10_000 }),
    });
    const c = await client();
    await rrq(c, fx.port, 'four.bin');
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 0, message: 'File changed' });
  });

  it('sends ERROR 1 when the file is gone by the time it is opened', async () => {
    const fx = await server({
      resolve: async () => ({ kind: 'file', path: join(dir.path, 'gone.bin'), size: 1 }),
    });
    const c = await client();
    await rrq(c, fx.port, 'gone.bin');
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 1, message: 'File not found' });
  });
});

describe('shutdown', () => {
  it('graceful close stops taking requests and lets a running transfer finish', async () => {
    const fx = await server();
    const c = await client();
    await rrq(c, fx.port, 'four.bin');
    const tid = (await c.receive()).from.port;
    const closed = fx.server.close({ graceful: true, timeoutMs: 5000 });
    let isClosed = false;
    void closed.then(() => {
      isClosed = true;
    });
    const late = await client();
    await rrq(late, fx.port, 'four.bin');
    expect(await late.drain(100)).toEqual([]);
    for (let block = 1; block <= 4; block++) {
      expect(isClosed).toBe(false);
      await c.send(encodeAck(block), tid);
      if (block < 4) expect((await c.receive()).packet).toMatchObject({ kind: 'data', block: block + 1 });
    }
    await closed;
    expect(fx.eventsOf('transfer-completed')).toHaveLength(1);
  });

  it('close aborts running transfers with ERROR 0 and releases everything', async () => {
    const fx = await server();
    const c = await client();
    await rrq(c, fx.port, 'four.bin');
    await c.receive();
    await fx.server.close();
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 0, message: 'Server shutting down' });
    expect(fx.server.activeTransfers).toBe(0);
    await waitFor(() => fx.eventsOf('transfer-failed').length === 1, 'abort event');
  });

  it('refuses invalid options at construction', () => {
    const resolve = async () => ({ kind: 'not-found' as const, reason: '' });
    expect(() => new TftpServer({ port: 70000, resolve })).toThrow(RangeError);
    expect(() => new TftpServer({ port: 0, resolve, maxBlockSize: 70000 })).toThrow(RangeError);
    expect(() => new TftpServer({ port: 0, resolve, maxWindowSize: 0 })).toThrow(RangeError);
    expect(() => new TftpServer({ port: 0, resolve, retries: 1.5 })).toThrow(RangeError);
  });
});
