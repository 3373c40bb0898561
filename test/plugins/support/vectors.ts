import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import type { IdentifyRequest } from '../../../src/plugin-runtime/contract.js';

/** One row of fixtures/ident-vectors.json (see fixtures/README.md). */
export interface IdentVector {
  readonly vendor: string;
  readonly origin: string;
  readonly request_type: 'http' | 'tftp' | 'dhcp';
  readonly user_agent: string | null;
  readonly path: string | null;
  readonly dhcp_option_60?: string;
  readonly query_args?: { readonly [name: string]: readonly string[] };
  readonly expected: {
    readonly vendor: string | null;
    readonly model: string | null;
    readonly version: string | null;
    readonly mac: string | null;
  };
  readonly expected_exception?: string;
  readonly extractor: string;
}

export interface FilenameVectors {
  readonly mac_used: string;
  readonly raw_config_used: JsonObject;
  readonly results: readonly {
    readonly plugin: string;
    readonly configure_common_writes: readonly string[];
    readonly devices: readonly {
      readonly device: { readonly model: string; readonly version: string; readonly mac: string };
      readonly configure_writes: readonly string[];
      readonly remote_state_trigger_filename: string | null;
      readonly is_sensitive_filename: { readonly [file: string]: boolean };
    }[];
  }[];
}

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;

export const identVectors: readonly IdentVector[] = fixture('ident-vectors.json');
export const yealinkFilenameVectors: FilenameVectors = fixture('filename-vectors-yealink.json');

/** The address every vector request comes from (the vectors do not record one). */
export const VECTOR_CLIENT_IP = '10.0.0.50';
/** DHCP vectors record only option 60; the lease needs a MAC. */
export const VECTOR_DHCP_MAC = '00:0e:08:aa:bb:cc';

/** The request a vector describes, as the host hands it to identify. */
export const toRequest = (row: IdentVector): IdentifyRequest => {
  if (row.request_type === 'dhcp') {
    return {
      protocol: 'dhcp',
      clientIp: VECTOR_CLIENT_IP,
      mac: VECTOR_DHCP_MAC,
      options: row.dhcp_option_60 === undefined ? {} : { 60: row.dhcp_option_60 },
    };
  }
  const path = (row.path ?? '/').replace(/^\/+/, '');
  return {
    protocol: row.request_type,
    path,
    filename: path.split('/').at(-1) ?? '',
    clientIp: VECTOR_CLIENT_IP,
    headers: row.user_agent === null ? {} : { 'user-agent': row.user_agent },
  };
};

/** A vector row's name in test titles. */
export const describeVector = (row: IdentVector): string =>
  `${row.request_type} ${row.user_agent === null ? `path ${row.path}` : `UA "${row.user_agent}"`}`;
