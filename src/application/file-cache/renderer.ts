import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { DeviceDocument } from '../../domain/device/document.js';
import type { RenderedFile } from '../../plugin-runtime/contract.js';
import type { ReadModels } from '../../projections/read-models.js';
import type { ReadModelDb } from '../../projections/runner/projection.js';
import { prepared } from '../../projections/runner/statement-cache.js';
import type { ActivePlugins } from '../plugins/active-plugins.js';
import { deviceRawConfig } from './device-raw-config.js';
import {
  collectUnusedBlobs,
  createFileCacheTables,
  deleteRenderStatus,
  type RenderStatus,
  readRenderStatus,
  replaceCommonFiles,
  replaceDeviceFiles,
  writeBlob,
  writeRenderStatus,
} from './file-cache-tables.js';

export interface RendererLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RendererDeps {
  readonly db: ReadModelDb;
  readonly readModels: ReadModels;
  readonly plugins: ActivePlugins;
  readonly urlKey: boolean;
  readonly clock?: () => Date;
  readonly logger?: RendererLogger;
  /**
   * Records whether the device is configured (provd's `configured`) when that changed; the
   * shell appends DeviceConfigurationChanged. Called after the files are written.
   */
  readonly onConfiguration?: (deviceId: string, configured: boolean, error: string | null) => void;
}

export type RenderOutcome =
  | { readonly kind: 'configured'; readonly files: number }
  | { readonly kind: 'not-configured'; readonly reason: string }
  | { readonly kind: 'removed' };

const silent: RendererLogger = { info: () => {}, warn: () => {}, error: () => {} };

export const contentHash = (content: string | Uint8Array): string =>
  createHash('sha256').update(content).digest('hex');

/**
 * Materialises the render queue (src/projections/render-queue): renders marked devices and
 * plugins' common files into the content-addressed file cache. Synchronous per device, so a
 * phone asking for a marked device's file can have it rendered before it is served; the
 * background drain works in small slices and yields between them.
 */
export class FileCacheRenderer {
  readonly #deps: RendererDeps;
  readonly #logger: RendererLogger;
  readonly #clock: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #rendersSinceCollect = 0;

