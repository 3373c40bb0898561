import type { ConfigDocument } from '../../domain/config/events.js';
import { flattenRawConfig } from '../../domain/config/flatten.js';
import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';
import {
  createConfigTables,
  deleteStoredConfig,
  dropConfigTables,
  readBaseRawConfig,
  readDescendantIds,
  readStoredConfig,
  writeBaseRawConfig,
  writeStoredConfig,
} from './config-table.js';

/**
 * Configs as stored documents, plus each config's flattened raw config (base included) kept up
 * to date, so serving a phone or configuring a device never walks the inheritance graph. A
 * change to a config re-flattens it and everything that inherits from it; a new base re-flattens
 * everything. The base raw config is tracked here too so the projection rebuilds on its own.
 */
export const configsProjection: Projection = {
  name: 'configs',
  version: 1,
  setup: createConfigTables,
  reset: dropConfigTables,
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    switch (event.type) {
      case 'ConfigCreated': {
        const { configId, config, autocreatedFrom } = event.data;
        writeStoredConfig(db, configId, config, autocreatedFrom);
        reflatten(db, [configId, ...readDescendantIds(db, configId)]);
        return;
      }
      case 'ConfigUpdated': {
        const { configId, config } = event.data;
        if (readStoredConfig(db, configId) === undefined) return;
        writeStoredConfig(db, configId, config, undefined);
        reflatten(db, [configId, ...readDescendantIds(db, configId)]);
        return;
      }
      case 'ConfigDeleted': {
        const { configId } = event.data;
        deleteStoredConfig(db, configId);
        reflatten(db, readDescendantIds(db, configId));
        return;
      }
      case 'BaseRawConfigChanged':
        writeBaseRawConfig(db, event.data.rawConfig);
        reflatten(db, allConfigIds(db));
        return;
    }
  },
};

const allConfigIds = (db: ReadModelDb): string[] =>
  prepared(db, 'SELECT id FROM configs ORDER BY rowid')
    .all()
    .map((row) => (row as { id: string }).id);

/** Recomputes the flattened raw config of each config, reading each ancestor once. */
const reflatten = (db: ReadModelDb, ids: readonly string[]): void => {
  if (ids.length === 0) return;
  const base = readBaseRawConfig(db);
  const documents = new Map<string, ConfigDocument | undefined>();
  const lookup = (id: string): ConfigDocument | undefined => {
    if (!documents.has(id)) documents.set(id, readStoredConfig(db, id));
    return documents.get(id);
  };
  const update = prepared(db, 'UPDATE configs SET flattened = ? WHERE id = ?');
  for (const id of new Set(ids)) {
    const flattened = flattenRawConfig(id, lookup, base);
    update.run(flattened === undefined ? null : JSON.stringify(flattened), id);
  }
};
