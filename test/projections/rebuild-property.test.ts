import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/eventstore/memory/memory-event-store.js';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { type HandleError, handleCommand, loadState } from '../../src/application/command-handler.js';
import { baseRawConfig } from '../../src/config/base-raw-config.js';
import type { TenantCommand } from '../../src/domain/auth/tenant/commands.js';
import { tenantDecider } from '../../src/domain/auth/tenant/decider.js';
import type { TokenCommand } from '../../src/domain/auth/token/commands.js';
import { tokenDecider } from '../../src/domain/auth/token/decider.js';
import type { ConfigCommand } from '../../src/domain/config/commands.js';
import { configDecider } from '../../src/domain/config/decider.js';
import type { ConfigEvent } from '../../src/domain/config/events.js';
import { flattenRawConfig } from '../../src/domain/config/flatten.js';
import type { ConfigKind, DeviceCommand } from '../../src/domain/device/commands.js';
import { deviceDecider } from '../../src/domain/device/decider.js';
import { DEVICE_INFO_KEYS, type DeviceDocument, type DeviceInfo } from '../../src/domain/device/document.js';
import { withMasterTenant } from '../../src/domain/device/document-evolve.js';
import type { DomainEvent } from '../../src/domain/events/domain-event.js';
import type { PluginCommand } from '../../src/domain/plugin/commands.js';
import { pluginDecider } from '../../src/domain/plugin/decider.js';
import type { SettingsCommand } from '../../src/domain/settings/commands.js';
import { settingsDecider } from '../../src/domain/settings/decider.js';
import { PARAMETER_NAMES } from '../../src/domain/settings/events.js';
import type { Decider } from '../../src/domain/shared/decider.js';
import type { JsonObject, JsonValue } from '../../src/domain/shared/json.js';
import {
  configStream,
  deviceStream,
  pluginStream,
  SETTINGS_STREAM,
  tenantStream,
  tokenStream,
} from '../../src/domain/streams.js';
import type { EventMetadata } from '../../src/eventstore/envelope.js';
import type { EventStore } from '../../src/eventstore/port.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../../src/projections/read-models.js';
import type { ReadModelDb } from '../../src/projections/runner/projection.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { dumpSchema, dumpTables } from './support/table-dump.js';

/**
 * The property: for random command sequences, read models rebuilt from zero equal the
 * ones built incrementally by the live subscription. Commands (not events) go through the real
 * command handler, so the log only holds what the deciders accept; a small pool of ids makes
 * commands collide (re-creation after deletion, config cycles, duplicate provisioning keys, …).
 */

/** Raise it locally for a deeper search: PROVD_PROPERTY_RUNS=2000 npx vitest run <this file>. */
const NUM_RUNS = Number(process.env.PROVD_PROPERTY_RUNS ?? 60);