  constructor(deps: RendererDeps) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silent;
    this.#clock = deps.clock ?? (() => new Date());
    createFileCacheTables(deps.db);
  }

  /** Whether the device's files are stale (marked by an event not rendered yet). */
  isDirty(deviceId: string): boolean {
    return (
      prepared(this.#deps.db, 'SELECT 1 FROM render_dirty WHERE device_id = ?').get(deviceId) !== undefined
    );
  }

  /** Renders the device now if it is marked; a no-op otherwise. */
  renderIfDirty(deviceId: string): void {
    const mark = this.#mark('render_dirty', 'device_id', deviceId);
    if (mark !== undefined) this.#renderMarkedDevice(deviceId, mark);
  }

  renderCommonIfDirty(pluginId: string): void {
    const mark = this.#mark('render_common_dirty', 'plugin', pluginId);
    if (mark !== undefined) this.#renderMarkedCommon(pluginId, mark);
  }

  /** Renders up to `maxDevices` of the oldest marked devices and every marked plugin; returns how many. */
  drain(maxDevices: number): number {
    const { db } = this.#deps;
    const commons = prepared(db, 'SELECT plugin, position FROM render_common_dirty').all() as {
      plugin: string;
      position: number;
    }[];
    for (const { plugin, position } of commons) this.#renderMarkedCommon(plugin, position);
    const devices = prepared(
      db,
      'SELECT device_id, position FROM render_dirty ORDER BY position LIMIT ?',
    ).all(maxDevices) as { device_id: string; position: number }[];
    for (const { device_id, position } of devices) this.#renderMarkedDevice(device_id, position);
    this.#rendersSinceCollect += devices.length + commons.length;
    if (this.#rendersSinceCollect >= 1000 || (devices.length === 0 && this.#rendersSinceCollect > 0)) {
      collectUnusedBlobs(db);
      this.#rendersSinceCollect = 0;
    }
    return devices.length + commons.length;
  }

  /**
   * Drains the queue in the background, `slice` devices at a time, yielding to the event loop
   * between slices so phone requests are served in between; polls while the queue is empty.
   */
  start(slice = 100, idleMs = 100): void {
    if (this.#running) return;
    this.#running = true;
    const step = (): void => {
      if (!this.#running) return;
      let rendered = 0;
      try {
        rendered = this.drain(slice);
      } catch (error) {
        this.#logger.error({ err: error }, 'file cache renderer failed; retrying');
      }
      this.#timer = rendered > 0 ? setTimeout(step, 0) : setTimeout(step, idleMs);
      this.#timer.unref();
    };
    step();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  #mark(table: string, key: string, id: string): number | undefined {
    const row = prepared(this.#deps.db, `SELECT position FROM ${table} WHERE ${key} = ?`).get(id) as
      | { position: number }
      | undefined;
    return row?.position;
  }

  #renderMarkedDevice(deviceId: string, mark: number): RenderOutcome {
    const { db } = this.#deps;
    const outcome = db.transaction(() => {
      const result = this.#renderDevice(deviceId);
      // A newer event may have marked the device while we rendered: keep that mark.
      prepared(db, 'DELETE FROM render_dirty WHERE device_id = ? AND position = ?').run(deviceId, mark);
      return result;
    })();
    return outcome;
  }

  #renderDevice(deviceId: string): RenderOutcome {
    const { db, readModels, plugins } = this.#deps;
    const device = readModels.devices.get(deviceId);
    const now = this.#clock().getTime();
    if (device === undefined) {
      replaceDeviceFiles(db, deviceId, '', [], now);
      deleteRenderStatus(db, deviceId);
      return { kind: 'removed' };
    }
    // `expected`: the device is simply not configurable yet (no plugin, no config), which is
    // shown in its render status but is not an error worth an event on every new phone.
    const failed = (reason: string, plugin: string | null, expected = false): RenderOutcome => {
      replaceDeviceFiles(db, deviceId, plugin ?? '', [], now);
      this.#recordStatus(device, { plugin, configured: false, error: reason, renderedAt: now }, expected);
      return { kind: 'not-configured', reason };
    };
    if (device.plugin === undefined) return failed('the device has no plugin', null, true);
    if (device.config === undefined) return failed('the device has no config', device.plugin, true);
    const plugin = plugins.get(device.plugin);
    if (plugin === undefined) return failed(`plugin ${device.plugin} is not installed`, device.plugin);
    const raw = deviceRawConfig(readModels, device, { urlKey: this.#deps.urlKey });
    if (E.isLeft(raw)) return failed(raw.left, plugin.id);
    const rendered = plugin.renderDevice({ device, rawConfig: raw.right });
    if (E.isLeft(rendered)) {
      this.#logger.warn(
        { device: deviceId, plugin: plugin.id, reason: rendered.left },
        'device not configured',
      );
      return failed(rendered.left, plugin.id);
    }
    replaceDeviceFiles(db, deviceId, plugin.id, this.#store(rendered.right), now);
    this.#recordStatus(device, { plugin: plugin.id, configured: true, error: null, renderedAt: now });
    return { kind: 'configured', files: rendered.right.length };
  }

  #renderMarkedCommon(pluginId: string, mark: number): void {
    const { db, plugins, readModels } = this.#deps;
    db.transaction(() => {
      const plugin = plugins.get(pluginId);
      const base = readModels.settings.baseRawConfig() ?? {};
      // Common files are shared by every tenant: under the url_key strategy no URL they could
      // carry would be right, so phones get their keyed URL from their own file (or DHCP) only.
      const rendered = plugin && !this.#deps.urlKey ? plugin.renderCommon(base) : E.right([]);
      if (E.isLeft(rendered)) {
        this.#logger.error({ plugin: pluginId, reason: rendered.left }, 'common files not rendered');
      } else {
        replaceCommonFiles(db, pluginId, this.#store(rendered.right), this.#clock().getTime());
      }
      prepared(db, 'DELETE FROM render_common_dirty WHERE plugin = ? AND position = ?').run(pluginId, mark);
    })();
  }

  #store(files: readonly RenderedFile[]): { path: string; hash: string }[] {
    return files.map(({ path, content }) => {
      const bytes = Buffer.from(content, 'utf8');
      const hash = contentHash(bytes);
      writeBlob(this.#deps.db, hash, bytes);
      return { path, hash };
    });
  }

  #recordStatus(device: DeviceDocument, status: RenderStatus, expected = false): void {
    const previous = readRenderStatus(this.#deps.db, device.id);
    writeRenderStatus(this.#deps.db, device.id, status);
    // The decider ignores a report that changes nothing; this only saves it the stream read.
    const errorChanged = !expected && (previous?.error ?? null) !== status.error;
    if (device.configured === status.configured && !errorChanged) return;
    this.#deps.onConfiguration?.(device.id, status.configured, expected ? null : status.error);
  }
}
