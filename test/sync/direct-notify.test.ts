/**
 * DirectSipNotifySynchronizer against real UDP "phones" on 127.0.0.1: the request on the wire,
 * the answers phones give (2xx, 1xx then 2xx, refusals, silence, a lost request), cancellation
 * and closing. Timers are shrunk; the ones asserted on keep wide margins around each
 * retransmission so a loaded machine does not move a datagram across a deadline.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectSipNotifySynchronizer } from '../../src/adapters/sip-notify/direct/direct-synchronizer.js';
import type { SipTimers } from '../../src/adapters/sip-notify/direct/timers.js';
import type { SyncPlan } from '../../src/plugin-runtime/contract.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { answering, type Behaviour, silent, UdpPhone } from './support/udp-phone.js';

const CHECK_SYNC: SyncPlan = { kind: 'sip-notify', event: 'check-sync' };
const FAST: Partial<SipTimers> = { t1: 20, t2: 80, timerF: 2000 };

const phones: UdpPhone[] = [];
const synchronizers: DirectSipNotifySynchronizer[] = [];

afterEach(async () => {
  for (const s of synchronizers.splice(0)) await s.close();
  for (const p of phones.splice(0)) await p.close();
});

const phone = async (behaviour: Behaviour): Promise<UdpPhone> => {
  const p = await UdpPhone.start(behaviour);
  phones.push(p);
  return p;
};

const synchronizer = (timers: Partial<SipTimers> = FAST, localAddress = '127.0.0.1', localPort?: number) => {
  const s = new DirectSipNotifySynchronizer({ timers, localAddress, ...(localPort ? { localPort } : {}) });
  synchronizers.push(s);
  return s;
};

const target = (p: UdpPhone, deviceId = 'dev1') => ({ deviceId, ip: '127.0.0.1', sipPort: p.port });

describe('a phone answering 200 OK', () => {
  it('gets one well-formed NOTIFY and the synchronization resolves', async () => {
    const p = await phone(answering(200, 'OK'));
    const s = synchronizer();
    const plan: SyncPlan = {
      kind: 'sip-notify',
      event: 'check-sync;reboot=false',
      extraHeaders: { 'X-Test': 'a b' },
    };

    await s.synchronize(target(p), plan);
    await sleep(100); // long enough for retransmissions at T1, had the 200 been ignored
    expect(p.received).toHaveLength(1);
    const request = p.received[0]!;

    expect(request.method).toBe('NOTIFY');
    expect(request.uri).toBe(`sip:anonymous@127.0.0.1:${p.port}`);
    expect(request.raw.startsWith(`NOTIFY sip:anonymous@127.0.0.1:${p.port} SIP/2.0\r\n`)).toBe(true);
    expect(request.raw.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
    expect(request.header('Event')).toBe('check-sync;reboot=false');
    expect(request.header('X-Test')).toBe('a b');
    const localPort = s.localAddress?.port;
    expect(request.from.port).toBe(localPort);
    expect(request.header('Via')).toMatch(
      new RegExp(`^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${localPort};branch=z9hG4bK[0-9a-f]{24};rport$`),
    );
    expect(request.header('CSeq')).toBe('1 NOTIFY');
    expect(request.header('Max-Forwards')).toBe('70');
    expect(request.header('From')).toMatch(/^<sip:provd@127\.0\.0\.1>;tag=[0-9a-f]{12}$/);
    expect(request.header('To')).toBe(`<sip:anonymous@127.0.0.1:${p.port}>`);
    expect(request.header('Call-ID')).toMatch(/^[0-9a-f]{32}@127\.0\.0\.1$/);
    expect(request.header('Contact')).toBe(`<sip:provd@127.0.0.1:${localPort}>`);
    expect(request.header('Subscription-State')).toBe('terminated');
    expect(request.header('User-Agent')).toBe('provd');
    expect(request.header('Content-Length')).toBe('0');
    // The request line and Via come first; Content-Length closes the header.
    expect(request.headerNames[0]).toBe('Via');
    expect(request.headerNames.at(-1)).toBe('Content-Length');
  });

  it('accepts any 2xx', async () => {
    const p = await phone(answering(202, 'Accepted'));
    await expect(synchronizer().synchronize(target(p), CHECK_SYNC)).resolves.toBeUndefined();
  });

  it('uses a fresh transaction for every synchronization', async () => {
    const p = await phone(answering(200, 'OK'));
    const s = synchronizer();
    await s.synchronize(target(p), CHECK_SYNC);
    await s.synchronize(target(p), CHECK_SYNC);
    const [a, b] = p.received;
    expect(a!.header('Via')).not.toBe(b!.header('Via'));
    expect(a!.header('Call-ID')).not.toBe(b!.header('Call-ID'));
    expect(a!.from.port).toBe(b!.from.port); // one shared socket
  });

  it('finds the local address itself when bound to every interface', async () => {
    const p = await phone(answering(200, 'OK'));
    await synchronizer(FAST, '0.0.0.0').synchronize(target(p), CHECK_SYNC);
    expect(p.received[0]!.header('Via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;/);
  });

  it('sends from the configured local port', async () => {
    const probe = createSocket('udp4');
    const port = await new Promise<number>((resolve) =>
      probe.bind(0, '127.0.0.1', () => resolve(probe.address().port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const p = await phone(answering(200, 'OK'));
    await synchronizer(FAST, '127.0.0.1', port).synchronize(target(p), CHECK_SYNC);
    expect(p.received[0]!.from.port).toBe(port);
    expect(p.received[0]!.header('Via')).toContain(`127.0.0.1:${port};`);
  });

  it('says so when the local port is taken', async () => {
    const taken = await phone(silent);
    const p = await phone(answering(200, 'OK'));
    await expect(
      synchronizer(FAST, '127.0.0.1', taken.port).synchronize(target(p), CHECK_SYNC),
    ).rejects.toThrow(`cannot open the SIP socket on 127.0.0.1:${taken.port}: EADDRINUSE`);
    expect(p.received).toHaveLength(0);
  });
});

describe('provisional answers', () => {
  it('a 100 Trying then a 200 OK resolves, retransmitting every T2 in between', async () => {
    // 1xx at once, 200 at 300 ms. Sends: 0, T1 = 20 (Timer E was armed before the 1xx), then
    // every T2 = 200: 220, 420… Without the 1xx rule (doubling): 0, 20, 60, 140 — four by 300 ms.
    const p = await phone((request, index, ph) => {
      if (index === 0) {
        ph.reply(request, 100, 'Trying');
        setTimeout(() => ph.reply(request, 200, 'OK'), 300);
      }
    });
    const started = Date.now();
    await synchronizer({ t1: 20, t2: 200, timerF: 3000 }).synchronize(target(p), CHECK_SYNC);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(p.received).toHaveLength(3);
  });

  it('a 1xx does not stop Timer F: a phone that never answers finally times out', async () => {
    const p = await phone((request, index, ph) => {
      if (index === 0) ph.reply(request, 180, 'Ringing');
    });
    await expect(
      synchronizer({ t1: 20, t2: 80, timerF: 300 }).synchronize(target(p), CHECK_SYNC),
    ).rejects.toThrow(`no final answer from 127.0.0.1:${p.port} after 0.3 s (it answered 180 Ringing)`);
  });
});

describe('refusals', () => {
  it.each([
    [481, 'Call/Transaction Does Not Exist'],
    [603, 'Decline'],
    [489, 'Bad Event'],
  ])('a %i rejects with the status and reason', async (status, reason) => {
    const p = await phone(answering(status, reason));
    await expect(synchronizer().synchronize(target(p), CHECK_SYNC)).rejects.toThrow(
      `127.0.0.1:${p.port} refused the NOTIFY: ${status} ${reason}`,
    );
  });
});

describe('lost datagrams', () => {
  it('a silent phone gets the RFC 3261 retransmissions, then a timeout', async () => {
    // T1 50, T2 200, F 850: sends at 0, 50, 150, 350, 550, 750; the next (950) is past Timer F.
    const p = await phone(silent);
    const started = Date.now();
    await expect(
      synchronizer({ t1: 50, t2: 200, timerF: 850 }).synchronize(target(p), CHECK_SYNC),
    ).rejects.toThrow(`no answer from 127.0.0.1:${p.port} after 0.85 s`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(840);
    expect(p.received).toHaveLength(6);
    // Retransmissions are the same request, byte for byte.
    expect(new Set(p.received.map((r) => r.raw)).size).toBe(1);
    await sleep(250);
    expect(p.received).toHaveLength(6); // nothing after the timeout
  });

  it('a lost first request is made up for by the retransmission', async () => {
    const p = await phone((request, index, ph) => {
      if (index > 0) ph.reply(request, 200, 'OK');
    });
    await synchronizer().synchronize(target(p), CHECK_SYNC);
    expect(p.received).toHaveLength(2);
    expect(p.received[1]!.raw).toBe(p.received[0]!.raw);
  });

  it('a lost 200 OK is made up for by the phone answering the retransmission', async () => {
    const p = await phone((request, index, ph) => {
      // The first answer carries another Call-ID: for the synchronizer it never arrived.
      if (index === 0) ph.reply(request, 200, 'OK', { callId: 'lost@nowhere' });
      else ph.reply(request, 200, 'OK');
    });
    await synchronizer().synchronize(target(p), CHECK_SYNC);
    expect(p.received).toHaveLength(2);
  });
});

describe('cancellation and closing', () => {
  it('an aborted signal stops the transaction', async () => {
    const p = await phone(silent);
    const controller = new AbortController();
    const sync = synchronizer({ t1: 20, t2: 40, timerF: 5000 }).synchronize(target(p), CHECK_SYNC, {
      signal: controller.signal,
    });
    await waitFor(() => p.received.length >= 2, 'a retransmission');
    controller.abort();
    await expect(sync).rejects.toThrow('synchronization of device dev1 was cancelled');
    const count = p.received.length;
    await sleep(150);
    expect(p.received.length).toBe(count);
  });

  it('an already aborted signal sends nothing', async () => {
    const p = await phone(silent);
    await expect(
      synchronizer().synchronize(target(p), CHECK_SYNC, { signal: AbortSignal.abort() }),
    ).rejects.toThrow('cancelled');
    await sleep(50);
    expect(p.received).toHaveLength(0);
  });

  it('close() rejects what is in flight and what comes after', async () => {
    const p = await phone(silent);
    const s = synchronizer({ t1: 20, t2: 40, timerF: 5000 });
    const sync = s.synchronize(target(p), CHECK_SYNC);
    await waitFor(() => p.received.length >= 1, 'the NOTIFY');
    await s.close();
    await expect(sync).rejects.toThrow('the SIP NOTIFY synchronizer was closed');
    await expect(s.synchronize(target(p), CHECK_SYNC)).rejects.toThrow('is closed');
  });
});
