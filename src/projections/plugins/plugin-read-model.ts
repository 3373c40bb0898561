import type { PluginInfo } from '../../domain/plugin/events.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

export interface InstalledPackage {
  readonly id: string;
  readonly version: string;
  readonly sha256: string | null;
}

export interface InstalledPlugin {
  readonly id: string;
  readonly version: string;
  readonly info: PluginInfo;
  /** Sorted by package id. */
  readonly packages: readonly InstalledPackage[];
}

interface PluginRow {
  id: string;
  version: string;
  info: string;
}

export class PluginReadModel {
  constructor(private readonly db: ReadModelDb) {}

  get(id: string): InstalledPlugin | undefined {
    const row = prepared(this.db, 'SELECT id, version, info FROM plugins WHERE id = ?').get(id) as
      | PluginRow
      | undefined;
    return row === undefined ? undefined : this.#toPlugin(row);
  }

  /** Every installed plugin, by id. */
  list(): InstalledPlugin[] {
    const rows = prepared(this.db, 'SELECT id, version, info FROM plugins ORDER BY id').all() as PluginRow[];
    return rows.map((row) => this.#toPlugin(row));
  }

  /** Installed version of a plugin, or undefined when it is not installed. */
  installedVersion(id: string): string | undefined {
    const row = prepared(this.db, 'SELECT version FROM plugins WHERE id = ?').get(id) as
      | { version: string }
      | undefined;
    return row?.version;
  }

  #toPlugin(row: PluginRow): InstalledPlugin {
    const packages = prepared(
      this.db,
      'SELECT package_id AS id, version, sha256 FROM plugin_packages WHERE plugin_id = ? ORDER BY package_id',
    ).all(row.id) as InstalledPackage[];
    return { id: row.id, version: row.version, info: JSON.parse(row.info) as PluginInfo, packages };
  }
}