const MASTER = 'tenant-master';
const TENANTS = [MASTER, 'tenant-1', 'tenant-2', 'tenant-3'] as const;
const DEVICE_IDS = ['d1', 'd2', 'd3', 'd4'] as const;
/** `autoprov*` configs are autoprov ones for the shell, the others give a line. */
const CONFIG_IDS = ['autoprov', 'autoprov-t1', 'line-1', 'line-2'] as const;
const PLUGIN_IDS = ['xivo-cisco', 'xivo-yealink'] as const;
const MACS = ['00:11:22:33:44:55', 'aa:bb:cc:dd:ee:ff', '00:11:22:33:44:66'] as const;
const BAD_MACS = ['00-11-22-33-44-55', 'AA:BB:CC:DD:EE:FF'] as const;
const IPS = ['10.0.0.1', '10.0.0.2', '10.0.0.3'] as const;
const TOKEN_IDS = ['token-1', 'token-2', 'token-3'] as const;
/** Tenants of the built-in authentication; the last ones never hold devices or tokens, so they can go. */
const AUTH_TENANTS = [...TENANTS, 'tenant-4', 'tenant-5'] as const;
/** Tokens are judged active or expired at this instant. */
const NOW = new Date('2026-06-01T00:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// Intents: commands as an admin, a phone or the system issue them, before the shell adds what it
// reads from other aggregates (the master tenant, config kinds).

type AnyCommand =
  | DeviceCommand
  | ConfigCommand
  | SettingsCommand
  | PluginCommand
  | TokenCommand
  | TenantCommand;
type ShellFields =
  | 'masterTenant'
  | 'kind'
  | 'previousKind'
  | 'configKind'
  | 'previousConfigKind'
  | 'subTenants'
  | 'deviceCount'
  | 'activeTokens';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Intent = DistributiveOmit<AnyCommand, ShellFields>;

interface Step {
  readonly intent: Intent;
  readonly metadata: EventMetadata;
  /** Wait for the live runner after this command: otherwise events pile up and arrive in bursts. */
  readonly wait: boolean;
}

const optional = { requiredKeys: [] as [] };
const weighted = <T>(...choices: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
  fc.oneof(...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const tenant = fc.constantFrom(...TENANTS);
const deviceId = fc.constantFrom(...DEVICE_IDS);
const newDeviceId = weighted([12, deviceId], [1, fc.constant('bad id')]);
const configId = fc.constantFrom(...CONFIG_IDS);
const pluginId = fc.constantFrom(...PLUGIN_IDS);
const mac = weighted<JsonValue>([8, fc.constantFrom(...MACS)], [1, fc.constantFrom(...BAD_MACS, '')]);
const ip = weighted<JsonValue>([8, fc.constantFrom(...IPS)], [1, fc.constantFrom('300.1.1.1', '10.1')]);
const smallJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;

const deviceInfo: fc.Arbitrary<DeviceInfo> = fc.record(
  {
    mac: fc.constantFrom(...MACS),
    ip: fc.constantFrom(...IPS),
    sn: fc.constantFrom('SN1', 'SN2'),
    vendor: fc.constantFrom('Cisco', 'Yealink'),
    model: fc.constantFrom('T46S', 'SPA504G'),
    version: fc.constantFrom('1.0', '2.0'),
  },
  optional,
);
/** Phone-reported info, now and then malformed (decide refuses it). */
const reportedInfo = weighted<DeviceInfo>(
  [10, deviceInfo],
  [1, fc.record({ mac: fc.constantFrom(...BAD_MACS) })],
);

/** A client's device document: info, plugin, config, free fields, and server-owned keys it may not set. */
const deviceFields: fc.Arbitrary<JsonObject> = fc.record(
  {
    mac,
    ip,
    sn: fc.constantFrom<JsonValue>('SN1', 'SN3', 42, null),
    vendor: fc.constantFrom('Cisco', 'Yealink'),
    model: fc.constantFrom('T46S', 'SPA504G'),
    plugin: fc.constantFrom<JsonValue>(...PLUGIN_IDS, null),
    config: fc.constantFrom<JsonValue>(...CONFIG_IDS, null),
    description: weighted<JsonValue>(
      [6, fc.string({ maxLength: 8 })],
      [1, fc.integer()],
      [1, fc.constant(null)],
    ),
    options: weighted<JsonValue>(
      [6, fc.record({ switchboard: fc.boolean(), X_opt: smallJson }, optional)],
      [1, fc.constant('not a dict')],
    ),
    X_key: smallJson,
    X_other: fc.constantFrom<JsonValue>('a', 1, null, { nested: [1, 2] }),
    tenant_uuid: tenant,
    configured: fc.boolean(),
    is_new: fc.boolean(),
  },
  optional,
);

const sipLine = fc.record(
  {
    username: fc.constantFrom<JsonValue>('1001', '1002', null),
    password: fc.constantFrom('secret', 'other'),
    display_name: fc.string({ maxLength: 8 }),
    proxy_port: weighted<JsonValue>([8, fc.constantFrom(5060, 5061)], [1, fc.constant('not a port')]),
  },
  optional,
);

const rawConfig: fc.Arbitrary<JsonValue> = weighted<JsonValue>(
  [
    14,
    fc
      .tuple(
        fc.record(
          {
            ip: fc.constantFrom<JsonValue>('10.0.0.9', '10.0.0.10', null),
            http_port: fc.constantFrom(8667, 80),
            locale: fc.constantFrom('fr_FR', 'en_US'),
            ntp_enabled: fc.boolean(),
            ntp_ip: fc.constant('10.0.0.123'),
            sip_lines: fc.dictionary(fc.constantFrom('1', '2'), sipLine, { maxKeys: 2 }),
            X_key: smallJson,
          },
          optional,
        ),
        // A key that is neither known nor X_: the schema refuses it.
        weighted<JsonObject>([12, fc.constant({})], [1, fc.constant({ bad_key: 1 })]),
      )
      .map(([raw, extra]) => ({ ...raw, ...extra })),
  ],
  [1, fc.constantFrom<JsonValue>('not a dict', null, [1, 2])],
);

const configDocument: fc.Arbitrary<JsonObject> = fc
  .tuple(
    fc.record(
      {
        // Drawn from the pool, the config itself included: cycles and dangling parents happen.
        parent_ids: fc.shuffledSubarray([...CONFIG_IDS, 'ghost'], {
          maxLength: 3,
        }) as fc.Arbitrary<JsonValue>,
        raw_config: rawConfig,
        deletable: fc.boolean(),
        transient: fc.constantFrom<JsonValue>(true, false, 'yes'),
        role: fc.constantFrom('autocreate', 'default'),
        X_type: fc.constantFrom('device', 'registrar', 'internal'),
        label: fc.string({ maxLength: 6 }),
        id: fc.constantFrom('line-1', 'ignored'),
      },
      { requiredKeys: ['parent_ids', 'raw_config'] },
    ),
    weighted<'keep' | 'no-parents' | 'bad-parents'>(
      [14, fc.constant('keep')],
      [1, fc.constantFrom('no-parents', 'bad-parents')],
    ),
  )
  .map(([doc, mutation]) => {
    if (mutation === 'keep') return doc;
    const { parent_ids: _parents, ...rest } = doc;
    return mutation === 'no-parents' ? rest : { ...rest, parent_ids: 'line-1' };
  });

const baseRawConfigs: readonly JsonObject[] = [
  baseRawConfig('http://10.0.0.254:8667'),
  baseRawConfig('https://provd.example.com'),
  { ...baseRawConfig('http://10.0.0.254:8667'), sip_lines: { '1': { proxy_ip: '10.0.0.254' } } },
];

const pluginInfo = fc.record(
  {
    version: fc.constantFrom('1.0', '1.1', '2.0'),
    description: fc.string({ maxLength: 8 }),
    sha256: fc.constantFrom('aa', 'bb'),
  },
  { requiredKeys: ['version'] },
);

const deviceIntent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('DiscoverDevice' as const),
      deviceId: newDeviceId,
      info: reportedInfo,
      via: fc.constantFrom('phone-http' as const, 'phone-tftp' as const, 'dhcp' as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('CreateDevice' as const),
      deviceId: newDeviceId,
      fields: deviceFields,
      tenantUuid: tenant,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant('UpdateDeviceInfo' as const),
        deviceId,
        info: reportedInfo,
        removed: fc.subarray([...DEVICE_INFO_KEYS], { maxLength: 2 }),
      },
      { requiredKeys: ['type', 'deviceId', 'info'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('AssociatePlugin' as const),
      deviceId,
      plugin: pluginId,
      score: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(null)),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('AssignConfig' as const),
      deviceId,
      config: fc.constantFrom<string | null>(...CONFIG_IDS, null),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('AssignTenant' as const), deviceId, tenantUuid: tenant }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('UpdateDevice' as const),
      deviceId,
      fields: deviceFields,
      effectiveTenant: tenant,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('DeleteDevice' as const), deviceId }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RequestSynchronize' as const), deviceId }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('ReportRemoteState' as const),
      deviceId,
      sipUsername: fc.constantFrom('1001', '1002', null),
      filename: fc.constantFrom('SEP001122334455.cnf.xml', null),
      contentHash: fc.constantFrom('hash-1', 'hash-2', null),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordConfiguration' as const),
      deviceId,
      configured: fc.boolean(),
      error: fc.constantFrom('boom', null),
    }),
  },
);

