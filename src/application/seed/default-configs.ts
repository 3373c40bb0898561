import type { JsonObject } from '../../domain/shared/json.js';

export interface SeedValues {
  /** Host phones use for NTP, the directory and, by default, SIP: the provisioning server's. */
  readonly serverHost: string;
  readonly sipProxy: string;
  /** 8 characters making the shared autoprov SIP username `ap…` unique per installation. */
  readonly autoprovSuffix: string;
  /** The phones' web admin password; generated at first start, never a well-known default. */
  readonly adminPassword: string;
}

/**
 * The configs a fresh Wazo installation gives provd (provd-spec §2.2): `base` (server facts),
 * `default` (the registrar), `defaultconfigdevice` (device defaults) and `autoprov`, the
 * autocreate template whose shared SIP line every unassigned phone registers with.
 */
export const defaultConfigs = (v: SeedValues): { readonly id: string; readonly config: JsonObject }[] => [
  {
    id: 'base',
    config: {
      X_type: 'internal',
      deletable: false,
      parent_ids: [],
      raw_config: { ntp_enabled: true, ntp_ip: v.serverHost, X_xivo_phonebook_ip: v.serverHost },
    },
  },
  {
    id: 'default',
    config: {
      X_type: 'registrar',
      deletable: false,
      displayname: 'local',
      registrar_main: v.sipProxy,
      proxy_main: v.sipProxy,
      parent_ids: [],
      raw_config: { X_key: 'xivo' },
    },
  },
  {
    id: 'defaultconfigdevice',
    config: {
      X_type: 'device',
      label: 'Default config device',
      deletable: false,
      parent_ids: [],
      raw_config: {
        ntp_enabled: true,
        ntp_ip: v.serverHost,
        sip_dtmf_mode: 'RTP-out-of-band',
        admin_username: 'admin',
        admin_password: v.adminPassword,
        user_username: 'user',
        user_password: 'user',
      },
    },
  },
  {
    id: 'autoprov',
    config: {
      X_type: 'internal',
      role: 'autocreate',
      deletable: false,
      parent_ids: ['base', 'defaultconfigdevice'],
      raw_config: {
        sccp_call_managers: { '1': { ip: v.sipProxy } },
        sip_lines: {
          '1': {
            username: `ap${v.autoprovSuffix}`,
            password: 'autoprov',
            display_name: 'Autoprov',
            number: 'autoprov',
            proxy_ip: v.sipProxy,
            registrar_ip: v.sipProxy,
          },
        },
      },
    },
  },
];
