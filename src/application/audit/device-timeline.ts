import * as E from 'fp-ts/lib/Either.js';
import type { ConfigDocument } from '../../domain/config/events.js';
import type { DeviceDocument } from '../../domain/device/document.js';
import { applyDeviceEvent } from '../../domain/device/document-evolve.js';
import { decodeEvent } from '../../domain/events/codec.js';
import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { JsonObject, JsonValue } from '../../domain/shared/json.js';
import { configStream, deviceStream, pluginStream, SETTINGS_STREAM } from '../../domain/streams.js';
import type { RecordedEvent } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { isDeviceEvent } from '../../projections/event-kinds.js';
import { type Audience, seesTenant } from './audience.js';
import { tenantAfter } from './device-tenants.js';
import { type Change, diffJson } from './json-diff.js';

/** One entry of a device's timeline: an event and what it changed for the device. */
export interface TimelineEntry {
  readonly event: RecordedEvent;
  readonly changes: readonly Change[];
  /** The device's tenant after the event (device events only). */
  readonly tenant: string | undefined;
  readonly deviceEvent: boolean;
}

const readAll = async (store: EventStore, stream: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
};

const decoded = (event: RecordedEvent): StoredDomainEvent | undefined => {
  const result = decodeEvent(event);
  return E.isRight(result) ? result.right : undefined;
};

/** The config ids a device event names (its config before and after). */
const configsNamed = (event: StoredDomainEvent): string[] => {
  switch (event.type) {
    case 'DeviceCreated':
      return typeof event.data.fields.config === 'string' ? [event.data.fields.config] : [];
    case 'ConfigAssigned':
    case 'DeviceAssociatedToLine':
    case 'DeviceResetToAutoprov':
      return [event.data.config, event.data.previous].filter((id): id is string => typeof id === 'string');
    default:
      return [];
  }
};

const pluginsNamed = (event: StoredDomainEvent): string[] => {
  if (event.type === 'PluginAssociated') {
    return [event.data.plugin, event.data.previous].filter((id): id is string => typeof id === 'string');
  }
  if (event.type === 'DeviceCreated' && typeof event.data.fields.plugin === 'string') {
    return [event.data.fields.plugin];
  }
  return [];
};

/** The config and its ancestors, as the configs are now in the fold. */
const chainOf = (configId: string | undefined, configs: ReadonlyMap<string, ConfigDocument>): Set<string> => {
  const chain = new Set<string>();
  const pending = configId === undefined ? [] : [configId];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (chain.has(id)) continue;
    chain.add(id);
    const parents = configs.get(id)?.parent_ids;
    if (Array.isArray(parents)) pending.push(...parents);
  }
  return chain;
};

/**
 * The streams around a device that change what it gets, each read whole: every config it ever
 * had and their ancestors (transitively, over every version of each), every plugin it had, and
 * the settings (base raw config).
 */
const relatedStreams = async (store: EventStore, deviceEvents: readonly StoredDomainEvent[]) => {
  const configs = new Map<string, RecordedEvent[]>();
  const pending = deviceEvents.flatMap(configsNamed);
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (configs.has(id)) continue;
    const events = await readAll(store, configStream(id));
    configs.set(id, events);
    for (const event of events) {
      const doc = (event.data as { config?: { parent_ids?: unknown } } | null)?.config;
      if (Array.isArray(doc?.parent_ids))
        pending.push(...doc.parent_ids.filter((p) => typeof p === 'string'));
    }
  }
  const plugins = [...new Set(deviceEvents.flatMap(pluginsNamed))];
  const pluginEvents = await Promise.all(plugins.map((id) => readAll(store, pluginStream(id))));
  const settings = (await readAll(store, SETTINGS_STREAM)).filter((e) => e.type === 'BaseRawConfigChanged');
  return [...[...configs.values()].flat(), ...pluginEvents.flat(), ...settings];
};

const remember = (map: Map<string, string>, key: string, value: string | undefined): void => {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
};

const asJson = (value: unknown): JsonValue | undefined =>
  value === undefined ? undefined : (value as JsonValue);

