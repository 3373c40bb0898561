import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractTarGz, TarError, writeTarGz } from '../../src/adapters/tar/index.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { type RawEntry, rawTar, writeRawTarGz } from './support/craft-tar.js';

let tmp: TempDir;
beforeEach(async () => {
  tmp = await makeTempDir('provd-tar-');
});
afterEach(() => tmp.remove());

const hasTar = spawnSync('tar', ['--version']).status === 0;

/** Every file and folder under `dir`: relative path → content (folders end with `/`). */
const tree = async (dir: string, prefix = ''): Promise<Record<string, string>> => {
  const result: Record<string, string> = {};
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      result[`${path}/`] = '';
      Object.assign(result, await tree(dir, path));
    } else {
      result[path] = (await readFile(join(dir, path))).toString('base64');
    }
  }
  return result;
};

const LONG_DIR = `${'deep-folder-name-'.repeat(5)}x/${'another-level-'.repeat(4)}y`;

const sampleFolder = async (): Promise<string> => {
  const dir = join(tmp.path, 'source');
  const files: Record<string, string | Buffer> = {
    'plugin.json': '{"id":"x"}\n',
    'templates/device.cfg.dot': 'mac={{=it.mac}}\n',
    'files/firmware/blob.bin': Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256)),
    'files/été/à lire.txt': 'accents\n',
    [`${LONG_DIR}/file-with-a-rather-long-name-too.txt`]: 'long\n',
    'exactly-512.txt': 'z'.repeat(512),
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await mkdir(join(dir, 'empty'));
  return dir;
};

const refusal = async (entries: readonly RawEntry[], options?: { end?: boolean }): Promise<TarError> => {
  const archive = await writeRawTarGz(join(tmp.path, 'evil.tar.gz'), entries, options);
  const error = await extractTarGz(archive, join(tmp.path, 'out')).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TarError);
  return error as TarError;
};

describe('tar writer and reader', () => {
  it('round-trips a folder: nested, binary, empty, non-ASCII and long paths', async () => {
    const source = await sampleFolder();
    const archive = join(tmp.path, 'a.tar.gz');
    await writeTarGz(source, archive);
    const result = await extractTarGz(archive, join(tmp.path, 'out'));
    expect(await tree(join(tmp.path, 'out'))).toEqual(await tree(source));
    expect(result).toEqual({ files: 6, bytes: 11 + 16 + 70_000 + 8 + 5 + 512 });
  });

  it('writes the same bytes for the same content, whatever the file times', async () => {
    const source = await sampleFolder();
    await writeTarGz(source, join(tmp.path, '1.tar.gz'));
    await writeFile(join(source, 'plugin.json'), '{"id":"x"}\n'); // same content, new mtime
    await writeTarGz(source, join(tmp.path, '2.tar.gz'));
    expect(await readFile(join(tmp.path, '2.tar.gz'))).toEqual(await readFile(join(tmp.path, '1.tar.gz')));
  });

  it('leaves out what the filter excludes and adds extra files', async () => {
    const source = await sampleFolder();
    const archive = join(tmp.path, 'a.tar.gz');
    await writeTarGz(source, archive, {
      include: (path) => !path.startsWith('files'),
      extraFiles: [
        { path: 'package.json', content: Buffer.from('{}') },
        { path: 'plugin.json', content: Buffer.from('replaced') },
      ],
    });
    await extractTarGz(archive, join(tmp.path, 'out'));
    const out = await tree(join(tmp.path, 'out'));
    expect(Object.keys(out).some((p) => p.startsWith('files'))).toBe(false);
    expect(Buffer.from(out['package.json'] ?? '', 'base64').toString()).toBe('{}');
    expect(Buffer.from(out['plugin.json'] ?? '', 'base64').toString()).toBe('replaced');
  });

  it('refuses to package a symbolic link', async () => {
    const source = await sampleFolder();
    await symlink('/etc/passwd', join(source, 'files', 'passwd'));
    await expect(writeTarGz(source, join(tmp.path, 'a.tar.gz'))).rejects.toThrow(
      /files\/passwd: only regular files and folders can be packaged/,
    );
  });

  it.skipIf(!hasTar)('writes archives GNU tar reads, and reads what GNU tar writes', async () => {
    const source = await sampleFolder();
    const ours = join(tmp.path, 'ours.tar.gz');
    await writeTarGz(source, ours);
    await mkdir(join(tmp.path, 'gnu-out'));
    execFileSync('tar', ['-xzf', ours, '-C', join(tmp.path, 'gnu-out')]);
    expect(await tree(join(tmp.path, 'gnu-out'))).toEqual(await tree(source));

    // GNU's default format (long names as `L` entries) and POSIX pax (`x` extended headers).
    for (const format of ['gnu', 'posix', 'ustar']) {
      const theirs = join(tmp.path, `${format}.tar.gz`);
      const args = format === 'ustar' ? ['--exclude', LONG_DIR.split('/')[0] ?? ''] : [];
      execFileSync('tar', [`--format=${format}`, ...args, '-czf', theirs, '-C', source, '.']);
      const out = join(tmp.path, `out-${format}`);
      await extractTarGz(theirs, out);
      const expected = await tree(source);
      if (format === 'ustar') {
        for (const path of Object.keys(expected)) if (path.startsWith('deep')) delete expected[path];
      }
      expect(await tree(out)).toEqual(expected);
    }
  });
});

