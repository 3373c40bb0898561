import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/** Installed plugins with their index information and installed packages. */
export const pluginsProjection: Projection = {
  name: 'plugins',
  version: 1,
  setup(db: ReadModelDb): void {
    db.exec(
      'CREATE TABLE IF NOT EXISTS plugins (id TEXT PRIMARY KEY, version TEXT NOT NULL, info TEXT NOT NULL)',
    );
    db.exec(`CREATE TABLE IF NOT EXISTS plugin_packages (
      plugin_id TEXT NOT NULL,
      package_id TEXT NOT NULL,
      version TEXT NOT NULL,
      sha256 TEXT,
      PRIMARY KEY (plugin_id, package_id)
    )`);
  },
  reset(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS plugins; DROP TABLE IF EXISTS plugin_packages');
  },
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    switch (event.type) {
      case 'PluginInstalled':
      case 'PluginUpgraded': {
        const { pluginId, info } = event.data;
        prepared(
          db,
          `INSERT INTO plugins (id, version, info) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET version = excluded.version, info = excluded.info`,
        ).run(pluginId, info.version, JSON.stringify(info));
        return;
      }
      case 'PluginUninstalled':
        // Packages live in the plugin's directory, which uninstalling removes.
        prepared(db, 'DELETE FROM plugins WHERE id = ?').run(event.data.pluginId);
        prepared(db, 'DELETE FROM plugin_packages WHERE plugin_id = ?').run(event.data.pluginId);
        return;
      case 'PluginPackageInstalled': {
        const { pluginId, packageId, version, sha256 } = event.data;
        prepared(
          db,
          `INSERT INTO plugin_packages (plugin_id, package_id, version, sha256) VALUES (?, ?, ?, ?)
           ON CONFLICT (plugin_id, package_id) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256`,
        ).run(pluginId, packageId, version, sha256);
        return;
      }
      case 'PluginPackageUninstalled':
        prepared(db, 'DELETE FROM plugin_packages WHERE plugin_id = ? AND package_id = ?').run(
          event.data.pluginId,
          event.data.packageId,
        );
        return;
    }
  },
};
