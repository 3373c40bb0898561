import { describe, expect, it } from 'vitest';
import type { ConfigDocument } from '../../../src/domain/config/events.js';
import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { configStream, SETTINGS_STREAM } from '../../../src/domain/streams.js';
import { appendAll } from '../support/append-events.js';
import { newHarness } from '../support/harness.js';

const created = (configId: string, parents: string[], raw: JsonObject, extra: JsonObject = {}) =>
  [
    configStream(configId),
    {
      type: 'ConfigCreated',
      data: {
        configId,
        config: { parent_ids: parents, raw_config: raw, ...extra } as ConfigDocument,
        autocreatedFrom: null,
      },
    },
  ] as const;
const updated = (configId: string, parents: string[], raw: JsonObject) =>
  [
    configStream(configId),
    { type: 'ConfigUpdated', data: { configId, config: { parent_ids: parents, raw_config: raw } } },
  ] as const;
const deleted = (configId: string) =>
  [configStream(configId), { type: 'ConfigDeleted', data: { configId } }] as const;
const base = (rawConfig: JsonObject) =>
  [SETTINGS_STREAM, { type: 'BaseRawConfigChanged', data: { rawConfig } }] as const;

const build = async (steps: readonly (readonly [string, DomainEvent])[]) => {
  const h = newHarness();
  await appendAll(h.store, steps);
  await h.runner.catchUp();
  return h.models.configs;
};

describe('configs projection', () => {
  it('flattens without a base raw config as if it were empty', async () => {
    const configs = await build([created('a', [], { k: 1 })]);
    expect(configs.rawConfig('a')).toEqual({ k: 1 });
  });

  it('merges objects and lets later parents and the config itself win', async () => {
    const configs = await build([
      base({ lines: { '1': { proxy: 'p0' } }, list: [1] }),
      created('p1', [], { lines: { '1': { user: 'u1' } }, v: 'p1' }),
      created('p2', [], { v: 'p2', list: [2] }),
      created('child', ['p1', 'p2'], { lines: { '1': { user: 'me' } } }),
    ]);
    expect(configs.rawConfig('child')).toEqual({
      lines: { '1': { proxy: 'p0', user: 'me' } },
      list: [2],
      v: 'p2',
    });
  });

  it('re-flattens every descendant when an ancestor changes, and when it is deleted', async () => {
    const steps = [
      created('g', [], { ntp: 'g1' }),
      created('p', ['g'], { x: 1 }),
      created('c', ['p'], {}),
      updated('g', [], { ntp: 'g2' }),
    ] as const;
    let configs = await build(steps);
    expect(configs.rawConfig('c')).toEqual({ ntp: 'g2', x: 1 });
    expect(configs.descendants('g')).toEqual(['c', 'p']);

    configs = await build([...steps, deleted('g')]);
    expect(configs.rawConfig('c')).toEqual({ x: 1 });
    // The dangling link stays: re-creating the parent brings its values back.
    expect(configs.descendants('g')).toEqual(['c', 'p']);
    configs = await build([...steps, deleted('g'), created('g', [], { ntp: 'g3' })]);
    expect(configs.rawConfig('c')).toEqual({ ntp: 'g3', x: 1 });
  });

  it('re-flattens everything when the base raw config changes', async () => {
    const configs = await build([
      created('a', [], { k: 1 }),
      created('b', ['a'], {}),
      base({ ip: '10.0.0.1', k: 0 }),
    ]);
    expect(configs.rawConfig('a')).toEqual({ ip: '10.0.0.1', k: 1 });
    expect(configs.rawConfig('b')).toEqual({ ip: '10.0.0.1', k: 1 });
  });

  it('survives inheritance cycles', async () => {
    const configs = await build([
      created('a', ['b'], { a: 1, v: 'a' }),
      created('b', ['a'], { b: 1, v: 'b' }),
    ]);
    expect(configs.rawConfig('a')).toEqual({ a: 1, b: 1, v: 'a' });
    expect(configs.rawConfig('b')).toEqual({ a: 1, b: 1, v: 'b' });
    expect(configs.descendants('a')).toEqual(['b']);
  });

  it('follows parent changes of an update', async () => {
    const configs = await build([
      created('p1', [], { from: 'p1' }),
      created('p2', [], { from: 'p2' }),
      created('c', ['p1'], {}),
      updated('c', ['p2'], { own: true }),
    ]);
    expect(configs.rawConfig('c')).toEqual({ from: 'p2', own: true });
    expect(configs.descendants('p1')).toEqual([]);
    expect(configs.descendants('p2')).toEqual(['c']);
  });

  it('ignores an update of an unknown config', async () => {
    const configs = await build([updated('ghost', [], { k: 1 })]);
    expect(configs.get('ghost')).toBeUndefined();
    expect(configs.rawConfig('ghost')).toBeUndefined();
  });

  it('keeps the autocreate origin across updates; the first autocreate config wins', async () => {
    const configs = await build([
      created('auto2', [], {}, { role: 'autocreate' }),
      created('auto1', [], {}, { role: 'autocreate' }),
      [
        configStream('autoX'),
        {
          type: 'ConfigCreated',
          data: {
            configId: 'autoX',
            config: { parent_ids: ['auto2'], raw_config: {} },
            autocreatedFrom: 'auto2',
          },
        },
      ],
      updated('autoX', ['auto2'], { k: 1 }),
    ]);
    expect(configs.autocreateConfig()?.id).toBe('auto2');
    expect(configs.autocreatedFrom('autoX')).toBe('auto2');
  });

  it('finds configs by id and role through SQL and by any key in JS', async () => {
    const configs = await build([
      created('a', [], {}, { role: 'autocreate', X_type: 'internal' }),
      created('b', ['a'], {}, { X_type: 'device' }),
      created('c', ['a'], {}, { X_type: 'device' }),
    ]);
    expect(configs.find({ selector: { role: 'autocreate' } }).map((c) => c.id)).toEqual(['a']);
    expect(configs.find({ selector: { id: { $in: ['c', 'a'] } } }).map((c) => c.id)).toEqual(['a', 'c']);
    expect(configs.find({ selector: { parent_ids: { $contains: 'a' } }, fields: ['X_type'] })).toEqual([
      { id: 'b', X_type: 'device' },
      { id: 'c', X_type: 'device' },
    ]);
    expect(configs.find({ skip: 1, limit: 1 }).map((c) => c.id)).toEqual(['b']);
  });
});