const configIntent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        type: fc.constant('CreateConfig' as const),
        configId: weighted([12, configId], [1, fc.constant('bad/id')]),
        config: configDocument,
        autocreatedFrom: fc.constantFrom('autoprov', null),
      },
      { requiredKeys: ['type', 'configId', 'config'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('UpdateConfig' as const), configId, config: configDocument }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('DeleteConfig' as const), configId }) },
);

const settingsIntent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('SetMasterTenant' as const),
      tenantUuid: fc.constantFrom(MASTER, 'tenant-1'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('SetBaseRawConfig' as const),
      rawConfig: fc.constantFrom(...baseRawConfigs),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('SetParameter' as const),
      name: fc.constantFrom(...PARAMETER_NAMES),
      value: fc.constantFrom<JsonValue>(
        'http://plugins.example.com/',
        'no scheme',
        'fr_FR',
        'xx',
        '1',
        '0',
        1,
        null,
        '',
        'proxy:3128',
        'http://user:pw@proxy:3128',
        'http://proxy:3128/path',
        true,
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('SetProvisioningKey' as const),
      tenantUuid: tenant,
      key: fc.constantFrom<JsonValue>('abcdefgh', 'secret-key-1', null, '', 'short', 'has space!', 42),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('RemoveTenantSettings' as const), tenantUuid: tenant }),
  },
);