describe('tar reader refusals', () => {
  it.each([
    ['a parent-folder path', '../evil.txt', /"\.\.\/evil\.txt" leads out of the target folder/],
    ['a path climbing out through a folder', 'a/../../evil.txt', /leads out of the target folder/],
    ['an absolute path', '/tmp/evil.txt', /"\/tmp\/evil\.txt" has an absolute path/],
    ['a Windows drive path', 'C:/evil.txt', /has an absolute path/],
    ['a backslash path', '..\\evil.txt', /has an absolute path/],
  ])('refuses %s and writes nothing outside the target', async (_, name, message) => {
    const error = await refusal([
      { name: 'ok.txt', content: 'fine' },
      { name, content: 'evil' },
    ]);
    expect(error.message).toMatch(message);
    expect(await readdir(tmp.path)).toEqual(expect.not.arrayContaining(['evil.txt']));
    await expect(stat('/tmp/evil.txt')).rejects.toThrow();
  });

  it.each([
    ['1', 'a hard link'],
    ['2', 'a symbolic link'],
    ['3', 'a character device'],
    ['4', 'a block device'],
    ['6', 'a FIFO'],
  ])('refuses entries of type %s (%s)', async (typeflag, what) => {
    const error = await refusal([{ name: 'link', typeflag, linkname: '/etc/passwd' }]);
    expect(error.message).toBe(`archive entry "link" is ${what}: refused`);
  });

  it('refuses an unknown entry type', async () => {
    expect((await refusal([{ name: 'odd', typeflag: 'Q' }])).message).toMatch(/unsupported type "Q"/);
  });

  it('refuses an archive whose files add up to more than the limit', async () => {
    const archive = await writeRawTarGz(join(tmp.path, 'big.tar.gz'), [
      { name: 'a.bin', content: Buffer.alloc(600) },
      { name: 'b.bin', content: Buffer.alloc(600) },
    ]);
    await expect(
      extractTarGz(archive, join(tmp.path, 'out'), { maxBytes: 1000, maxEntries: 10 }),
    ).rejects.toThrow('archive too large: more than 1000 bytes');
    await expect(
      extractTarGz(archive, join(tmp.path, 'out2'), { maxBytes: 10_000, maxEntries: 1 }),
    ).rejects.toThrow('archive has more than 1 entries');
  });

  it('refuses data that is not gzip, and a truncated gzip stream', async () => {
    const notGzip = join(tmp.path, 'plain.tar.gz');
    await writeFile(notGzip, rawTar([{ name: 'a.txt', content: 'x' }]));
    await expect(extractTarGz(notGzip, join(tmp.path, 'o1'))).rejects.toThrow(/^corrupt archive: /);
    const whole = gzipSync(rawTar([{ name: 'a.txt', content: 'x'.repeat(5000) }]));
    const cut = join(tmp.path, 'cut.tar.gz');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(extractTarGz(cut, join(tmp.path, 'o2'))).rejects.toThrow(
      /corrupt archive|truncated archive/,
    );
  });

  it('refuses a header with a wrong checksum, and an archive without end marker', async () => {
    const tar = rawTar([{ name: 'a.txt', content: 'x' }]);
    tar[0] = 'b'.charCodeAt(0); // the name changes, the stored checksum does not
    const bad = join(tmp.path, 'bad.tar.gz');
    await writeFile(bad, gzipSync(tar));
    await expect(extractTarGz(bad, join(tmp.path, 'o1'))).rejects.toThrow(
      'corrupt archive: bad header checksum at byte 0',
    );
    expect((await refusal([{ name: 'a.txt', content: 'x' }], { end: false })).message).toBe(
      'truncated archive: no end-of-archive marker',
    );
  });

  it('refuses to extract into a folder that is not empty', async () => {
    const archive = await writeRawTarGz(join(tmp.path, 'a.tar.gz'), [{ name: 'a.txt', content: 'x' }]);
    await mkdir(join(tmp.path, 'busy'));
    await writeFile(join(tmp.path, 'busy', 'keep'), 'k');
    await expect(extractTarGz(archive, join(tmp.path, 'busy'))).rejects.toThrow(
      /extraction target is not empty/,
    );
  });
});
