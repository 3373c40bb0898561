import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { ReadOnlySqliteEventStore } from '../../../adapters/eventstore/sqlite/read-only-sqlite-event-store.js';
import { AdminError } from '../../../application/admin/admin-context.js';
import { type Audience, operatorAudience } from '../../../application/audit/audience.js';
import type { AuditEvent } from '../../../application/audit/audit-event.js';
import type { AuditService } from '../../../application/audit/audit-service.js';
import { parseEventFilters, parseEventQuery, type RawQuery } from '../../../application/audit/event-query.js';
import type { DeviceFilesAt } from '../../../application/audit/files-at.js';
import { parseInstant } from '../../../application/audit/instant.js';
import { openAuditService } from '../../../application/audit/open-audit-service.js';
import type { DeviceStateView } from '../../../application/audit/state-at.js';
import type { ActivePlugin } from '../../../application/plugins/active-plugins.js';
import { PluginRegistry } from '../../../application/plugins/plugin-registry.js';
import type { ServerConfig } from '../../../config/server-config.js';
import type { EventStore } from '../../../eventstore/port.js';
import { loadPlugin } from '../../../plugin-runtime/load-plugin.js';
import { silentLogger } from '../../../plugin-runtime/logger.js';
import { normalizeMac } from '../../../plugin-runtime/mac.js';
import { DeviceReadModel } from '../../../projections/devices/device-read-model.js';
import { devicesProjection } from '../../../projections/devices/devices-projection.js';
import { ProjectionRunner } from '../../../projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../projections/runner/read-model-db.js';
import { settingsProjection } from '../../../projections/settings/settings-projection.js';
import { openEventStore } from '../../../server/open-event-store.js';
import { CliFailure, UsageError } from '../../shared/errors.js';
import type { AuditSource, EventPageJson } from './audit-source.js';

/** A refusal of the question (bad input, no such device) is a usage error, as over REST. */
const refusalsAsUsage = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AdminError && (error.kind === 'invalid' || error.kind === 'not_found')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
};

const orUsage = <T>(value: E.Either<string, T>): T => {
  if (E.isLeft(value)) throw new UsageError(value.left);
  return value.right;
};

/**
 * The plugin version installed in the data directory now, loaded from its folder once: the
 * versions before it come from the packages kept in `plugins/.cache/`.
 */
const installedPlugins = (dataDir: string) => {
  const loaded = new Map<string, Promise<ActivePlugin | undefined>>();
  return (id: string): Promise<ActivePlugin | undefined> => {
    let plugin = loaded.get(id);
    if (plugin === undefined) {
      plugin = loadPlugin(join(dataDir, 'plugins', id)).then(
        (code) => {
          const registry = new PluginRegistry(silentLogger);
          registry.activate(code);
          return registry.get(id);
        },
        () => undefined,
      );
      loaded.set(id, plugin);
    }
    return plugin;
  };
};

/**
 * The event log of a data directory, opened read-only and folded in this process: what auditors
 * use on a stopped server (it works beside a running one too). The operator of the host sees the
 * whole trail; secrets only with `--show-secrets`.
 */
export class DirectAuditSource implements AuditSource {
  readonly description: string;
  readonly #audience: Audience;
  #devices: Promise<DeviceReadModel> | undefined;
  #closers: (() => Promise<void>)[] = [];

  private constructor(
    private readonly store: EventStore,
    private readonly service: AuditService,
    dataDir: string,
    revealSecrets: boolean,
  ) {
    this.description = `the event log in ${dataDir}`;
    this.#audience = operatorAudience(revealSecrets);
  }

  static open(config: ServerConfig, revealSecrets: boolean): DirectAuditSource {
    let store: EventStore;
    if (config.eventStore === 'sqlite') {
      const path = join(config.dataDir, 'events.db');
      if (!existsSync(path)) {
        throw new CliFailure(`no event log in ${config.dataDir}`, [
          'point --data-dir (or PROVD_DATA_DIR) at the data directory of the server',
        ]);
      }
      try {
        store = new ReadOnlySqliteEventStore(path);
      } catch (error) {
        throw new CliFailure(`cannot read ${path}: ${(error as Error).message}`);
      }
    } else {
      // KurrentDB: the log is not in the data directory; it is only read all the same.
      store = openEventStore(config).store;
    }
    const service = openAuditService({
      store,
      dataDir: config.dataDir,
      installed: installedPlugins(config.dataDir),
      urlKey: config.http.authStrategy === 'url_key',
    });
    return new DirectAuditSource(store, service, config.dataDir, revealSecrets);
  }

  async events(query: RawQuery): Promise<EventPageJson> {
    const parsed = orUsage(parseEventQuery(query));
    const page = await refusalsAsUsage(() => this.service.events(parsed, this.#audience));
    return { events: page.events, next_after: page.nextAfter, head: page.head };
  }

  async follow(query: RawQuery, after: number, onEvent: (event: AuditEvent) => void): Promise<void> {
    const filters = orUsage(parseEventFilters(query));
    await new Promise<void>((_resolve, reject) => {
      void this.service
        .follow(filters, this.#audience, after, { onEvent, onError: reject })
        .then((subscription) => this.#closers.push(() => subscription.close()), reject);
    });
  }

  state(deviceId: string, at: string): Promise<DeviceStateView> {
    const instant = orUsage(parseInstant(at));
    return refusalsAsUsage(() => this.service.stateAt(deviceId, instant, this.#audience));
  }

  files(deviceId: string, at: string): Promise<DeviceFilesAt> {
    const instant = orUsage(parseInstant(at));
    return refusalsAsUsage(() => this.service.filesAt(deviceId, instant, this.#audience));
  }

  /** A MAC is looked up among the devices that exist now, folded from the log in memory. */
  async resolveDevice(idOrMac: string): Promise<string> {
    const mac = normalizeMac(idOrMac);
    if (mac === undefined) return idOrMac;
    const ids = (await this.#deviceModel()).findByMac(mac).map((device) => device.id);
    if (ids.length === 1) return ids[0]!;
    if (ids.length === 0) return idOrMac;
    throw new UsageError(`${ids.length} devices have the MAC address ${mac}: ${ids.join(', ')}; give an id`);
  }

  async close(): Promise<void> {
    for (const close of this.#closers.splice(0).reverse()) await close();
    await this.service.close();
    await this.store.close();
  }

  #deviceModel(): Promise<DeviceReadModel> {
    this.#devices ??= (async () => {
      const db = openReadModelDb(':memory:');
      const runner = new ProjectionRunner({
        store: this.store,
        db,
        projections: [settingsProjection, devicesProjection],
      });
      this.#closers.push(async () => {
        await runner.stop();
        db.close();
      });
      await runner.catchUp();
      return new DeviceReadModel(db);
    })();
    return this.#devices;
  }
}
