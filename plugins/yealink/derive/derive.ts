import type { DeviceDocument } from '../../../src/domain/device/document.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { knownModel } from '../models.js';
import { type Account, deriveAccounts } from './accounts.js';
import { deriveFunctionKeys, type FunctionKey } from './function-keys.js';
import { deriveLanguage, type Language } from './language.js';
import { text } from './raw.js';
import {
  type Credentials,
  deriveCredentials,
  deriveNtpServer,
  derivePhonebookUrl,
  deriveSyslog,
  deriveVlan,
  type Syslog,
  type Vlan,
} from './settings.js';
import { deriveTimeZone, type TimeZones, type YealinkTimeZone } from './time-zone.js';

/**
 * The values the template prints, computed from the raw config (provd's `XX_` convention:
 * plugin-private keys added to the plugin's own copy). The template reads only these: raw keys
 * (and user `X_` keys in particular) reach the file only through a derivation here.
 */
export interface DerivedKeys {
  readonly XX_mac: string;
  readonly XX_server_url: string;
  readonly XX_accounts: readonly Account[];
  readonly XX_fkeys: readonly FunctionKey[];
  readonly XX_ntp_server: string;
  readonly XX_timezone?: YealinkTimeZone;
  readonly XX_lang?: Language;
  readonly XX_vlan?: Vlan;
  readonly XX_syslog?: Syslog;
  readonly XX_admin?: Credentials;
  readonly XX_user?: Credentials;
  readonly XX_phonebook_url?: string;
}

export type YealinkConfig = JsonObject & DerivedKeys;

export interface DeriveInput {
  readonly device: DeviceDocument;
  readonly rawConfig: JsonObject;
  /** Compact MAC (`aabbccddeeff`), already checked. */
  readonly mac: string;
  readonly serverUrl: string;
  /** The year whose DST dates are written. */
  readonly year: number;
  readonly zones: TimeZones;
}

export const deriveConfig = ({
  device,
  rawConfig,
  mac,
  serverUrl,
  year,
  zones,
}: DeriveInput): YealinkConfig => {
  const model = knownModel(device.model);
  const derived: DerivedKeys = {
    XX_mac: mac,
    XX_server_url: serverUrl,
    XX_accounts: deriveAccounts(rawConfig, model),
    XX_fkeys: deriveFunctionKeys(rawConfig, model),
    XX_ntp_server: deriveNtpServer(rawConfig),
    XX_timezone: deriveTimeZone(text(rawConfig.timezone), year, zones),
    XX_lang: deriveLanguage(text(rawConfig.locale)),
    XX_vlan: deriveVlan(rawConfig),
    XX_syslog: deriveSyslog(rawConfig),
    XX_admin: deriveCredentials(rawConfig, 'admin'),
    XX_user: deriveCredentials(rawConfig, 'user'),
    XX_phonebook_url: derivePhonebookUrl(rawConfig),
  };
  return Object.assign(structuredClone(rawConfig), derived);
};
