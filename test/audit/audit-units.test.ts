import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  ReadOnlyEventStoreError,
  ReadOnlySqliteEventStore,
} from '../../src/adapters/eventstore/sqlite/read-only-sqlite-event-store.js';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { parseEventQuery } from '../../src/application/audit/event-query.js';
import { parseInstant } from '../../src/application/audit/instant.js';
import { diffJson } from '../../src/application/audit/json-diff.js';
import { KeptPluginVersions } from '../../src/application/audit/plugin-versions.js';
import { maskEventData, maskSecrets } from '../../src/application/audit/secrets.js';
import { PluginDirs } from '../../src/application/plugins/installed/plugin-dirs.js';
import { parseFrame } from '../../src/cli/audit/source/event-stream-reader.js';
import type { RecordedEvent } from '../../src/eventstore/envelope.js';
import { makeTempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

describe('parseInstant', () => {
  it.each([
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T10:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00.250+01:00', '2026-03-01T09:00:00.250Z'],
    ['2026-03-01T10:00:00-0230', '2026-03-01T12:30:00.000Z'],
    ['2024-02-29T23:59:59z', '2024-02-29T23:59:59.000Z'],
  ])('reads %s', (text, iso) => {
    expect(E.getOrElseW(() => undefined)(parseInstant(text))?.toISOString()).toBe(iso);
  });

  it.each([
    '2026',
    'March 1 2026',
    '2026-02-29',
    '2026-02-31',
    '2026-13-01',
    '2026-03-01T24:00Z',
    '1772359200000',
    '',
  ])('refuses %j', (text) => {
    expect(E.isLeft(parseInstant(text))).toBe(true);
  });

  it('takes a date-time without offset as local time only when asked', () => {
    expect(parseInstant('2026-03-01T10:00:00')).toEqual(E.left(expect.stringMatching(/no time zone/)));
    const local = parseInstant('2026-03-01T10:00:00', { localTime: true });
    expect(local).toEqual(E.right(new Date(2026, 2, 1, 10, 0, 0)));
  });
});

describe('parseEventQuery', () => {
  it('has defaults and reads every parameter', () => {
    expect(parseEventQuery({})).toEqual(E.right({ after: -1, limit: 100 }));
    const parsed = parseEventQuery({
      after: '12',
      limit: '1000',
      type: 'DeviceCreated, ConfigUpdated',
      tenant: 't1',
      device: 'd1',
      from: '2026-03-01',
      to: '2026-03-02',
    });
    expect(parsed).toEqual(
      E.right({
        after: 12,
        limit: 1000,
        types: new Set(['DeviceCreated', 'ConfigUpdated']),
        tenant: 't1',
        device: 'd1',
        from: new Date('2026-03-01T00:00:00Z'),
        to: new Date('2026-03-02T00:00:00Z'),
      }),
    );
  });

  it.each([
    [{ limit: '0' }, /between 1 and 1000/],
    [{ limit: '1.5' }, /must be an integer/],
    [{ after: '-2' }, /-1 or more/],
    [{ type: ',' }, /names no event type/],
    [{ tenant: ' ' }, /"tenant" is empty/],
  ])('refuses %j', (raw, message) => {
    expect(parseEventQuery(raw)).toEqual(E.left(expect.stringMatching(message)));
  });
});

describe('secrets', () => {
  it('masks values under secret keys at any depth, and passwords in URLs', () => {
    expect(
      maskSecrets({
        admin_password: 'a',
        user_password: '',
        sip_lines: { '1': { username: 'u', password: 'p', auth_key: 7 } },
        X_secret: ['x', 'y'],
        http_proxy: 'http://joe:pa55@proxy:3128',
        description: 'the password is not here',
      }),
    ).toEqual({
      admin_password: '********',
      user_password: '',
      sip_lines: { '1': { username: 'u', password: '********', auth_key: '********' } },
      X_secret: ['********', '********'],
      http_proxy: 'http://joe:********@proxy:3128',
      description: 'the password is not here',
    });
  });

  it('masks a provisioning key, whose field is only called `key`', () => {
    expect(maskEventData('ProvisioningKeySet', { tenantUuid: 't', key: 'abc' })).toEqual({
      tenantUuid: 't',
      key: '********',
    });
    expect(maskEventData('ParameterSet', { name: 'locale', value: 'fr_FR' })).toEqual({
      name: 'locale',
      value: 'fr_FR',
    });
  });
});

describe('diffJson', () => {
  it('lists leaf changes by dotted path, objects key by key, lists whole', () => {
    expect(
      diffJson(
        { a: 1, b: { c: 'x', d: [1, 2] }, gone: { deep: true } },
        { a: 1, b: { c: 'y', d: [1, 3] }, added: { n: null } },
        true,
      ),
    ).toEqual([
      { path: 'added.n', after: null },
      { path: 'b.c', before: 'x', after: 'y' },
      { path: 'b.d', before: [1, 2], after: [1, 3] },
      { path: 'gone.deep', before: true },
    ]);
    expect(diffJson({ a: 1 }, { a: 1 }, false)).toEqual([]);
  });

  it('masks secrets unless revealed: a change shows, not the values', () => {
    const before = { sip_lines: { '1': { password: 'old' } } };
    const after = { sip_lines: { '1': { password: 'new' } }, line: { secret: 's' } };
    expect(diffJson(before, after, false)).toEqual([
      { path: 'line.secret', after: '********' },
      { path: 'sip_lines.1.password', before: '********', after: '********' },
    ]);
    expect(diffJson(before, after, true)).toContainEqual({
      path: 'sip_lines.1.password',
      before: 'old',
      after: 'new',
    });
  });
});

describe('parseFrame (the CLI reading server-sent events)', () => {
  it('reads id, event and data lines; skips comments', () => {
    expect(parseFrame(': heartbeat')).toBeUndefined();
    expect(parseFrame('id: 7\nevent: DeviceCreated\ndata: {"a":1}')).toEqual({
      id: '7',
      event: 'DeviceCreated',
      data: '{"a":1}',
    });
    expect(parseFrame('data:one\r\ndata: two')).toEqual({
      id: undefined,
      event: undefined,
      data: 'one\ntwo',
    });
  });
});

describe('ReadOnlySqliteEventStore', () => {
  it('reads a log another process writes, follows its appends, and never writes', async () => {
    const dir = await makeTempDir('provd-read-only-');
    const path = join(dir.path, 'events.db');
    const writer = new SqliteEventStore({ path });
    const event = (id: string) => ({
      id,
      type: 'T',
      schemaVersion: 1,
      data: { id },
      metadata: { source: 'system' as const },
    });
    try {
      await writer.append('s-1', [event('00000000-0000-4000-8000-000000000001')], 'no_stream');
      const reader = new ReadOnlySqliteEventStore(path, { pollIntervalMs: 20 });
      try {
        const seen: RecordedEvent[] = [];
        const subscription = reader.subscribe({}, { onEvent: (e) => void seen.push(e) });
        await waitFor(() => seen.length === 1, 'the first event');
        await writer.append('s-1', [event('00000000-0000-4000-8000-000000000002')], 0);
        await waitFor(() => seen.length === 2, 'the appended event');
        await subscription.close();
        expect(await reader.headPosition()).toBe(seen[1]!.position);
        await expect(
          reader.append('s-1', [event('00000000-0000-4000-8000-000000000003')], 'any'),
        ).rejects.toThrow(ReadOnlyEventStoreError);
      } finally {
        await reader.close();
      }
      expect(() => new ReadOnlySqliteEventStore(join(dir.path, 'missing.db'))).toThrow();
    } finally {
      await writer.close();
      await dir.remove();
    }
  });
});

describe('KeptPluginVersions', () => {
  it('says why an old version cannot be had: not kept, not the package installed, not loadable', async () => {
    const dir = await makeTempDir('provd-kept-');
    const dirs = new PluginDirs(dir.path);
    const versions = new KeptPluginVersions({ dirs, installed: async () => undefined });
    try {
      expect(await versions.get('acme', '1.0')).toEqual(
        E.left(expect.stringMatching(/^the package of plugin acme 1\.0 was not kept/)),
      );
      await mkdir(dirs.cache, { recursive: true });
      await writeFile(dirs.cachedPackage('acme', '2.0'), 'not a tar.gz');
      expect(dirs.cachedPackage('acme', '2.0')).toBe(join(dir.path, '.cache', 'acme-2.0.tar.gz'));
      expect(await versions.get('acme', '2.0', 'f'.repeat(64))).toEqual(
        E.left(expect.stringMatching(/sha256 differs/)),
      );
      expect(await versions.get('acme', '2.0')).toEqual(
        E.left(expect.stringMatching(/^plugin acme 2\.0 could not be loaded/)),
      );
    } finally {
      await versions.close();
      await dir.remove();
    }
  });
});