/**
 * A device's life as an auditor reads it, oldest first: every event of its stream with what it
 * changed in the device document, and — for an audience that sees more than devices — the
 * changes of the configs it used at the time (its own and their ancestors), of the base raw
 * config and of its plugin (upgrades change its files too). Undefined when the device has no
 * event at all.
 */
export const deviceTimeline = async (
  store: EventStore,
  deviceId: string,
  audience: Audience,
  masterTenant: string | undefined,
): Promise<TimelineEntry[] | undefined> => {
  const own = await readAll(store, deviceStream(deviceId));
  if (own.length === 0) return undefined;
  const ownDecoded = own.map(decoded);
  const related = audience.everything
    ? await relatedStreams(
        store,
        ownDecoded.filter((e): e is StoredDomainEvent => e !== undefined),
      )
    : [];
  const all = [
    ...own.map((event, i) => ({ event, domain: ownDecoded[i] })),
    ...related.map((event) => ({ event, domain: decoded(event) })),
  ];
  all.sort((a, b) => a.event.position - b.event.position);

  const reveal = audience.revealSecrets;
  const configs = new Map<string, ConfigDocument>();
  /** Plugin versions by id, package versions by `<plugin>/<package>`. */
  const versions = new Map<string, string>();
  let doc: DeviceDocument | undefined;
  let tenant: string | undefined;
  let base: JsonObject | undefined;
  const entries: TimelineEntry[] = [];
  for (const { event, domain } of all) {
    if (event.stream === deviceStream(deviceId)) {
      tenant = tenantAfter(tenant, event);
      const before = doc;
      if (domain !== undefined && isDeviceEvent(domain)) doc = applyDeviceEvent(doc, domain, masterTenant);
      if (seesTenant(audience, tenant)) {
        entries.push({
          event,
          changes: diffJson(asJson(before), asJson(doc), reveal),
          tenant,
          deviceEvent: true,
        });
      }
      continue;
    }
    const entry = (changes: Change[]): void => {
      entries.push({ event, changes, tenant: undefined, deviceEvent: false });
    };
    if (domain === undefined) continue;
    switch (domain.type) {
      case 'ConfigCreated':
      case 'ConfigUpdated':
      case 'ConfigDeleted': {
        const id = domain.data.configId;
        const chainBefore = chainOf(doc?.config, configs);
        const previous = configs.get(id);
        if (domain.type === 'ConfigDeleted') configs.delete(id);
        else configs.set(id, domain.data.config);
        const concerned = chainBefore.has(id) || chainOf(doc?.config, configs).has(id);
        if (doc !== undefined && concerned)
          entry(diffJson(asJson(previous), asJson(configs.get(id)), reveal));
        break;
      }
      case 'BaseRawConfigChanged': {
        const previous = base;
        base = domain.data.rawConfig;
        if (doc?.config !== undefined && previous !== undefined) {
          entry(diffJson(previous, base, reveal).map((c) => ({ ...c, path: `base_raw_config.${c.path}` })));
        }
        break;
      }
      case 'PluginInstalled':
      case 'PluginUpgraded':
      case 'PluginUninstalled': {
        const id = domain.data.pluginId;
        const previous = versions.get(id);
        const next = domain.type === 'PluginUninstalled' ? undefined : domain.data.info.version;
        remember(versions, id, next);
        if (doc?.plugin === id) entry(diffJson(previous, next, reveal, 'version'));
        break;
      }
      case 'PluginPackageInstalled':
      case 'PluginPackageUninstalled': {
        const key = `${domain.data.pluginId}/${domain.data.packageId}`;
        const previous = versions.get(key);
        const next = domain.type === 'PluginPackageInstalled' ? domain.data.version : undefined;
        remember(versions, key, next);
        if (doc?.plugin === domain.data.pluginId) {
          entry(diffJson(previous, next, reveal, `packages.${domain.data.packageId}.version`));
        }
        break;
      }
      default:
        break;
    }
  }
  return entries;
};
