import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { API_DOCUMENT_URL } from '../../../src/adapters/rest/openapi/openapi-routes.js';

const PROV_MIME = 'application/vnd.proformatique.provd+json';

type Method = 'get' | 'put' | 'post' | 'delete';

/**
 * wazo-provd's endpoints (provd-spec §1.5), written here independently of the document: method,
 * path under /0.2, required ACL (undefined: no authentication), success status. Rows of the spec
 * covering several methods or collections are expanded.
 */
const PROVD_ENDPOINTS: readonly (readonly [Method, string, string | undefined, number])[] = [
  ['get', '/', 'provd.read', 200],
  ['get', '/configure', 'provd.configure.read', 200],
  ['get', '/configure/{param_id}', 'provd.configure.{tenant_uuid}.{param_id}.read', 200],
  ['put', '/configure/{param_id}', 'provd.configure.{tenant_uuid}.{param_id}.update', 204],
  ['get', '/dev_mgr', 'provd.dev_mgr.read', 200],
  ['get', '/dev_mgr/devices', 'provd.dev_mgr.devices.read', 200],
  ['post', '/dev_mgr/devices', 'provd.dev_mgr.devices.create', 201],
  ['get', '/dev_mgr/devices/{device_id}', 'provd.dev_mgr.devices.{device_id}.read', 200],
  ['put', '/dev_mgr/devices/{device_id}', 'provd.dev_mgr.devices.{device_id}.update', 204],
  ['delete', '/dev_mgr/devices/{device_id}', 'provd.dev_mgr.devices.{device_id}.delete', 204],
  ['post', '/dev_mgr/synchronize', 'provd.dev_mgr.synchronize.create', 201],
  ['get', '/dev_mgr/synchronize/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/dev_mgr/synchronize/{operation_id}', 'provd.operation.delete', 204],
  ['post', '/dev_mgr/reconfigure', 'provd.dev_mgr.reconfigure.create', 204],
  ['post', '/dev_mgr/dhcpinfo', 'provd.dev_mgr.dhcpinfo.create', 204],
  ['get', '/cfg_mgr', 'provd.cfg_mgr.read', 200],
  ['get', '/cfg_mgr/configs', 'provd.cfg_mgr.configs.read', 200],
  ['post', '/cfg_mgr/configs', 'provd.cfg_mgr.configs.create', 201],
  ['get', '/cfg_mgr/configs/{config_id}', 'provd.cfg_mgr.configs.{config_id}.read', 200],
  ['put', '/cfg_mgr/configs/{config_id}', 'provd.cfg_mgr.configs.{config_id}.update', 204],
  ['delete', '/cfg_mgr/configs/{config_id}', 'provd.cfg_mgr.configs.{config_id}.delete', 204],
  ['get', '/cfg_mgr/configs/{config_id}/raw', 'provd.cfg_mgr.configs.{config_id}.raw.read', 200],
  ['post', '/cfg_mgr/autocreate', 'provd.cfg_mgr.autocreate.create', 201],
  ['get', '/pg_mgr', 'provd.pg_mgr.read', 200],
  ['get', '/pg_mgr/install', 'provd.pg_mgr.install.read', 200],
  ['post', '/pg_mgr/install/install', 'provd.pg_mgr.install.install.create', 201],
  ['post', '/pg_mgr/install/upgrade', 'provd.pg_mgr.install.upgrade.create', 201],
  ['post', '/pg_mgr/install/update', 'provd.pg_mgr.install.update.create', 201],
  ['get', '/pg_mgr/install/install/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/pg_mgr/install/install/{operation_id}', 'provd.operation.delete', 204],
  ['get', '/pg_mgr/install/upgrade/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/pg_mgr/install/upgrade/{operation_id}', 'provd.operation.delete', 204],
  ['get', '/pg_mgr/install/update/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/pg_mgr/install/update/{operation_id}', 'provd.operation.delete', 204],
  ['post', '/pg_mgr/install/uninstall', 'provd.pg_mgr.install.uninstall.create', 204],
  ['get', '/pg_mgr/install/installed', 'provd.pg_mgr.install.installed.read', 200],
  ['get', '/pg_mgr/install/installable', 'provd.pg_mgr.install.installable.read', 200],
  ['get', '/pg_mgr/plugins', 'provd.pg_mgr.plugins.read', 200],
  ['post', '/pg_mgr/reload', 'provd.pg_mgr.reload.create', 204],
  ['get', '/pg_mgr/plugins/{plugin_id}', 'provd.pg_mgr.plugins.{plugin_id}.read', 200],
  ['get', '/pg_mgr/plugins/{plugin_id}/info', 'provd.pg_mgr.plugins.{plugin_id}.info.read', 200],
  ['get', '/pg_mgr/plugins/{plugin_id}/install', 'provd.pg_mgr.plugins.{plugin_id}.install.read', 200],
  [
    'post',
    '/pg_mgr/plugins/{plugin_id}/install/install',
    'provd.pg_mgr.plugins.{plugin_id}.install.install.create',
    201,
  ],
  ['get', '/pg_mgr/plugins/{plugin_id}/install/install/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/pg_mgr/plugins/{plugin_id}/install/install/{operation_id}', 'provd.operation.delete', 204],
  [
    'post',
    '/pg_mgr/plugins/{plugin_id}/install/uninstall',
    'provd.pg_mgr.plugins.{plugin_id}.install.uninstall.create',
    204,
  ],
  [
    'get',
    '/pg_mgr/plugins/{plugin_id}/install/installed',
    'provd.pg_mgr.plugins.{plugin_id}.install.installed.read',
    200,
  ],
  [
    'get',
    '/pg_mgr/plugins/{plugin_id}/install/installable',
    'provd.pg_mgr.plugins.{plugin_id}.install.installable.read',
    200,
  ],
  ['get', '/pg_mgr/plugins/{plugin_id}/configure', 'provd.pg_mgr.plugins.{plugin_id}.configure.read', 200],
  [
    'get',
    '/pg_mgr/plugins/{plugin_id}/configure/{param_id}',
    'provd.configure.{tenant_uuid}.{param_id}.read',
    200,
  ],
  [
    'put',
    '/pg_mgr/plugins/{plugin_id}/configure/{param_id}',
    'provd.configure.{tenant_uuid}.{param_id}.update',
    204,
  ],
  ['get', '/status', 'provd.status.read', 200],
  ['get', '/api/api.yml', undefined, 200],
];

