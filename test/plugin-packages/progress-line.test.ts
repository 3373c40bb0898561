import { describe, expect, it } from 'vitest';
import { Operation } from '../../src/application/operations/operation.js';
import { parseOperationStatus, progressLine } from '../../src/application/operations/progress-line.js';

describe('progress line', () => {
  it.each([
    ['install|progress(download|progress;1200000/2300000)', 'install yealink [#####.....] 52% 1.2/2.3 MB'],
    ['install|progress(download|success;2300000/2300000)', 'install yealink [##########] 100% 2.3/2.3 MB'],
    [
      'install|success(download|success;2300000/2300000)',
      'install yealink [##########] 100% 2.3/2.3 MB done',
    ],
    ['install|fail(download|fail;700/2300)', 'install yealink [###.......] 30% 0.7/2.3 kB failed'],
    ['install|waiting', 'install yealink waiting'],
    ['install|progress', 'install yealink in progress'],
    ['install|success', 'install yealink done'],
    ['update|progress;12345', 'update yealink 12.3 kB'],
    ['update|success;512', 'update yealink 512 B done'],
  ])('%s', (status, line) => {
    expect(progressLine(status, { subject: 'yealink', width: 10 })).toBe(line);
  });

  it('adds up the files of a package install', () => {
    const status =
      'install_pkg|progress(download|progress(success;103/103)(progress;40/86))(install|waiting)';
    expect(progressLine(status, { subject: 'firmware-T1', width: 10 })).toBe(
      'install_pkg firmware-T1 [#######...] 75% 143/189 B',
    );
  });

  it('draws an Operation as it goes', () => {
    const op = new Operation('install').start();
    const download = op.child('download').progress(0, 4_000_000);
    expect(progressLine(op, { subject: 'test' })).toBe('install test [....................] 0% 0.0/4.0 MB');
    download.progress(3_000_000);
    expect(progressLine(op, { subject: 'test' })).toBe('install test [###############.....] 75% 3.0/4.0 MB');
    download.progress(4_000_000).succeed();
    op.succeed();
    expect(progressLine(op)).toBe('install [####################] 100% 4.0/4.0 MB done');
    expect(progressLine(new Operation().start())).toBe('in progress');
  });

  it('parses the status grammar, and refuses what is not a status', () => {
    expect(parseOperationStatus('a|progress;1/2(b|waiting)(success;3)')).toEqual({
      label: 'a',
      state: 'progress',
      current: 1,
      end: 2,
      children: [
        { label: 'b', state: 'waiting', current: undefined, end: undefined, children: [] },
        { label: undefined, state: 'success', current: 3, end: undefined, children: [] },
      ],
    });
    for (const bad of [
      '',
      'running',
      'install|progress(',
      'install|progress)',
      'x|success;a',
      'success(fail)x',
    ]) {
      expect(() => parseOperationStatus(bad)).toThrow(`not an operation status: ${bad}`);
    }
  });
});
