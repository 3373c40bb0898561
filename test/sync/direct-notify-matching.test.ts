/**
 * What the shared socket hears besides the answer it waits for: junk, requests, answers to other
 * transactions or with a wrong Call-ID or CSeq. None may settle a synchronization or crash the
 * synchronizer. And several phones synchronized at once on one socket each get their own answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DirectSipNotifySynchronizer } from '../../src/adapters/sip-notify/direct/direct-synchronizer.js';
import type { SyncPlan } from '../../src/plugin-runtime/contract.js';
import { type Behaviour, type ReceivedRequest, responseTo, UdpPhone } from './support/udp-phone.js';

const CHECK_SYNC: SyncPlan = { kind: 'sip-notify', event: 'check-sync' };

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

const synchronizer = () => {
  const s = new DirectSipNotifySynchronizer({
    localAddress: '127.0.0.1',
    timers: { t1: 40, t2: 160, timerF: 3000 },
  });
  synchronizers.push(s);
  return s;
};

/** Things that would reject the synchronization (603) if they were taken for its answer. */
const decoys = (request: ReceivedRequest): (string | Buffer)[] => {
  const via = request.header('via')!;
  return [
    Buffer.from([0xff, 0x00, 0x13, 0x37]),
    '',
    'SIP/2.0 603',
    'SIP/2.0 603 Decline\r\n\r\n',
    `OPTIONS sip:provd@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\nCall-ID: ${request.header('call-id')}\r\nCSeq: 1 NOTIFY\r\n\r\n`,
    responseTo(request, 603, 'Decline', { via: via.replace(/branch=z9hG4bK/, 'branch=z9hG4bKother') }),
    responseTo(request, 603, 'Decline', { via: via.replace(/;branch=[^;]+/, '') }),
    responseTo(request, 603, 'Decline', { callId: 'someone-else@192.0.2.1' }),
    responseTo(request, 603, 'Decline', { cseq: '2 NOTIFY' }),
    responseTo(request, 603, 'Decline', { cseq: '1 OPTIONS' }),
    responseTo(request, 603, 'Decline', { cseq: 'one NOTIFY' }),
    responseTo(request, 603, 'Decline').replace(/\r\nCSeq: [^\r]*/, ''),
    responseTo(request, 603, 'Decline').replace('SIP/2.0 603', 'SIP/3.0 603'),
    responseTo(request, 603, 'Decline').replace('SIP/2.0 603', 'SIP/2.0 999'),
  ];
};

describe('stray datagrams', () => {
  it('are ignored: only the matching answer settles the synchronization', async () => {
    const p = await phone((request, index, ph) => {
      if (index !== 0) return;
      for (const decoy of decoys(request)) ph.send(request.from, decoy);
      setTimeout(() => ph.reply(request, 200, 'OK'), 30);
    });
    await expect(
      synchronizer().synchronize({ deviceId: 'd', ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC),
    ).resolves.toBeUndefined();
  });

  it('a decoy with the same ids but compact headers and folded lines is still matched', async () => {
    // Proof the decoys above fail for what they change, not because any response is ignored.
    const p = await phone((request, index, ph) => {
      if (index !== 0) return;
      const text = responseTo(request, 603, 'Decline')
        .replace('Via: ', 'v:\r\n   ')
        .replace('Call-ID:', 'i:')
        .replace('CSeq: 1 NOTIFY', 'cseq: 1 notify');
      ph.send(request.from, text);
    });
    await expect(
      synchronizer().synchronize({ deviceId: 'd', ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC),
    ).rejects.toThrow('603 Decline');
  });

  it('answers arriving after the end of a transaction change nothing', async () => {
    const p = await phone((request, index, ph) => {
      ph.reply(request, 200, 'OK');
      if (index !== 0) return;
      ph.reply(request, 603, 'Decline');
      ph.reply(request, 200, 'OK');
    });
    const s = synchronizer();
    await s.synchronize({ deviceId: 'd', ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC);
    // The synchronizer still works after the late answers.
    await s.synchronize({ deviceId: 'd', ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC);
  });
});

describe('concurrent synchronizations on one socket', () => {
  it('each phone gets its own answer, whatever order the answers come in', async () => {
    const answers = [
      [200, 'OK', 120],
      [486, 'Busy Here', 20],
      [200, 'OK', 60],
      [603, 'Decline', 90],
      [202, 'Accepted', 0],
    ] as const;
    const fleet = await Promise.all(
      answers.map(([status, reason, delay]) =>
        phone((request, index, ph) => {
          if (index === 0) setTimeout(() => ph.reply(request, status, reason), delay);
        }),
      ),
    );
    const s = synchronizer();
    const outcomes = await Promise.allSettled(
      fleet.map((p, i) =>
        s.synchronize({ deviceId: `dev${i}`, ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain(
      `127.0.0.1:${fleet[1]!.port} refused the NOTIFY: 486 Busy Here`,
    );
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toContain(
      `127.0.0.1:${fleet[3]!.port} refused the NOTIFY: 603 Decline`,
    );
    const sources = new Set(fleet.map((p) => p.received[0]!.from.port));
    expect([...sources]).toEqual([s.localAddress!.port]);
  });

  it('two devices behind one IP and port get their own answers', async () => {
    // Answered in reverse order of arrival: 200 to the second request, then 603 to the first.
    const pending: ReceivedRequest[] = [];
    const p = await phone((request, _index, ph) => {
      pending.push(request);
      if (pending.length === 2) {
        ph.reply(pending[1]!, 200, 'OK');
        ph.reply(pending[0]!, 603, 'Decline');
      }
    });
    const s = synchronizer();
    const first = s.synchronize({ deviceId: 'first', ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC);
    await new Promise((resolve) => setTimeout(resolve, 5)); // well before a retransmission (T1 40 ms)
    const second = s.synchronize({ deviceId: 'second', ip: '127.0.0.1', sipPort: p.port }, CHECK_SYNC);
    await expect(second).resolves.toBeUndefined();
    await expect(first).rejects.toThrow('603 Decline');
  });
});
