import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyConfigureDefaults } from '../../../src/domain/config/defaults.js';
import type { ConfigDocument } from '../../../src/domain/config/events.js';
import { flattenRawConfig } from '../../../src/domain/config/flatten.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';

const lookupIn =
  (configs: Record<string, ConfigDocument>) =>
  (id: string): ConfigDocument | undefined =>
    Object.hasOwn(configs, id) ? configs[id] : undefined;

const cfg = (parent_ids: string[], raw_config: JsonObject): ConfigDocument => ({ parent_ids, raw_config });

describe('flattenRawConfig', () => {
  it('is undefined for an unknown config', () => {
    expect(flattenRawConfig('nope', lookupIn({}), { ip: '1' })).toBeUndefined();
  });

  it('overlays base, then parents in order (ancestors first), then the config itself', () => {
    const configs = {
      grand: cfg([], { a: 'grand', g: 1 }),
      p1: cfg(['grand'], { a: 'p1', p1: 1 }),
      p2: cfg([], { a: 'p2', p2: 1 }),
      c: cfg(['p1', 'p2'], { own: 1 }),
    };
    expect(flattenRawConfig('c', lookupIn(configs), { a: 'base', ip: '10.0.0.1' })).toEqual({
      a: 'p2',
      ip: '10.0.0.1',
      g: 1,
      p1: 1,
      p2: 1,
      own: 1,
    });
    expect(flattenRawConfig('c', lookupIn({ ...configs, c: cfg(['p1', 'p2'], { a: 'c' }) }), {})?.a).toBe(
      'c',
    );
  });

  it('lets a config contribute once, at its first encounter', () => {
    // shared is reached through p1 first; p2 overrides it afterwards and shared does not come back.
    const configs = {
      shared: cfg([], { v: 'shared' }),
      p1: cfg(['shared'], {}),
      p2: cfg(['shared'], { v: 'p2' }),
      c: cfg(['p1', 'p2'], {}),
    };
    expect(flattenRawConfig('c', lookupIn(configs), {})).toEqual({ v: 'p2' });
  });

  it('survives cycles, the config itself included', () => {
    const configs = { a: cfg(['b'], { a: 1, who: 'a' }), b: cfg(['a', 'b'], { b: 1, who: 'b' }) };
    expect(flattenRawConfig('a', lookupIn(configs), {})).toEqual({ a: 1, b: 1, who: 'a' });
  });

  it('skips missing parents', () => {
    expect(flattenRawConfig('c', lookupIn({ c: cfg(['ghost'], { x: 1 }) }), { y: 2 })).toEqual({
      x: 1,
      y: 2,
    });
  });

  it('merges objects key by key, replaces lists and scalars, lets null overwrite', () => {
    const configs = {
      p: cfg([], { sip_lines: { '1': { username: 'u', password: 'p' } }, list: [1, 2], n: 'x', o: { k: 1 } }),
      c: cfg(['p'], {
        sip_lines: { '1': { password: 'q' }, '2': { username: 'v' } },
        list: [3],
        n: null,
        o: 'flat',
      }),
    };
    expect(flattenRawConfig('c', lookupIn(configs), {})).toEqual({
      sip_lines: { '1': { username: 'u', password: 'q' }, '2': { username: 'v' } },
      list: [3],
      n: null,
      o: 'flat',
    });
  });

  it('keeps __proto__ keys as data', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject;
    const flat = flattenRawConfig('c', lookupIn({ c: cfg([], raw) }), {});
    expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
    expect(Object.keys(flat ?? {})).toEqual(['__proto__']);
  });

  it('never mutates its inputs (property)', () => {
    const json = fc.dictionary(fc.constantFrom('a', 'b', 'sip_lines', '1', 'x'), fc.jsonValue(), {
      maxKeys: 4,
    });
    const nested = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(json, fc.jsonValue()), {
      maxKeys: 3,
    });
    const ids = fc.constantFrom('c0', 'c1', 'c2', 'c3', 'missing');
    const graph = fc.record({
      c0: fc.record({ parent_ids: fc.array(ids, { maxLength: 3 }), raw_config: nested }),
      c1: fc.record({ parent_ids: fc.array(ids, { maxLength: 3 }), raw_config: nested }),
      c2: fc.record({ parent_ids: fc.array(ids, { maxLength: 3 }), raw_config: nested }),
      c3: fc.record({ parent_ids: fc.array(ids, { maxLength: 3 }), raw_config: nested }),
    });
    fc.assert(
      fc.property(graph, nested, (configs, base) => {
        const before = structuredClone({ configs, base });
        const flat = flattenRawConfig(
          'c0',
          lookupIn(configs as Record<string, ConfigDocument>),
          base as JsonObject,
        );
        expect({ configs, base }).toEqual(before);
        // The result shares nothing with the inputs: mutating it leaves them intact.
        if (flat) for (const key of Object.keys(flat)) delete flat[key];
        expect({ configs, base }).toEqual(before);
      }),
    );
  });
});

describe('applyConfigureDefaults', () => {
  it('fills the provd defaults on an empty raw config', () => {
    expect(applyConfigureDefaults({})).toEqual({
      sip_srtp_mode: 'disabled',
      sip_transport: 'udp',
      sip_lines: {},
      sccp_call_managers: {},
      funckeys: {},
    });
  });

  it('adds syslog defaults only when syslog is enabled', () => {
    expect(applyConfigureDefaults({ syslog_enabled: true })).toMatchObject({
      syslog_port: 514,
      syslog_level: 'warning',
    });
    expect(applyConfigureDefaults({ syslog_enabled: false })).not.toHaveProperty('syslog_port');
    expect(applyConfigureDefaults({ syslog_enabled: true, syslog_port: 1514 })).toMatchObject({
      syslog_port: 1514,
    });
  });

  it('defaults registrars to proxies and auth usernames to usernames', () => {
    const result = applyConfigureDefaults({
      sip_proxy_ip: '10.0.0.1',
      sip_lines: {
        '1': { proxy_ip: '10.0.0.2', username: 'u' },
        '2': { registrar_ip: 'r', auth_username: 'a' },
      },
    });
    expect(result).toMatchObject({
      sip_registrar_ip: '10.0.0.1',
      sip_lines: {
        '1': { registrar_ip: '10.0.0.2', auth_username: 'u' },
        '2': { registrar_ip: 'r', auth_username: 'a' },
      },
    });
  });

  it('keeps explicit values and leaves its input alone', () => {
    const raw: JsonObject = { sip_transport: 'tls', sip_lines: { '1': { username: 'u' } } };
    const copy = structuredClone(raw);
    expect(applyConfigureDefaults(raw)).toMatchObject({ sip_transport: 'tls' });
    expect(raw).toEqual(copy);
  });
});
