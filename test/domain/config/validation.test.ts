import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { validateRawConfig } from '../../../src/domain/config/raw-config-schema.js';
import { validateConfig } from '../../../src/domain/config/validation.js';
import type { JsonObject, JsonValue } from '../../../src/domain/shared/json.js';
import { formatIssues } from '../../../src/domain/shared/schema.js';

const messageOf = (config: JsonObject): string => {
  const result = validateConfig(config);
  if (E.isRight(result)) throw new Error('expected a validation error');
  expect(result.left.code).toBe('validation');
  return result.left.message;
};

/** Issues of a config whose raw_config is `raw`, as the client would read them. */
const rawMessage = (raw: JsonObject): string => messageOf({ parent_ids: [], raw_config: raw });

const valid = (raw: JsonObject): void => {
  expect(validateRawConfig(raw)).toEqual([]);
};

describe('config structure (provd order, one message at a time)', () => {
  it('requires parent_ids first', () => {
    expect(messageOf({})).toBe('missing "parent_ids" field in config');
  });

  it('requires parent_ids to be a list of strings, naming the Python type', () => {
    const cases: [JsonValue, string][] = [
      ['base', 'str'],
      [{}, 'dict'],
      [null, 'NoneType'],
      [1, 'int'],
      [1.5, 'float'],
      [true, 'bool'],
    ];
    for (const [value, type] of cases) {
      expect(messageOf({ parent_ids: value, raw_config: {} })).toBe(
        `"parent_ids" field must be a list; is ${type}`,
      );
    }
    expect(messageOf({ parent_ids: ['a', 2], raw_config: {} })).toBe('parent id must be a string; is int');
  });

  it('requires raw_config, a dict', () => {
    expect(messageOf({ parent_ids: [] })).toBe('missing "raw_config" field in config');
    expect(messageOf({ parent_ids: [], raw_config: [] })).toBe('"raw_config" field must be a dict; is list');
  });

  it('checks the typed top-level flags', () => {
    expect(messageOf({ parent_ids: [], raw_config: {}, deletable: 'maybe' })).toBe(
      'deletable: value could not be parsed to a boolean',
    );
    expect(messageOf({ parent_ids: [], raw_config: {}, transient: null })).toBe(
      'transient: none is not an allowed value',
    );
    expect(messageOf({ parent_ids: [], raw_config: {}, role: {} })).toBe('role: str type expected');
  });
});

describe('stored config document', () => {
  it('keeps the raw_config as sent, extra keys included, and drops the id', () => {
    const raw = { http_port: '443', X_key: 'xivo' };
    expect(
      validateConfig({ id: 'x', parent_ids: ['base'], raw_config: raw, X_type: 'registrar', label: 'l' }),
    ).toEqual(E.right({ parent_ids: ['base'], raw_config: raw, X_type: 'registrar', label: 'l' }));
  });

  it('normalises the typed flags', () => {
    expect(
      validateConfig({ parent_ids: [], raw_config: {}, deletable: 'no', transient: 1, role: 5 }),
    ).toEqual(E.right({ parent_ids: [], raw_config: {}, deletable: false, transient: true, role: '5' }));
  });

  it('strips nulls from device configs before validating and storing', () => {
    expect(
      validateConfig({
        X_type: 'device',
        parent_ids: [],
        raw_config: { sip_proxy_ip: null, funckeys: { '1': { type: 'park', label: null } }, X_l: [null] },
        role: null,
      }),
    ).toEqual(
      E.right({
        X_type: 'device',
        parent_ids: [],
        raw_config: { funckeys: { '1': { type: 'park' } }, X_l: [null] },
      }),
    );
  });

  it('does not strip nulls from other configs', () => {
    expect(validateConfig({ parent_ids: [], raw_config: { sip_proxy_ip: null } })).toEqual(
      E.right({ parent_ids: [], raw_config: { sip_proxy_ip: null } }),
    );
  });
});

