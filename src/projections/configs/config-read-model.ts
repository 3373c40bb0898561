import type { JsonObject } from '../../domain/shared/json.js';
import { findInTable } from '../find/find-in-table.js';
import type { FindParams } from '../find/find-params.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';
import { CONFIG_COLUMNS, readDescendantIds, type StoredConfig } from './config-table.js';

const parseDoc = (row: unknown): StoredConfig => JSON.parse((row as { doc: string }).doc) as StoredConfig;

/** Queries over the configs projection. Devices using a config are found on the devices model. */
export class ConfigReadModel {
  constructor(private readonly db: ReadModelDb) {}

  /** The stored document, `id` included. */
  get(id: string): StoredConfig | undefined {
    const row = prepared(this.db, 'SELECT doc FROM configs WHERE id = ?').get(id);
    return row === undefined ? undefined : parseDoc(row);
  }

  /** provd's find (provd-spec §1.6) over config documents. Throws InvalidSelectorError. */
  find(params: FindParams): JsonObject[] {
    return findInTable(this.db, 'configs', CONFIG_COLUMNS, params);
  }

  /** The flattened raw config (base, ancestors, then the config's own); undefined if no such config. */
  rawConfig(id: string): JsonObject | undefined {
    const row = prepared(this.db, 'SELECT flattened FROM configs WHERE id = ?').get(id) as
      | { flattened: string | null }
      | undefined;
    return row?.flattened == null ? undefined : (JSON.parse(row.flattened) as JsonObject);
  }

  /** Ids of the existing configs inheriting from `id`, directly or not, sorted; `id` excluded. */
  descendants(id: string): string[] {
    return readDescendantIds(this.db, id).filter((descendant) => descendant !== id);
  }

  /** The config POST /cfg_mgr/autocreate copies: the oldest one with role `autocreate`. */
  autocreateConfig(): StoredConfig | undefined {
    const row = prepared(
      this.db,
      "SELECT doc FROM configs WHERE role = 'autocreate' ORDER BY rowid LIMIT 1",
    ).get();
    return row === undefined ? undefined : parseDoc(row);
  }

  /** Id of the autocreate config a config was made from, or undefined. */
  autocreatedFrom(id: string): string | undefined {
    const row = prepared(this.db, 'SELECT autocreated_from FROM configs WHERE id = ?').get(id) as
      | { autocreated_from: string | null }
      | undefined;
    return row?.autocreated_from ?? undefined;
  }
}