const pluginIntent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('InstallPlugin' as const), pluginId, info: pluginInfo }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('UpgradePlugin' as const), pluginId, info: pluginInfo }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('UninstallPlugin' as const), pluginId }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('InstallPluginPackage' as const),
      pluginId,
      packageId: fc.constantFrom('fw-a', 'fw-b'),
      version: fc.constantFrom('1', '2'),
      sha256: fc.constantFrom('aa', null),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('UninstallPluginPackage' as const),
      pluginId,
      packageId: fc.constantFrom('fw-a', 'fw-b'),
    }),
  },
);

const tokenId = fc.constantFrom(...TOKEN_IDS);
const authTenant = fc.constantFrom(...AUTH_TENANTS);

const authIntent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('CreateTenant' as const),
      tenantUuid: authTenant,
      // Mostly below the master tenant, as the CLI does; roots and a parent that never exists too.
      parentUuid: weighted<string | null>(
        [4, fc.constant(MASTER)],
        [4, authTenant],
        [1, fc.constant(null)],
        [1, fc.constant('tenant-ghost')],
      ),
      name: weighted([8, fc.constantFrom('sales', ' support ')], [1, fc.constant('')]),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('DeleteTenant' as const), tenantUuid: authTenant }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('CreateToken' as const),
      tokenId,
      secretHash: weighted(
        [8, fc.constantFrom('a'.repeat(64), 'b'.repeat(64))],
        [1, fc.constant('not a hash')],
      ),
      tenantUuid: tenant,
      acls: weighted<readonly string[]>(
        [8, fc.constantFrom(['provd.#'], ['provd.dev_mgr.#', '!provd.pg_mgr.#'])],
        [1, fc.constantFrom([], ['bad acl'])],
      ),
      label: fc.constantFrom('', 'confd'),
      expiresAt: fc.constantFrom<string | null>(null, '2026-03-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
      createdAt: fc.constant('2026-01-01T00:00:00.000Z'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RevokeToken' as const), tokenId }) },
);

const METADATA: readonly EventMetadata[] = [
  {
    source: 'api',
    actor: { tokenId: 'token-1', tenantUuid: MASTER, userUuid: 'user-1' },
    correlationId: 'corr-1',
    clientIp: '10.0.0.100',
  },
  { source: 'phone-http', clientIp: '10.0.0.7' },
  { source: 'dhcp' },
  { source: 'system' },
];

const step: fc.Arbitrary<Step> = fc.record({
  intent: fc.oneof(
    { weight: 10, arbitrary: deviceIntent },
    { weight: 4, arbitrary: configIntent },
    { weight: 3, arbitrary: settingsIntent },
    { weight: 2, arbitrary: pluginIntent },
    { weight: 3, arbitrary: authIntent },
  ),
  metadata: fc.constantFrom(...METADATA),
  wait: fc.boolean(),
});

const history = fc.record({
  /** Start as the server does: master tenant (setting and root of the tenant tree) and base raw config first. */
  bootstrap: fc.boolean(),
  steps: fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }),
  /** Batch size of the runner rebuilding from zero. */
  batchSize: fc.integer({ min: 1, max: 64 }),
  /** Stop the live runner before this step and start it again after it: it resumes from its checkpoints. */
  restartAt: fc.option(fc.nat({ max: 60 }), { nil: undefined }),
});

