import { describe, expect, it } from 'vitest';
import { autocreateConfig } from '../../../src/domain/config/autocreate.js';
import type { ConfigDocument } from '../../../src/domain/config/events.js';
import { stripNulls } from '../../../src/domain/config/null-strip.js';

describe('autocreateConfig', () => {
  const autoprov: ConfigDocument = {
    parent_ids: ['base', 'defaultconfigdevice'],
    raw_config: { ip: '10.0.0.1', sip_lines: { '1': { username: 'anonymous' } } },
    role: 'autocreate',
    deletable: false,
  };

  it('builds a transient child holding a copy of the own raw_config', () => {
    const command = autocreateConfig('autoprov', autoprov, 'autoprov1b4e28ba');
    expect(command).toEqual({
      type: 'CreateConfig',
      configId: 'autoprov1b4e28ba',
      config: { parent_ids: ['autoprov'], raw_config: autoprov.raw_config, transient: true },
      autocreatedFrom: 'autoprov',
    });
    expect(command?.config.raw_config).not.toBe(autoprov.raw_config);
  });

  it('creates nothing without a SIP line 1', () => {
    expect(autocreateConfig('ap', { parent_ids: [], raw_config: {} }, 'ap1')).toBeUndefined();
    expect(
      autocreateConfig('ap', { parent_ids: [], raw_config: { sip_lines: { '2': {} } } }, 'ap1'),
    ).toBeUndefined();
  });
});

describe('stripNulls (provd unit tests)', () => {
  it('leaves an empty object alone', () => {
    expect(stripNulls({})).toEqual({});
  });

  it('removes top-level nulls and keeps false, 0 and strings', () => {
    expect(stripNulls({ a: null, b: false, c: 0, d: '' })).toEqual({ b: false, c: 0, d: '' });
  });

  it('removes nested nulls, keeps list nulls, strips objects inside lists', () => {
    expect(stripNulls({ a: { b: null, c: { d: null, e: 1 } }, l: [null, 1, { x: null, y: 2 }] })).toEqual({
      a: { c: { e: 1 } },
      l: [null, 1, { y: 2 }],
    });
  });
});
