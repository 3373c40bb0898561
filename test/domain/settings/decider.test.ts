import { describe, it } from 'vitest';
import { settingsDecider } from '../../../src/domain/settings/decider.js';
import type { ParameterName, SettingsEvent } from '../../../src/domain/settings/events.js';
import type { JsonValue } from '../../../src/domain/shared/json.js';
import { spec } from '../../support/decider-spec.js';

const settings = spec(settingsDecider);

const set = (name: ParameterName, value: JsonValue) => ({ type: 'SetParameter', name, value }) as const;
const wasSet = (name: ParameterName, value: string | number | null): SettingsEvent => ({
  type: 'ParameterSet',
  data: { name, value },
});

const T1 = 'tenant-1';
const T2 = 'tenant-2';
const setKey = (tenantUuid: string, key: JsonValue) =>
  ({ type: 'SetProvisioningKey', tenantUuid, key }) as const;
const keySet = (tenantUuid: string, key: string | null): SettingsEvent => ({
  type: 'ProvisioningKeySet',
  data: { tenantUuid, key },
});

describe('SetParameter', () => {
  it('records a changed value and nothing for the current one', () => {
    settings
      .given([])
      .when(set('locale', 'fr_FR'))
      .then([wasSet('locale', 'fr_FR')]);
    settings
      .given([wasSet('locale', 'fr_FR')])
      .when(set('locale', 'fr_FR'))
      .thenNothing();
    settings
      .given([wasSet('locale', 'fr_FR')])
      .when(set('locale', null))
      .then([wasSet('locale', null)]);
    settings
      .given([wasSet('locale', null)])
      .when(set('locale', null))
      .thenNothing();
  });

  it('checks plugin_server for a scheme and a host', () => {
    const url = 'http://provd.wazo.community/plugins/2/stable/';
    settings
      .given([])
      .when(set('plugin_server', url))
      .then([wasSet('plugin_server', url)]);
    settings
      .given([])
      .when(set('plugin_server', 'provd.wazo.community'))
      .thenFails('validation', 'no scheme: provd.wazo.community');
    settings
      .given([])
      .when(set('plugin_server', 'http:///plugins'))
      .thenFails('validation', 'no hostname: http:///plugins');
    settings
      .given([])
      .when(set('plugin_server', 42))
      .thenFails('validation', 'plugin_server must be a string or null');
  });

  it('checks HTTP and FTP proxies: scheme, host, no path; "" clears', () => {
    for (const name of ['http_proxy', 'ftp_proxy'] as const) {
      settings
        .given([])
        .when(set(name, 'http://user:pw@proxy:3128'))
        .then([wasSet(name, 'http://user:pw@proxy:3128')]);
      settings.given([]).when(set(name, '10.0.0.1:3128')).thenFails('validation', 'No scheme: 10.0.0.1:3128');
      settings.given([]).when(set(name, 'http://')).thenFails('validation', 'No hostname: http://');
      settings.given([]).when(set(name, 'http://proxy:3128/path')).thenFails('validation', 'Path: /path');
      settings
        .given([wasSet(name, 'http://proxy:3128')])
        .when(set(name, ''))
        .then([wasSet(name, null)]);
    }
  });

  it('checks the HTTPS proxy is host:port, not a URL', () => {
    settings
      .given([])
      .when(set('https_proxy', 'proxy:3128'))
      .then([wasSet('https_proxy', 'proxy:3128')]);
    settings.given([]).when(set('https_proxy', '')).thenFails('validation', 'zero-length value');
    settings
      .given([])
      .when(set('https_proxy', 'http://proxy:3128'))
      .thenFails('validation', 'scheme and hostname: http://proxy:3128');
  });

  it('checks the locale', () => {
    settings
      .given([])
      .when(set('locale', 'fr'))
      .then([wasSet('locale', 'fr')]);
    settings
      .given([])
      .when(set('locale', 'ast_ES'))
      .then([wasSet('locale', 'ast_ES')]);
    settings.given([]).when(set('locale', 'fr-FR')).thenFails('validation', 'Invalid locale fr-FR');
  });

  it('stores NAT as a number, null meaning 0, and refuses anything else with the value', () => {
    settings
      .given([])
      .when(set('NAT', '1'))
      .then([wasSet('NAT', 1)]);
    settings
      .given([])
      .when(set('NAT', '0'))
      .then([wasSet('NAT', 0)]);
    settings
      .given([])
      .when(set('NAT', null))
      .then([wasSet('NAT', 0)]);
    settings
      .given([wasSet('NAT', 1)])
      .when(set('NAT', 1))
      .thenNothing();
    settings
      .given([wasSet('NAT', 0)])
      .when(set('NAT', null))
      .thenNothing();
    settings.given([]).when(set('NAT', '-1')).thenFails('validation', '-1');
    settings.given([]).when(set('NAT', '2')).thenFails('validation', '2');
    settings.given([]).when(set('NAT', 'foobar')).thenFails('validation', 'foobar');
  });
});