describe('raw config schema', () => {
  it('accepts the provd unit-test raw config (coercion of "443", locale en_CA, one SIP line)', () => {
    valid({
      ip: 'localhost',
      http_port: '443',
      locale: 'en_CA',
      sip_lines: { '1': { username: 'anonymous', password: 'autoprov', extra: 1 } },
    });
  });

  it('reports the three errors of the provd unit test together', () => {
    expect(
      rawMessage({
        http_port: 'invalid-port',
        locale: 'invalid-locale',
        funckeys: { alpha: { type: 'blf' } },
      }),
    ).toBe(
      [
        'raw_config.http_port: value is not a valid integer',
        'raw_config.locale: string does not match regex "[a-z]{2}_[A-Z]{2}"',
        'raw_config.funckeys.alpha: Value is required for BLF and Speed Dial types.',
      ].join('\n'),
    );
  });

  it('coerces like pydantic: integer strings, yes/no booleans, numbers as strings', () => {
    valid({ http_port: 8667, tftp_port: ' 69 ', ntp_enabled: 'yes', ntp_ip: 1234, sip_subscribe_mwi: 0 });
    expect(rawMessage({ ntp_enabled: 'perhaps' })).toBe(
      'raw_config.ntp_enabled: value could not be parsed to a boolean',
    );
    expect(rawMessage({ http_port: '4.5' })).toBe('raw_config.http_port: value is not a valid integer');
    expect(rawMessage({ admin_password: ['x'] })).toBe('raw_config.admin_password: str type expected');
    expect(rawMessage({ sip_local_root_and_intermediate_certificates: 'pem' })).toBe(
      'raw_config.sip_local_root_and_intermediate_certificates: value is not a valid list',
    );
    expect(rawMessage({ sip_lines: [] })).toBe('raw_config.sip_lines: value is not a valid dict');
    expect(rawMessage({ sip_lines: { '1': 'x' } })).toBe('raw_config.sip_lines.1: value is not a valid dict');
  });

  it('accepts null for optional keys but not for the non-optional ones', () => {
    valid({ ip: null, http_port: null, locale: null, timezone: null, protocol: null });
    expect(rawMessage({ syslog_port: null, sip_lines: null })).toBe(
      'raw_config.syslog_port: none is not an allowed value\nraw_config.sip_lines: none is not an allowed value',
    );
  });

  it('checks enums with the permitted values', () => {
    expect(rawMessage({ sip_dtmf_mode: 'rfc2833' })).toBe(
      "raw_config.sip_dtmf_mode: value is not a valid enumeration member; permitted: 'RTP-in-band', 'RTP-out-of-band', 'SIP-INFO'",
    );
    expect(rawMessage({ sip_srtp_mode: 'x' })).toBe(
      "raw_config.sip_srtp_mode: value is not a valid enumeration member; permitted: 'disabled', 'preferred', 'required'",
    );
    expect(rawMessage({ sip_transport: 'UDP' })).toBe(
      "raw_config.sip_transport: value is not a valid enumeration member; permitted: 'udp', 'tcp', 'tls'",
    );
    expect(rawMessage({ syslog_level: 'loud' })).toBe(
      "raw_config.syslog_level: value is not a valid enumeration member; permitted: 'critical', 'error', 'warning', 'info', 'debug'",
    );
    expect(rawMessage({ sip_lines: { '1': { dtmf_mode: 'x', srtp_mode: 'y' } } })).toBe(
      [
        "raw_config.sip_lines.1.dtmf_mode: value is not a valid enumeration member; permitted: 'RTP-in-band', 'RTP-out-of-band', 'SIP-INFO'",
        "raw_config.sip_lines.1.srtp_mode: value is not a valid enumeration member; permitted: 'disabled', 'preferred', 'required'",
      ].join('\n'),
    );
    expect(rawMessage({ funckeys: { '1': { type: 'macro' } } })).toBe(
      "raw_config.funckeys.1.type: value is not a valid enumeration member; permitted: 'speeddial', 'blf', 'park'",
    );
    expect(rawMessage({ protocol: 'H323' })).toBe(
      "raw_config.protocol: unexpected value; permitted: 'SIP', 'SCCP'",
    );
  });

  it('matches the locale as a prefix, like provd', () => {
    valid({ locale: 'fr_FR' });
    valid({ locale: 'fr_FRxyz' });
    expect(rawMessage({ locale: 'fr' })).toBe(
      'raw_config.locale: string does not match regex "[a-z]{2}_[A-Z]{2}"',
    );
  });

  it('requires a known IANA time zone, case-sensitively', () => {
    valid({ timezone: 'Europe/Paris' });
    valid({ timezone: 'America/Montreal' });
    valid({ timezone: 'UTC' });
    valid({ timezone: '' });
    expect(rawMessage({ timezone: 'Mars/Olympus' })).toBe(
      'raw_config.timezone: No time zone found with key Mars/Olympus',
    );
    expect(rawMessage({ timezone: 'europe/paris' })).toBe(
      'raw_config.timezone: No time zone found with key europe/paris',
    );
    expect(rawMessage({ timezone: '+01:00' })).toBe(
      'raw_config.timezone: No time zone found with key +01:00',
    );
  });

  it('requires digit-string keys for funckeys and sccp_call_managers', () => {
    valid({
      funckeys: { '1': { type: 'park' } },
      sccp_call_managers: { '1': { ip: '10.0.0.1', port: '2000' } },
    });
    expect(rawMessage({ funckeys: { one: { type: 'park' } } })).toBe(
      'raw_config.funckeys: Dictionary keys must be a positive integer in string format.',
    );
    expect(rawMessage({ sccp_call_managers: { '-1': { ip: '10.0.0.1' } } })).toBe(
      'raw_config.sccp_call_managers: Dictionary keys must be a positive integer in string format.',
    );
  });

  it('requires a value for BLF and speed dial keys, not for park', () => {
    valid({ funckeys: { '1': { type: 'park' }, '2': { type: 'blf', value: '1001', label: 'L', line: 1 } } });
    expect(rawMessage({ funckeys: { '2': { type: 'speeddial', value: '' } } })).toBe(
      'raw_config.funckeys.2: Value is required for BLF and Speed Dial types.',
    );
    expect(rawMessage({ funckeys: { '1': {} } })).toBe('raw_config.funckeys.1.type: field required');
  });

  it('requires the ip of an SCCP call manager', () => {
    expect(rawMessage({ sccp_call_managers: { '1': { port: 2000 } } })).toBe(
      'raw_config.sccp_call_managers.1.ip: field required',
    );
  });

  it('requires the value of an enabled feature', () => {
    expect(rawMessage({ dns_enabled: true })).toBe(
      'raw_config: Field `dns_ip` is required if `dns_enabled` is true',
    );
    expect(rawMessage({ ntp_enabled: 'yes', ntp_ip: '' })).toBe(
      'raw_config: Field `ntp_ip` is required if `ntp_enabled` is true',
    );
    expect(rawMessage({ vlan_enabled: 1 })).toBe(
      'raw_config: Field `vlan_id` is required if `vlan_enabled` is true',
    );
    expect(rawMessage({ syslog_enabled: true, syslog_ip: null })).toBe(
      'raw_config: Field `syslog_ip` is required if `syslog_enabled` is true',
    );
    valid({ dns_enabled: false });
    valid({ vlan_enabled: true, vlan_id: 0 });
    // provd does not enforce the documented ranges.
    valid({ vlan_enabled: true, vlan_id: 9999, vlan_priority: 42 });
  });

  it('requires custom keys to start with X_ (XX_ is reserved for plugins)', () => {
    valid({ X_key: 'xivo', X_comment: 'c', X_xivo_phonebook_ip: '10.0.0.1' });
    expect(rawMessage({ _comment: 'c', XX_foo: 1, bar: 2 })).toBe(
      'raw_config: Custom fields must start with `X_`: _comment, XX_foo, bar',
    );
  });

  it('formats issues one per line with their path', () => {
    expect(
      formatIssues([
        { path: [], message: 'a' },
        { path: ['x', '1'], message: 'b' },
      ]),
    ).toBe('a\nx.1: b');
  });
});
