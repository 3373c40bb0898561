/** The pure parts of the direct NOTIFY: request text, response parsing, header checks, timers. */
import { describe, expect, it } from 'vitest';
import { checkEvent, extraHeaderLines } from '../../src/adapters/sip-notify/direct/extra-headers.js';
import { buildNotify, newTransactionIds } from '../../src/adapters/sip-notify/direct/notify-request.js';
import { parseSipResponse } from '../../src/adapters/sip-notify/direct/sip-response.js';
import { resolveTimers, silentRetransmitTimes } from '../../src/adapters/sip-notify/direct/timers.js';
import { formatSeconds } from '../../src/adapters/sip-notify/seconds.js';

describe('the NOTIFY request', () => {
  it('is RFC 3261 framed: CRLF lines, blank line, no body', () => {
    const text = buildNotify({
      ids: { branch: 'z9hG4bKabc', callId: 'c1@10.0.0.1', fromTag: 't1' },
      phone: { host: '10.0.0.9', port: 5062 },
      local: { host: '10.0.0.1', port: 40000 },
      event: 'check-sync',
      extraHeaderLines: ['X-A: 1'],
      userAgent: 'provd',
    });
    expect(text).toBe(
      [
        'NOTIFY sip:anonymous@10.0.0.9:5062 SIP/2.0',
        'Via: SIP/2.0/UDP 10.0.0.1:40000;branch=z9hG4bKabc;rport',
        'Max-Forwards: 70',
        'From: <sip:provd@10.0.0.1>;tag=t1',
        'To: <sip:anonymous@10.0.0.9:5062>',
        'Call-ID: c1@10.0.0.1',
        'CSeq: 1 NOTIFY',
        'Contact: <sip:provd@10.0.0.1:40000>',
        'Event: check-sync',
        'Subscription-State: terminated',
        'X-A: 1',
        'User-Agent: provd',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('gets unique ids carrying the magic cookie', () => {
    const a = newTransactionIds('10.0.0.1');
    const b = newTransactionIds('10.0.0.1');
    expect(a.branch).toMatch(/^z9hG4bK[0-9a-f]+$/);
    expect(a.callId).toMatch(/@10\.0\.0\.1$/);
    expect(a.branch).not.toBe(b.branch);
    expect(a.callId).not.toBe(b.callId);
    expect(a.fromTag).not.toBe(b.fromTag);
  });
});

describe('plugin-given headers and event', () => {
  it('pass through in order', () => {
    expect(extraHeaderLines({ 'X-Foo': ' bar ', Priority: 'urgent' })).toEqual([
      'X-Foo: bar',
      'Priority: urgent',
    ]);
    expect(extraHeaderLines()).toEqual([]);
  });

  it.each([
    [{ 'X-Foo': 'a\r\nVia: x' }, 'line break'],
    [{ 'Bad Name': 'x' }, 'invalid SIP header name'],
    [{ 'X:y': 'x' }, 'invalid SIP header name'],
    [{ via: 'x' }, 'cannot carry'],
    [{ 'CALL-ID': 'x' }, 'cannot carry'],
    [{ i: 'x' }, 'cannot carry'],
    [{ 'Content-Length': '5' }, 'cannot carry'],
    [{ Content: 'action=restart' }, 'cannot carry'],
  ])('refuses %j', (headers, message) => {
    expect(() => extraHeaderLines(headers)).toThrow(message);
  });

  it('refuses an empty or multi-line event', () => {
    expect(checkEvent(' check-sync ')).toBe('check-sync');
    expect(() => checkEvent('')).toThrow('invalid SIP event');
    expect(() => checkEvent('check-sync\r\nX: y')).toThrow('invalid SIP event');
  });
});

describe('parsing a response', () => {
  const ok = [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 10.0.0.1:40000;branch=z9hG4bKabc;rport=40000;received=10.0.0.1, SIP/2.0/UDP proxy;branch=z9hG4bKp',
    'Call-ID: c1@10.0.0.1',
    'CSeq: 1 NOTIFY',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

  it('reads status, reason and the transaction keys', () => {
    expect(parseSipResponse(Buffer.from(ok))).toEqual({
      status: 200,
      reason: 'OK',
      branch: 'z9hG4bKabc',
      callId: 'c1@10.0.0.1',
      cseq: { number: 1, method: 'NOTIFY' },
    });
  });

  it('takes the topmost Via when there are several header lines', () => {
    const twoLines = ok.replace(
      ', SIP/2.0/UDP proxy;branch=z9hG4bKp',
      '\r\nVia: SIP/2.0/UDP proxy;branch=z9hG4bKp',
    );
    expect(parseSipResponse(Buffer.from(twoLines))?.branch).toBe('z9hG4bKabc');
  });

  it('accepts LF-only lines, an empty reason and a multi-word one', () => {
    expect(parseSipResponse(Buffer.from(ok.replaceAll('\r\n', '\n')))?.status).toBe(200);
    expect(parseSipResponse(Buffer.from(ok.replace('200 OK', '200')))?.reason).toBe('');
    expect(
      parseSipResponse(Buffer.from(ok.replace('200 OK', '481 Call/Transaction Does Not Exist')))?.reason,
    ).toBe('Call/Transaction Does Not Exist');
  });

  it.each([
    ['a request', ok.replace('SIP/2.0 200 OK', 'NOTIFY sip:x@y SIP/2.0')],
    ['no Via', ok.replace(/Via: [^\r]*\r\n/, '')],
    ['no branch', ok.replace('branch=z9hG4bKabc;', '')],
    ['an empty branch', ok.replace('branch=z9hG4bKabc', 'branch=')],
    ['no Call-ID', ok.replace(/Call-ID: [^\r]*\r\n/, '')],
    ['a bad CSeq', ok.replace('CSeq: 1 NOTIFY', 'CSeq: NOTIFY')],
    ['a bad status', ok.replace('200', '20')],
    ['nothing', ''],
  ])('is undefined for %s', (_what, text) => {
    expect(parseSipResponse(Buffer.from(text))).toBeUndefined();
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: i }, (_, j) => (j * 7919 + i * 31) % 256));
      expect(() => parseSipResponse(junk)).not.toThrow();
    }
  });
});

describe('timers', () => {
  it('default to RFC 3261: T1 500 ms, T2 4 s, Timer F 64·T1', () => {
    expect(resolveTimers()).toEqual({ t1: 500, t2: 4000, timerF: 32_000 });
    expect(resolveTimers({ t1: 10 })).toEqual({ t1: 10, t2: 4000, timerF: 640 });
  });

  it("retransmit a silent phone's request at 0.5, 1.5, 3.5, 7.5 s, then every 4 s until 32 s", () => {
    expect(silentRetransmitTimes(resolveTimers())).toEqual([
      500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500,
    ]);
  });

  it('refuse nonsense', () => {
    expect(() => resolveTimers({ t1: 0 })).toThrow('t1');
    expect(() => resolveTimers({ timerF: Number.NaN })).toThrow('timerF');
  });

  it('are reported in seconds', () => {
    expect(formatSeconds(32_000)).toBe('32');
    expect(formatSeconds(850)).toBe('0.85');
  });
});