// ---------------------------------------------------------------------------------------------
// The shell: what the application layer adds to a command, then the command handler.

const kindOf = (config: string | null | undefined): ConfigKind | null => {
  if (config === null || config === undefined) return null;
  return config.startsWith('autoprov') ? 'autoprov' : 'line';
};

const masterTenantOf = async (store: EventStore): Promise<string> =>
  (await loadState(store, SETTINGS_STREAM, settingsDecider)).state.masterTenant ?? MASTER;

const currentConfigOf = async (store: EventStore, id: string): Promise<string | undefined> =>
  (await loadState(store, deviceStream(id), deviceDecider)).state.document?.config;

type Outcome = E.Either<HandleError, { readonly events: readonly DomainEvent[] }>;

const toDeviceCommand = async (store: EventStore, intent: Intent): Promise<DeviceCommand | undefined> => {
  switch (intent.type) {
    case 'DiscoverDevice':
    case 'CreateDevice':
    case 'AssignTenant':
      return { ...intent, masterTenant: await masterTenantOf(store) };
    case 'AssignConfig':
      return {
        ...intent,
        kind: kindOf(intent.config),
        previousKind: kindOf(await currentConfigOf(store, intent.deviceId)),
      };
    case 'UpdateDevice': {
      const config = intent.fields.config;
      return {
        ...intent,
        masterTenant: await masterTenantOf(store),
        configKind: kindOf(typeof config === 'string' ? config : null),
        previousConfigKind: kindOf(await currentConfigOf(store, intent.deviceId)),
      };
    }
    case 'UpdateDeviceInfo':
    case 'AssociatePlugin':
    case 'DeleteDevice':
    case 'RequestSynchronize':
    case 'ReportRemoteState':
    case 'RecordConfiguration':
      return intent;
    default:
      return undefined;
  }
};

const handle = <C, Ev extends DomainEvent, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, Ev, S>,
  command: C,
  metadata: EventMetadata,
): Promise<Outcome> => handleCommand(store, stream, decider, command, metadata);

const tenantOf = async (store: EventStore, id: string) =>
  (await loadState(store, tenantStream(id), tenantDecider)).state.tenant;

/** What the shell reads from other aggregates before a tenant may go (tenant-admin.ts). */
const toDeleteTenant = async (store: EventStore, tenantUuid: string): Promise<TenantCommand> => {
  const subTenants: string[] = [];
  for (const id of AUTH_TENANTS)
    if ((await tenantOf(store, id))?.parentUuid === tenantUuid) subTenants.push(id);
  let deviceCount = 0;
  for (const id of DEVICE_IDS) {
    const { state } = await loadState(store, deviceStream(id), deviceDecider);
    if (state.document?.tenant_uuid === tenantUuid) deviceCount++;
  }
  const activeTokens: string[] = [];
  for (const id of TOKEN_IDS) {
    const { state } = await loadState(store, tokenStream(id), tokenDecider);
    const expired = state.token?.expiresAt != null && Date.parse(state.token.expiresAt) <= NOW.getTime();
    if (state.token?.tenantUuid === tenantUuid && !state.revoked && !expired) activeTokens.push(id);
  }
  return {
    type: 'DeleteTenant',
    tenantUuid,
    masterTenant: (await loadState(store, SETTINGS_STREAM, settingsDecider)).state.masterTenant,
    subTenants,
    deviceCount,
    activeTokens,
  };
};

