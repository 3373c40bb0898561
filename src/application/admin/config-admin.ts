import { randomUUID } from 'node:crypto';
import { autocreateConfig } from '../../domain/config/autocreate.js';
import type { JsonObject } from '../../domain/shared/json.js';
import { configStream } from '../../domain/streams.js';
import type { EventStore } from '../../eventstore/port.js';
import type { StoredConfig } from '../../projections/configs/config-table.js';
import type { FindParams } from '../../projections/find/find-params.js';
import { InvalidSelectorError } from '../../projections/find/selector.js';
import type { ReadModels } from '../../projections/read-models.js';
import { runConfigCommand } from '../aggregates.js';
import { AdminError, type Requester } from './admin-context.js';
import type { WriteOptions } from './device-admin.js';
import { unwrap } from './handle-result.js';

export interface ConfigAdminDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly waitFor: (position: number) => Promise<void>;
  readonly newConfigId?: () => string;
}

const NOT_FOUND = (): AdminError => new AdminError('not_found', 'No such resource');

/**
 * provd's config management (provd-spec §1.9) over the Config aggregate; configs are global (no
 * tenant). Devices using a changed config, directly or through inheritance, are re-rendered by
 * the file-cache projection: nothing to fan out here.
 */
export class ConfigAdmin {
  readonly #deps: ConfigAdminDeps;
  readonly #newId: () => string;

  constructor(deps: ConfigAdminDeps) {
    this.#deps = deps;
    this.#newId = deps.newConfigId ?? (() => randomUUID().replaceAll('-', ''));
  }

  list(params: FindParams): JsonObject[] {
    try {
      return this.#deps.readModels.configs.find(params);
    } catch (error) {
      if (error instanceof InvalidSelectorError) throw new AdminError('invalid', error.message);
      throw error;
    }
  }

  get(id: string): StoredConfig {
    const config = this.#deps.readModels.configs.get(id);
    if (config === undefined) throw NOT_FOUND();
    return config;
  }

  revision(id: string): number | undefined {
    return this.#deps.readModels.revisions.revision(configStream(id));
  }

  /** Flattened over its ancestors and the base raw config, without configure-time defaults. */
  raw(id: string): JsonObject {
    const raw = this.#deps.readModels.configs.rawConfig(id);
    if (raw === undefined) throw NOT_FOUND();
    return raw;
  }

  async create(config: JsonObject, requester: Requester): Promise<string> {
    const id = typeof config.id === 'string' && config.id !== '' ? config.id : this.#newId();
    const handled = unwrap(
      await runConfigCommand(
        this.#deps.store,
        { type: 'CreateConfig', configId: id, config },
        requester.metadata,
      ),
    );
    await this.#settle(handled.position);
    return id;
  }

  async update(
    id: string,
    config: JsonObject,
    requester: Requester,
    options: WriteOptions = {},
  ): Promise<void> {
    const handled = unwrap(
      await runConfigCommand(
        this.#deps.store,
        { type: 'UpdateConfig', configId: id, config },
        requester.metadata,
        options.ifMatch === undefined ? {} : { expectedRevision: options.ifMatch },
      ),
      options.ifMatch,
    );
    await this.#settle(handled.position);
  }

  async remove(id: string, requester: Requester, options: WriteOptions = {}): Promise<void> {
    const handled = unwrap(
      await runConfigCommand(
        this.#deps.store,
        { type: 'DeleteConfig', configId: id },
        requester.metadata,
        options.ifMatch === undefined ? {} : { expectedRevision: options.ifMatch },
      ),
      options.ifMatch,
    );
    await this.#settle(handled.position);
  }

  /**
   * POST /cfg_mgr/autocreate: a transient copy of the autocreate config for one more autoprov
   * phone. provd crashed when there was nothing to copy; we answer 404 with the reason.
   */
  async autocreate(requester: Requester): Promise<string> {
    const template = this.#deps.readModels.configs.autocreateConfig();
    if (template === undefined) throw new AdminError('not_found', 'No config with role "autocreate"');
    const { id: templateId, ...doc } = template;
    const command = autocreateConfig(templateId, doc, `${templateId}${randomUUID()}`);
    if (command === undefined) {
      throw new AdminError('not_found', `The autocreate config ${templateId} has no SIP line 1`);
    }
    const handled = unwrap(await runConfigCommand(this.#deps.store, command, requester.metadata));
    await this.#settle(handled.position);
    return command.configId;
  }

  async #settle(position: number | undefined): Promise<void> {
    if (position !== undefined) await this.#deps.waitFor(position);
  }
}