/** Our event-sourcing extensions and the documentation page. */
const EXTENSION_ENDPOINTS: readonly (readonly [Method, string, string | undefined, number])[] = [
  ['get', '/dev_mgr/devices/{device_id}/history', 'provd.dev_mgr.devices.{device_id}.history.read', 200],
  ['get', '/dev_mgr/devices/{device_id}/files', 'provd.dev_mgr.devices.{device_id}.files.read', 200],
  ['get', '/api/docs', undefined, 200],
  ['get', '/api/docs/{asset}', undefined, 200],
  ['get', '/audit/events', 'provd.audit.events.read', 200],
  ['get', '/audit/events/stream', 'provd.audit.events.read', 200],
  ['get', '/audit/devices/{device_id}/state', 'provd.audit.devices.{device_id}.read', 200],
  ['get', '/audit/devices/{device_id}/files', 'provd.audit.devices.{device_id}.files.read', 200],
  ['post', '/admin/rebuild', 'provd.admin.rebuild.create', 201],
  ['get', '/admin/rebuild/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/admin/rebuild/{operation_id}', 'provd.operation.delete', 204],
  ['post', '/admin/verify', 'provd.admin.verify.create', 201],
  ['get', '/admin/verify/{operation_id}', 'provd.operation.read', 200],
  ['delete', '/admin/verify/{operation_id}', 'provd.operation.delete', 204],
];