const execute = async (store: EventStore, intent: Intent, metadata: EventMetadata): Promise<Outcome> => {
  const device = await toDeviceCommand(store, intent);
  if (device !== undefined) {
    return handle(store, deviceStream(device.deviceId), deviceDecider, device, metadata);
  }
  switch (intent.type) {
    case 'CreateConfig':
    case 'UpdateConfig':
    case 'DeleteConfig':
      return handle(store, configStream(intent.configId), configDecider, intent, metadata);
    case 'SetParameter':
    case 'SetProvisioningKey':
    case 'RemoveTenantSettings':
    case 'SetMasterTenant':
    case 'SetBaseRawConfig':
      return handle(store, SETTINGS_STREAM, settingsDecider, intent, metadata);
    case 'InstallPlugin':
    case 'UpgradePlugin':
    case 'UninstallPlugin':
    case 'InstallPluginPackage':
    case 'UninstallPluginPackage':
      return handle(store, pluginStream(intent.pluginId), pluginDecider, intent, metadata);
    case 'CreateTenant':
      // The parent lives in another stream: checking it is the shell's part.
      if (intent.parentUuid !== null && (await tenantOf(store, intent.parentUuid)) === undefined) {
        return E.left({ code: 'not_found', message: `no tenant ${intent.parentUuid}` });
      }
      return handle(store, tenantStream(intent.tenantUuid), tenantDecider, intent, metadata);
    case 'DeleteTenant': {
      const command = await toDeleteTenant(store, intent.tenantUuid);
      return handle(store, tenantStream(intent.tenantUuid), tenantDecider, command, metadata);
    }
    case 'CreateToken':
    case 'RevokeToken':
      return handle(store, tokenStream(intent.tokenId), tokenDecider, intent, metadata);
    default:
      throw new Error(`unrouted command ${intent.type}`);
  }
};

// ---------------------------------------------------------------------------------------------
// Statistics over the whole run, to check the generator does not only produce refusals.

interface Stats {
  commands: number;
  refused: number;
  unchanged: number;
  eventsWritten: number;
  readonly eventTypes: Map<string, number>;
  readonly errorCodes: Map<string, number>;
}

const newStats = (): Stats => ({
  commands: 0,
  refused: 0,
  unchanged: 0,
  eventsWritten: 0,
  eventTypes: new Map(),
  errorCodes: new Map(),
});

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

const record = (stats: Stats, outcome: Outcome): void => {
  stats.commands++;
  if (E.isLeft(outcome)) {
    stats.refused++;
    bump(stats.errorCodes, outcome.left.code);
    return;
  }
  if (outcome.right.events.length === 0) stats.unchanged++;
  stats.eventsWritten += outcome.right.events.length;
  for (const event of outcome.right.events) bump(stats.eventTypes, event.type);
};

// ---------------------------------------------------------------------------------------------
// The reference: every aggregate folded from its own stream, as the deciders see it.

const sortedIds = (docs: readonly { readonly id: string }[]): string[] => docs.map(({ id }) => id).sort();

