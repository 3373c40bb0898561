import { describe, expect, it } from 'vitest';
import { announcedSize, negotiate } from '../../src/adapters/tftp/options.js';
import type { RawOption } from '../../src/adapters/tftp/packets.js';

const limits = { maxBlockSize: 1468, maxWindowSize: 16 };
const opts = (...pairs: [string, string][]): RawOption[] => pairs.map(([name, value]) => ({ name, value }));

describe('negotiate', () => {
  it('defaults to RFC 1350 (512-byte blocks, lock-step) without options', () => {
    expect(negotiate([], limits)).toEqual({
      blockSize: 512,
      windowSize: 1,
      timeoutS: undefined,
      tsize: undefined,
      answers: [],
      declined: [],
    });
  });

  it('caps blksize and windowsize at the server limits and echoes the client spelling', () => {
    const n = negotiate(
      opts(['BLKSIZE', '65464'], ['windowSize', '999'], ['timeout', '3'], ['tsize', '0']),
      limits,
    );
    expect(n.blockSize).toBe(1468);
    expect(n.windowSize).toBe(16);
    expect(n.timeoutS).toBe(3);
    expect(n.tsize).toEqual({ name: 'tsize', value: '0' });
    expect(n.answers).toEqual(opts(['BLKSIZE', '1468'], ['windowSize', '16'], ['timeout', '3']));
  });

  it('grants smaller values as asked, down to the RFC minimum', () => {
    expect(negotiate(opts(['blksize', '8'], ['windowsize', '1']), limits).answers).toEqual(
      opts(['blksize', '8'], ['windowsize', '1']),
    );
    expect(negotiate(opts(['blksize', '01428']), limits).answers).toEqual(opts(['blksize', '1428']));
  });

  it.each([
    ['blksize', '7'],
    ['blksize', '65465'],
    ['blksize', 'abc'],
    ['blksize', ''],
    ['blksize', '-512'],
    ['blksize', '0x200'],
    ['blksize', ' 512'],
    ['blksize', '1e3'],
    ['windowsize', '0'],
    ['windowsize', '65536'],
    ['timeout', '0'],
    ['timeout', '256'],
    ['timeout', '1.5'],
    ['rollover', '0'],
    ['multicast', ''],
  ])('declines %s=%j without failing the request', (name, value) => {
    const n = negotiate(opts([name, value]), limits);
    expect(n.answers).toEqual([]);
    expect(n.blockSize).toBe(512);
    expect(n.windowSize).toBe(1);
    expect(n.timeoutS).toBeUndefined();
    expect(n.declined).toHaveLength(1);
  });

  it('keeps the first of repeated options (names compared case-insensitively)', () => {
    const n = negotiate(opts(['blksize', '1024'], ['BLKSIZE', '8']), limits);
    expect(n.blockSize).toBe(1024);
    expect(n.answers).toEqual(opts(['blksize', '1024']));
    expect(n.declined).toEqual(['BLKSIZE: repeated']);
  });

  it('takes any tsize value on a read (atftp may send "enable") but only digits as an upload size', () => {
    expect(negotiate(opts(['tsize', 'enable']), limits).tsize).toEqual({ name: 'tsize', value: 'enable' });
    expect(announcedSize(negotiate(opts(['tsize', 'enable']), limits))).toBeUndefined();
    expect(announcedSize(negotiate(opts(['tsize', '1234']), limits))).toBe(1234);
    expect(announcedSize(negotiate([], limits))).toBeUndefined();
  });
});
