import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticFile } from '../../src/application/file-cache/file-lookup.js';
import { HotSet } from '../../src/application/file-cache/hot-set.js';

const top = mkdtempSync(join(tmpdir(), 'provd-static-'));
const root = join(top, 'files');
mkdirSync(join(root, 'firmware'), { recursive: true });
writeFileSync(join(root, 'firmware', 'T46S.rom'), 'firmware bytes');
writeFileSync(join(top, 'secret.txt'), 'outside the root');
symlinkSync(join(top, 'secret.txt'), join(root, 'escape.txt'));
symlinkSync(join(root, 'firmware', 'T46S.rom'), join(root, 'alias.rom'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

describe('staticFile', () => {
  it('finds a regular file under the doc root', () => {
    expect(staticFile(root, 'firmware/T46S.rom')).toMatchObject({ kind: 'static', size: 14 });
  });

  it('follows a link that stays inside the root', () => {
    expect(staticFile(root, 'alias.rom')).toMatchObject({
      kind: 'static',
      path: join(root, 'firmware', 'T46S.rom'),
    });
  });

  it.each([
    'escape.txt',
    '../secret.txt',
    'firmware/../../secret.txt',
    '/etc/passwd',
    '',
    'firmware',
    'missing',
    'a\0b',
  ])('refuses %j', (path) => expect(staticFile(root, path)).toBeUndefined());

  it('finds nothing under a missing doc root', () => {
    expect(staticFile(join(top, 'nope'), 'x')).toBeUndefined();
  });
});

describe('HotSet', () => {
  it('keeps the most recently used contents within its byte budget', () => {
    const set = new HotSet(10);
    set.set('a', Buffer.from('aaaa'));
    set.set('b', Buffer.from('bbbb'));
    expect(set.get('a')?.toString()).toBe('aaaa');
    set.set('c', Buffer.from('cccc'));
    expect(set.get('b')).toBeUndefined();
    expect(set.get('a')?.toString()).toBe('aaaa');
    expect(set.bytes).toBe(8);
  });

  it('never holds a content larger than the budget', () => {
    const set = new HotSet(4);
    set.set('big', Buffer.from('too large'));
    expect(set.size).toBe(0);
  });
});