/** Tenant-aware operations: they take the Wazo-Tenant header. */
const TENANT_AWARE: readonly (readonly [Method, string])[] = [
  ['get', '/dev_mgr/devices'],
  ['post', '/dev_mgr/devices'],
  ['get', '/dev_mgr/devices/{device_id}'],
  ['put', '/dev_mgr/devices/{device_id}'],
  ['delete', '/dev_mgr/devices/{device_id}'],
  ['get', '/dev_mgr/devices/{device_id}/history'],
  ['get', '/dev_mgr/devices/{device_id}/files'],
  ['get', '/audit/events'],
  ['get', '/audit/events/stream'],
  ['get', '/audit/devices/{device_id}/state'],
  ['get', '/audit/devices/{device_id}/files'],
  ['post', '/dev_mgr/synchronize'],
  ['post', '/dev_mgr/reconfigure'],
  ['get', '/configure/{param_id}'],
  ['put', '/configure/{param_id}'],
];

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly type?: string;
  readonly schema?: unknown;
  readonly 'x-provd-extension'?: boolean;
  readonly [key: string]: unknown;
}

interface Response {
  readonly description: string;
  readonly schema?: { readonly type?: string; readonly $ref?: string };
  readonly headers?: Readonly<
    Record<string, { readonly type: string; readonly 'x-provd-extension'?: boolean }>
  >;
}

interface Operation {
  readonly operationId: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly responses: Readonly<Record<string, Response>>;
  readonly produces?: readonly string[];
  readonly security?: readonly unknown[];
  readonly 'x-provd-acl'?: string;
  readonly 'x-provd-extension'?: boolean;
}

type PathItem = { readonly parameters?: readonly Parameter[] } & Partial<Record<Method, Operation>>;

interface Schema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly $ref?: string;
}

interface SwaggerDocument {
  readonly swagger: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly basePath: string;
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly securityDefinitions: Readonly<Record<string, { type: string; in: string; name: string }>>;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly parameters: Readonly<Record<string, Parameter>>;
  readonly responses: Readonly<Record<string, Response>>;
  readonly definitions: Readonly<Record<string, Schema>>;
}

const METHODS: readonly Method[] = ['get', 'put', 'post', 'delete'];

const text = readFileSync(API_DOCUMENT_URL, 'utf8');
const yamlDocument = parseDocument(text, { uniqueKeys: true });
const doc = yamlDocument.toJS() as SwaggerDocument;

/** Follows a local `$ref` (`#/parameters/x`, `#/responses/x`, `#/definitions/x`). */
const deref = <T>(value: T | { readonly $ref: string }): T => {
  if (typeof value === 'object' && value !== null && '$ref' in value && typeof value.$ref === 'string') {
    const [, section, name] = value.$ref.split('/');
    const target = (doc as unknown as Record<string, Record<string, T>>)[section!]?.[name!];
    if (target === undefined) throw new Error(`dangling ${value.$ref}`);
    return deref(target);
  }
  return value as T;
};

const operation = (method: Method, path: string): Operation => {
  const op = doc.paths[path]?.[method];
  if (op === undefined) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return op;
};

/** The operation's parameters, path-level ones included, references resolved. */
const parametersOf = (method: Method, path: string): Parameter[] => [
  ...(doc.paths[path]?.parameters ?? []).map((p) => deref(p)),
  ...(operation(method, path).parameters ?? []).map((p) => deref(p)),
];

const allOperations = (): [Method, string, Operation][] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method): [Method, string, Operation][] => {
      const op = item[method];
      return op === undefined ? [] : [[method, path, op]];
    }),
  );