const checkAgainstAggregates = async (
  store: EventStore,
  db: ReadModelDb,
  models: ReadModels,
): Promise<void> => {
  const settings = (await loadState(store, SETTINGS_STREAM, settingsDecider)).state;
  expect(models.settings.masterTenant()).toBe(settings.masterTenant);
  expect(models.settings.baseRawConfig()).toEqual(settings.baseRawConfig);
  expect(models.settings.parameters()).toEqual(
    Object.fromEntries(Object.entries(settings.parameters).filter(([, value]) => value !== null)),
  );
  expect(models.settings.tenants()).toEqual(
    Object.entries(settings.provisioningKeys)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([tenantUuid, provisioningKey]) => ({ tenantUuid, provisioningKey })),
  );

  // Devices: the read model's document is the aggregate's, with is_new judged by the master tenant.
  const devices: DeviceDocument[] = [];
  let historyLength = 0;
  for (const id of [...DEVICE_IDS, 'bad id']) {
    const { state, revision } = await loadState(store, deviceStream(id), deviceDecider);
    historyLength += revision + 1;
    const expected =
      state.document === undefined ? undefined : withMasterTenant(state.document, settings.masterTenant);
    expect(models.devices.get(id), `device ${id}`).toEqual(expected);
    if (expected !== undefined) devices.push(expected);
  }
  expect(db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: devices.length });
  // History outlives devices: one entry per device event ever written.
  expect(db.prepare('SELECT count(*) AS n FROM device_history').get()).toEqual({ n: historyLength });
  for (const value of MACS) {
    expect(sortedIds(models.devices.findByMac(value))).toEqual(
      sortedIds(devices.filter((d) => d.mac === value)),
    );
  }
  for (const value of IPS) {
    expect(sortedIds(models.devices.findByIp(value))).toEqual(
      sortedIds(devices.filter((d) => d.ip === value)),
    );
  }
  for (const value of PLUGIN_IDS) {
    expect(sortedIds(models.devices.findByPlugin(value))).toEqual(
      sortedIds(devices.filter((d) => d.plugin === value)),
    );
  }
  expect(sortedIds(models.devices.findByConfigs(CONFIG_IDS))).toEqual(
    sortedIds(devices.filter((d) => d.config !== undefined)),
  );

  // Configs: stored documents, flattened raw configs (cycles included) and descendants.
  const configs = new Map<string, NonNullable<Awaited<ReturnType<typeof loadConfig>>>>();
  const loadConfig = async (id: string) =>
    (await loadState(store, configStream(id), configDecider)).state.config;
  for (const id of CONFIG_IDS) {
    const config = await loadConfig(id);
    if (config !== undefined) configs.set(id, config);
  }
  const base = settings.baseRawConfig ?? {};
  for (const id of CONFIG_IDS) {
    const config = configs.get(id);
    expect(models.configs.get(id), `config ${id}`).toEqual(
      config === undefined ? undefined : { ...config, id },
    );
    expect(models.configs.rawConfig(id), `flattened config ${id}`).toEqual(
      flattenRawConfig(id, (parent) => configs.get(parent), base),
    );
    if (config === undefined) continue;
    expect(models.configs.descendants(id), `descendants of ${id}`).toEqual(descendantsOf(id, configs));
    expect(models.configs.autocreatedFrom(id)).toBe(await autocreatedFromOf(store, id));
  }

  for (const id of PLUGIN_IDS) {
    const { state } = await loadState(store, pluginStream(id), pluginDecider);
    expect(models.plugins.get(id), `plugin ${id}`).toEqual(
      state.installed === undefined
        ? undefined
        : {
            id,
            version: state.installed.version,
            info: state.installed,
            packages: Object.entries(state.packages)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([packageId, installed]) => ({ id: packageId, ...installed })),
          },
    );
  }
};

/** Tenants and tokens: the read models agree with every aggregate folded on its own. */
const checkAuthAgainstAggregates = async (store: EventStore, models: ReadModels): Promise<void> => {
  const tenants: { tenantUuid: string; parentUuid: string | null }[] = [];
  for (const id of AUTH_TENANTS) {
    const tenant = await tenantOf(store, id);
    expect(models.tenants.get(id), `tenant ${id}`).toEqual(
      tenant === undefined ? undefined : { tenantUuid: id, ...tenant },
    );
    if (tenant !== undefined) tenants.push({ tenantUuid: id, parentUuid: tenant.parentUuid });
  }
  for (const { tenantUuid } of tenants) {
    expect(models.tenants.children(tenantUuid), `children of ${tenantUuid}`).toEqual(
      tenants
        .filter((t) => t.parentUuid === tenantUuid)
        .map((t) => t.tenantUuid)
        .sort(),
    );
  }
  const hashes = new Map<string, string[]>();
  for (const id of TOKEN_IDS) {
    const { state } = await loadState(store, tokenStream(id), tokenDecider);
    const record = models.tokens.get(id);
    if (state.token === undefined) {
      expect(record, `token ${id}`).toBeUndefined();
      continue;
    }
    const { secretHash, ...shown } = state.token;
    expect(record, `token ${id}`).toEqual({ ...shown, revokedAt: state.revoked ? expect.any(String) : null });
    hashes.set(secretHash, [...(hashes.get(secretHash) ?? []), id]);
  }
  for (const [hash, ids] of hashes) {
    expect(
      models.tokens
        .byHash(hash)
        .map((t) => t.tokenId)
        .sort(),
    ).toEqual(ids.sort());
  }
};