describe('SetProvisioningKey', () => {
  it('records a valid key and nothing when re-set by the same tenant', () => {
    settings
      .given([])
      .when(setKey(T1, 'this-is-a-key'))
      .then([keySet(T1, 'this-is-a-key')]);
    settings
      .given([keySet(T1, 'this-is-a-key')])
      .when(setKey(T1, 'this-is-a-key'))
      .thenNothing();
  });

  it('checks the length', () => {
    const message = '`provisioning_key` should be [8, 256] characters long.';
    settings
      .given([])
      .when(setKey(T1, 'a'.repeat(7)))
      .thenFails('validation', message);
    settings
      .given([])
      .when(setKey(T1, 'a'.repeat(257)))
      .thenFails('validation', message);
    settings
      .given([])
      .when(setKey(T1, 'a'.repeat(256)))
      .then([keySet(T1, 'a'.repeat(256))]);
  });

  it('checks the characters', () => {
    settings
      .given([])
      .when(setKey(T1, 'asdf1234%$'))
      .thenFails(
        'validation',
        '`provisioning_key` should only contain the following characters: `a-z, A-Z, 0-9, -, $, ~, .`',
      );
    settings
      .given([])
      .when(setKey(T1, 'aZ09-$~.'))
      .then([keySet(T1, 'aZ09-$~.')]);
  });

  it('refuses a key used by another tenant', () => {
    settings
      .given([keySet(T1, 'this-is-a-key')])
      .when(setKey(T2, 'this-is-a-key'))
      .thenFails('validation', 'another tenant already uses this provisioning key.');
  });

  it('clears with null or "", several tenants may have none', () => {
    settings
      .given([keySet(T1, 'this-is-a-key')])
      .when(setKey(T1, null))
      .then([keySet(T1, null)]);
    settings
      .given([keySet(T1, 'this-is-a-key')])
      .when(setKey(T1, ''))
      .then([keySet(T1, null)]);
    settings
      .given([keySet(T1, null)])
      .when(setKey(T2, null))
      .thenNothing();
    settings
      .given([keySet(T1, null)])
      .when(setKey(T1, null))
      .thenNothing();
  });

  it('frees a key when its tenant clears it or is removed', () => {
    settings
      .given([keySet(T1, 'this-is-a-key'), keySet(T1, null)])
      .when(setKey(T2, 'this-is-a-key'))
      .then([keySet(T2, 'this-is-a-key')]);
    settings
      .given([keySet(T1, 'this-is-a-key'), { type: 'TenantSettingsRemoved', data: { tenantUuid: T1 } }])
      .when(setKey(T2, 'this-is-a-key'))
      .then([keySet(T2, 'this-is-a-key')]);
  });
});

describe('RemoveTenantSettings, SetMasterTenant, SetBaseRawConfig', () => {
  it('removes a known tenant and ignores unknown ones', () => {
    settings
      .given([keySet(T1, 'this-is-a-key')])
      .when({ type: 'RemoveTenantSettings', tenantUuid: T1 })
      .then([{ type: 'TenantSettingsRemoved', data: { tenantUuid: T1 } }]);
    settings.given([]).when({ type: 'RemoveTenantSettings', tenantUuid: T1 }).thenNothing();
  });

  it('records a new master tenant only', () => {
    const setMaster = { type: 'SetMasterTenant', tenantUuid: T1 } as const;
    const masterSet: SettingsEvent = { type: 'MasterTenantSet', data: { tenantUuid: T1 } };
    settings.given([]).when(setMaster).then([masterSet]);
    settings.given([masterSet]).when(setMaster).thenNothing();
  });

  it('records a base raw config that differs (deeply) from the current one', () => {
    const changed = (rawConfig: { [k: string]: JsonValue }): SettingsEvent => ({
      type: 'BaseRawConfigChanged',
      data: { rawConfig },
    });
    const base = { ip: '10.0.0.1', http_port: 8667, X_comment: { a: [1] } };
    settings
      .given([])
      .when({ type: 'SetBaseRawConfig', rawConfig: base })
      .then([changed(base)]);
    settings
      .given([changed(base)])
      .when({
        type: 'SetBaseRawConfig',
        rawConfig: { X_comment: { a: [1] }, http_port: 8667, ip: '10.0.0.1' },
      })
      .thenNothing();
    settings
      .given([changed(base)])
      .when({ type: 'SetBaseRawConfig', rawConfig: { ...base, X_comment: { a: [2] } } })
      .then([changed({ ...base, X_comment: { a: [2] } })]);
  });
});