describe('API document', () => {
  it('is YAML without errors or warnings', () => {
    expect(yamlDocument.errors).toEqual([]);
    expect(yamlDocument.warnings).toEqual([]);
  });

  it('validates as Swagger 2.0', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(doc.swagger).toBe('2.0');
  });

  it('has no null value anywhere (a sign of a YAML slip such as an unquoted ": ")', () => {
    const nulls: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (value === null) nulls.push(at);
      else if (typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, `${at}/${key}`);
      }
    };
    walk(doc, '');
    expect(nulls).toEqual([]);
  });

  it('says where it is served, its media types and its authentication', () => {
    expect(doc.basePath).toBe('/0.2');
    expect(doc.info.description).toContain('/api/provd/0.2');
    expect(doc.info.description).toMatch(/nginx/);
    expect(doc.consumes).toEqual([PROV_MIME]);
    expect(doc.produces).toContain(PROV_MIME);
    expect(doc.produces).toContain('text/plain');
    const schemes = Object.values(doc.securityDefinitions);
    expect(schemes).toEqual([
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' }),
    ]);
    expect(doc.security).toEqual([{ [Object.keys(doc.securityDefinitions)[0]!]: [] }]);
  });

  it('documents every wazo-provd endpoint with its success status and ACL', () => {
    expect(PROVD_ENDPOINTS).toHaveLength(53);
    expect(new Set(PROVD_ENDPOINTS.map(([m, p]) => `${m} ${p}`)).size).toBe(53);
    for (const [method, path, acl, status] of PROVD_ENDPOINTS) {
      const op = operation(method, path);
      expect(Object.keys(op.responses), `${method} ${path}`).toContain(String(status));
      const successes = Object.keys(op.responses).filter((code) => code.startsWith('2'));
      expect(successes, `${method} ${path}`).toEqual([String(status)]);
      if (acl === undefined) {
        expect(op.security, `${method} ${path}`).toEqual([]);
      } else {
        expect(op.security, `${method} ${path}`).toBeUndefined();
        expect(op['x-provd-acl'], `${method} ${path}`).toBe(acl);
        expect(op.description, `${method} ${path}`).toContain(`Required ACL: \`${acl}\``);
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['401', '503']),
        );
      }
    }
  });

  it('documents the extensions, marked as such', () => {
    for (const [method, path, acl, status] of EXTENSION_ENDPOINTS) {
      const op = operation(method, path);
      expect(op['x-provd-extension'], `${method} ${path}`).toBe(true);
      expect(Object.keys(op.responses), `${method} ${path}`).toContain(String(status));
      if (acl === undefined) expect(op.security).toEqual([]);
      else {
        expect(op.tags).toContain('event-sourcing');
        expect(op['x-provd-acl']).toBe(acl);
        expect(op.description).toContain(`Required ACL: \`${acl}\``);
      }
    }
  });

  it('documents nothing else', () => {
    const known = new Set([...PROVD_ENDPOINTS, ...EXTENSION_ENDPOINTS].map(([m, p]) => `${m} ${p}`));
    const documented = allOperations().map(([method, path]) => `${method} ${path}`);
    expect(documented.filter((key) => !known.has(key))).toEqual([]);
    expect(documented).toHaveLength(known.size);
    const ids = allOperations().map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names path parameters as wazo-provd does and declares each one', () => {
    const allowed = new Set(['device_id', 'config_id', 'plugin_id', 'param_id', 'operation_id', 'asset']);
    for (const [method, path] of allOperations()) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const name of inPath) expect(allowed.has(name), `${path}: ${name}`).toBe(true);
      const declared = parametersOf(method, path)
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      expect(declared.sort(), `${method} ${path}`).toEqual([...inPath].sort());
    }
  });

  it('takes Wazo-Tenant on the tenant-aware operations', () => {
    for (const [method, path] of TENANT_AWARE) {
      const names = parametersOf(method, path)
        .filter((p) => p.in === 'header')
        .map((p) => p.name);
      expect(names, `${method} ${path}`).toContain('Wazo-Tenant');
    }
    expect(parametersOf('get', '/cfg_mgr/configs').map((p) => p.name)).not.toContain('Wazo-Tenant');
  });

  it('documents the find parameters of the listings', () => {
    const find = ['q', 'q64', 'fields', 'skip', 'limit', 'sort', 'sort_ord'];
    const devices = parametersOf('get', '/dev_mgr/devices').filter((p) => p.in === 'query');
    expect(devices.map((p) => p.name).sort()).toEqual([...find, 'recurse'].sort());
    const configs = parametersOf('get', '/cfg_mgr/configs').filter((p) => p.in === 'query');
    expect(configs.map((p) => p.name).sort()).toEqual([...find].sort());
    for (const p of [...devices, ...configs]) expect(p.required, p.name).toBe(false);
  });

  it('documents error answers as plain text', () => {
    for (const [method, path, op] of allOperations()) {
      const errors = Object.entries(op.responses).filter(([code]) => /^[45]/.test(code));
      for (const [code, response] of errors) {
        expect(deref(response).schema, `${method} ${path} ${code}`).toEqual({ type: 'string' });
      }
      if (errors.length > 0) {
        expect(op.produces ?? doc.produces, `${method} ${path}`).toContain('text/plain');
      }
    }
  });

  it('documents JSON answers in the provd media type, 201 bodies included', () => {
    for (const [method, path] of [
      ['post', '/dev_mgr/devices'],
      ['post', '/cfg_mgr/configs'],
      ['post', '/cfg_mgr/autocreate'],
      ['get', '/dev_mgr/devices/{device_id}'],
    ] as const) {
      const op = operation(method, path);
      expect(op.produces ?? doc.produces).toContain(PROV_MIME);
    }
    for (const path of ['/dev_mgr/devices', '/cfg_mgr/configs', '/cfg_mgr/autocreate']) {
      const created = operation('post', path).responses['201']!;
      expect(created.schema).toEqual({ $ref: '#/definitions/CreatedId' });
      expect(created.headers).toHaveProperty('Location');
    }
    expect(operation('get', '/api/api.yml').produces).toEqual(['application/yaml']);
  });

  it('documents our deliberate differences in status codes', () => {
    const codes = (method: Method, path: string): string[] => Object.keys(operation(method, path).responses);
    // Validation errors, a missing envelope key and invalid selectors: 400, never 500.
    for (const [method, path] of [
      ['put', '/dev_mgr/devices/{device_id}'],
      ['post', '/dev_mgr/devices'],
      ['put', '/cfg_mgr/configs/{config_id}'],
      ['post', '/cfg_mgr/configs'],
      ['get', '/dev_mgr/devices'],
      ['get', '/cfg_mgr/configs'],
    ] as const) {
      expect(codes(method, path), `${method} ${path}`).toContain('400');
      expect(codes(method, path), `${method} ${path}`).not.toContain('500');
      expect(operation(method, path).description, `${method} ${path}`).toMatch(/wazo-provd\s+answered\s+500/);
    }
    expect(operation('put', '/dev_mgr/devices/{device_id}').description).toMatch(
      /already\s+left\s+the\s+master\s+tenant/,
    );
    expect(codes('post', '/cfg_mgr/autocreate')).toContain('404');
    for (const path of ['/dev_mgr/devices', '/cfg_mgr/configs', '/cfg_mgr/autocreate']) {
      expect(operation('post', path).description).toMatch(/text\/html/);
    }
    expect(doc.responses.AuthUnavailable?.description).toMatch(/500/);
  });

  it('documents ETag and If-Match on devices and configs; 412, never 428', () => {
    for (const path of ['/dev_mgr/devices/{device_id}', '/cfg_mgr/configs/{config_id}']) {
      const etag = operation('get', path).responses['200']!.headers?.ETag;
      expect(etag, path).toEqual(expect.objectContaining({ type: 'string', 'x-provd-extension': true }));
      for (const method of ['put', 'delete'] as const) {
        const ifMatch = parametersOf(method, path).find((p) => p.name === 'If-Match');
        expect(ifMatch, `${method} ${path}`).toEqual(
          expect.objectContaining({ in: 'header', required: false, 'x-provd-extension': true }),
        );
        expect(Object.keys(operation(method, path).responses), `${method} ${path}`).toContain('412');
      }
    }
    for (const [method, path, op] of allOperations()) {
      expect(Object.keys(op.responses), `${method} ${path}`).not.toContain('428');
    }
  });

  it('documents the device at an instant', () => {
    const at = parametersOf('get', '/dev_mgr/devices/{device_id}').find((p) => p.name === 'at');
    expect(at).toEqual(
      expect.objectContaining({
        in: 'query',
        type: 'string',
        format: 'date-time',
        'x-provd-extension': true,
      }),
    );
    expect(Object.keys(operation('get', '/dev_mgr/devices/{device_id}').responses)).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
  });

  it('documents the history page and the files', () => {
    const history = parametersOf('get', '/dev_mgr/devices/{device_id}/history');
    expect(history.find((p) => p.name === 'after')).toEqual(expect.objectContaining({ type: 'integer' }));
    expect(history.find((p) => p.name === 'limit')).toEqual(
      expect.objectContaining({ type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
    );
    const entry = doc.definitions.DeviceHistoryEntry!;
    expect(Object.keys(entry.properties ?? {}).sort()).toEqual(
      ['revision', 'position', 'type', 'recorded_at', 'source', 'actor', 'client_ip', 'data'].sort(),
    );
    expect(doc.definitions.DeviceHistoryPage?.required).toEqual(['history', 'next_after']);
    const file = doc.definitions.DeviceFile!;
    expect(file.required).toEqual(['path', 'scope', 'size', 'sha256', 'content', 'redacted']);
    expect(doc.definitions.DeviceFiles?.required).toEqual(['files', 'configured', 'plugin', 'error']);
    expect(operation('get', '/dev_mgr/devices/{device_id}/files').description).toContain(
      'provd.dev_mgr.devices.{device_id}.files.secrets.read',
    );
  });

  it('describes the device and config documents and the standard raw config keys', () => {
    const device = Object.keys(doc.definitions.Device?.properties ?? {});
    expect(device).toEqual(
      expect.arrayContaining([
        'id',
        'tenant_uuid',
        'is_new',
        'mac',
        'ip',
        'sn',
        'uuid',
        'vendor',
        'model',
        'version',
        'plugin',
        'config',
        'configured',
        'description',
        'options',
        'added',
        'remote_state_sip_username',
      ]),
    );
    const config = doc.definitions.Config!;
    expect(Object.keys(config.properties ?? {})).toEqual(
      expect.arrayContaining([
        'id',
        'parent_ids',
        'raw_config',
        'deletable',
        'transient',
        'role',
        'X_type',
        'label',
      ]),
    );
    expect(config.required).toEqual(['parent_ids', 'raw_config']);
    const raw = doc.definitions.RawConfig!;
    expect(raw.additionalProperties).toBe(true);
    expect(Object.keys(raw.properties ?? {})).toEqual(
      expect.arrayContaining([
        'ip',
        'http_port',
        'http_base_url',
        'tftp_port',
        'sip_lines',
        'funckeys',
        'sccp_call_managers',
        'locale',
        'timezone',
        'ntp_enabled',
        'ntp_ip',
        'vlan_enabled',
        'vlan_id',
        'vlan_priority',
        'vlan_pc_port_id',
        'syslog_enabled',
        'syslog_ip',
        'syslog_port',
        'syslog_level',
        'admin_username',
        'admin_password',
        'user_username',
        'user_password',
        'protocol',
        'sip_proxy_ip',
        'sip_registrar_ip',
        'sip_dtmf_mode',
        'sip_srtp_mode',
        'sip_transport',
        'sip_subscribe_mwi',
        'exten_voicemail',
        'X_xivo_phonebook_ip',
      ]),
    );
  });

  it('explains the operation status grammar', () => {
    expect(doc.info.description).toContain('[label|]state[;current[/end]]');
    for (const state of ['waiting', 'progress', 'success', 'fail'])
      expect(doc.info.description).toContain(state);
  });
});