/** Existing configs inheriting from `id`, directly or not, sorted, `id` excluded. */
const descendantsOf = (
  id: string,
  configs: ReadonlyMap<string, { readonly parent_ids: readonly string[] }>,
): string[] => {
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, config] of configs) {
      if (config.parent_ids.includes(parent) && !found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  found.delete(id);
  return [...found].sort();
};

const autocreatedFromOf = async (store: EventStore, id: string): Promise<string | undefined> => {
  let from: string | undefined;
  for await (const recorded of store.readStream(configStream(id))) {
    if (recorded.type === 'ConfigCreated') {
      from =
        (recorded.data as Extract<ConfigEvent, { type: 'ConfigCreated' }>['data']).autocreatedFrom ??
        undefined;
    }
  }
  return from;
};

// ---------------------------------------------------------------------------------------------

const STORES: readonly (readonly [name: string, open: () => EventStore])[] = [
  ['memory', () => new MemoryEventStore()],
  ['sqlite', () => new SqliteEventStore({ path: ':memory:' })],
];

const newRunner = (store: EventStore, db: ReadModelDb, batchSize?: number): ProjectionRunner =>
  new ProjectionRunner({
    store,
    db,
    projections: ALL_PROJECTIONS,
    ...(batchSize === undefined ? {} : { batchSize }),
  });

describe.each(STORES)('read models over random commands (%s store)', (_name, openStore) => {
  it('rebuilt from zero equal the incrementally built ones, and the aggregates', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(history, async ({ bootstrap, steps, batchSize, restartAt }) => {
        const store = openStore();
        const liveDb = openReadModelDb(':memory:');
        const freshDb = openReadModelDb(':memory:');
        const live = newRunner(store, liveDb);
        const fresh = newRunner(store, freshDb, batchSize);
        try {
          // Started on the empty log: every event reaches it through the live subscription.
          await live.start();
          const prefix: Step[] = bootstrap
            ? [
                {
                  intent: { type: 'SetMasterTenant', tenantUuid: MASTER },
                  metadata: { source: 'system' },
                  wait: false,
                },
                {
                  intent: { type: 'SetBaseRawConfig', rawConfig: baseRawConfigs[0]! },
                  metadata: { source: 'system' },
                  wait: true,
                },
                {
                  intent: { type: 'CreateTenant', tenantUuid: MASTER, parentUuid: null, name: 'master' },
                  metadata: { source: 'system' },
                  wait: true,
                },
              ]
            : [];
          for (const [index, { intent, metadata, wait }] of [...prefix, ...steps].entries()) {
            if (index === restartAt) await live.stop();
            const outcome = await execute(store, intent, metadata);
            record(stats, outcome);
            if (index === restartAt) await live.start();
            if (wait && E.isRight(outcome) && outcome.right.events.length > 0) {
              await live.waitFor(await store.headPosition());
            }
          }
          const head = await store.headPosition();
          await live.waitFor(head);
          expect(live.health().state).toBe('running');
          expect(live.position()).toBe(head);
          const incremental = dumpTables(liveDb);

          // A second read model built from zero, in batches.
          expect(await fresh.catchUp()).toBe(head);
          expect(dumpSchema(freshDb)).toEqual(dumpSchema(liveDb));
          expect(dumpTables(freshDb)).toEqual(incremental);

          // The live one dropped and rebuilt in place.
          await live.rebuild();
          expect(live.position()).toBe(head);
          expect(dumpTables(liveDb)).toEqual(incremental);

          await checkAgainstAggregates(store, liveDb, createReadModels(liveDb));
          await checkAuthAgainstAggregates(store, createReadModels(liveDb));
        } finally {
          await live.stop();
          await fresh.stop();
          liveDb.close();
          freshDb.close();
          await store.close();
        }
      }),
      { numRuns: NUM_RUNS },
    );

    // The generator must exercise the read models, not just the deciders' refusals.
    // (About half the commands are refused, mostly for a device or config not created yet.)
    expect(stats.eventsWritten).toBeGreaterThan(NUM_RUNS * 5);
    expect(stats.refused).toBeGreaterThan(0);
    expect(stats.refused).toBeLessThan(stats.commands * 0.75);
    // Of the 30 event types, rare ones (a reset to autoprov, an uninstall…) may miss a run.
    expect(stats.eventTypes.size).toBeGreaterThanOrEqual(20);
    expect([...stats.errorCodes.keys()]).toEqual(
      expect.arrayContaining(['not_found', 'validation', 'already_exists', 'invalid_state']),
    );
  });
});
