import * as E from 'fp-ts/lib/Either.js';
import type { DeviceDocument } from '../../domain/device/document.js';
import { decodeEvent } from '../../domain/events/codec.js';
import { deviceStream } from '../../domain/streams.js';
import type { EventStore } from '../../eventstore/port.js';
import type { RenderedFile } from '../../plugin-runtime/contract.js';
import { redact, secretValues } from '../admin/device-files.js';
import { configureRawConfig } from '../file-cache/device-raw-config.js';
import { contentHash } from '../file-cache/renderer.js';
import type { Audience } from './audience.js';
import { deviceAt } from './device-at.js';
import type { PluginVersions } from './plugin-versions.js';
import { PointInTime } from './point-in-time.js';
import type { PluginVersionView } from './state-at.js';

/** What the phone had fetched of a file by then, per RemoteStateReported. */
export interface Fetched {
  /** When the phone fetched that content (first time it was reported). */
  readonly at: string;
  readonly sha256: string;
  /** Whether it is what the phone would get at the instant asked. */
  readonly match: boolean;
}

export interface FileAt {
  readonly path: string;
  readonly scope: 'device' | 'common';
  readonly sha256: string;
  readonly size: number;
  readonly content: string;
  readonly redacted: boolean;
  readonly fetched: Fetched | null;
}

export type FilesSummary = 'match' | 'mismatch' | 'never fetched';

/** `GET /audit/devices/{id}/files` and `provd files`. */
export interface DeviceFilesAt {
  readonly plugin: PluginVersionView | null;
  readonly files: readonly FileAt[];
  readonly summary: FilesSummary;
  /** Why no file could be rendered (no plugin, a plugin version not kept…); null otherwise. */
  readonly error: string | null;
}

export interface FilesAtOptions {
  readonly plugins: PluginVersions;
  /** provd's `url_key` strategy, as the server renders. */
  readonly urlKey: boolean;
}

/**
 * The trigger files the phone reported fetching up to the instant, in its current life: the
 * last content hash per file name.
 */
const fetchesUntil = async (
  store: EventStore,
  deviceId: string,
  at: Date,
): Promise<Map<string, { at: string; sha256: string }>> => {
  const fetched = new Map<string, { at: string; sha256: string }>();
  for await (const recorded of store.readStream(deviceStream(deviceId), { until: at })) {
    if (['DeviceDiscovered', 'DeviceCreated', 'DeviceDeleted'].includes(recorded.type)) fetched.clear();
    if (recorded.type !== 'RemoteStateReported') continue;
    const decoded = decodeEvent(recorded);
    if (E.isLeft(decoded) || decoded.right.type !== 'RemoteStateReported') continue;
    const { filename, contentHash: sha256 } = decoded.right.data;
    if (filename !== null && sha256 !== null) {
      fetched.set(filename, { at: recorded.recordedAt.toISOString(), sha256 });
    }
  }
  return fetched;
};

const lastSegment = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

type Rendered = { readonly device: readonly RenderedFile[]; readonly common: readonly RenderedFile[] };

/** The files the plugin version in force then renders from the state then; Left: why none. */
const renderAt = async (
  point: PointInTime,
  device: DeviceDocument,
  options: FilesAtOptions,
): Promise<{ plugin: PluginVersionView | null; rendered: E.Either<string, Rendered>; secrets: string[] }> => {
  const none = (plugin: PluginVersionView | null, reason: string) => ({
    plugin,
    rendered: E.left(reason),
    secrets: [],
  });
  if (device.plugin === undefined) return none(null, 'the device had no plugin then');
  const installed = (await point.plugin(device.plugin)).installed;
  const plugin = { id: device.plugin, version: installed?.version ?? null };
  if (installed === undefined) return none(plugin, `plugin ${device.plugin} was not installed then`);
  if (device.config === undefined) return none(plugin, 'the device had no config then');
  const flattened = await point.flattened(device.config);
  if (flattened === undefined) return none(plugin, `config ${device.config} did not exist then`);
  const settings = await point.settings();
  const raw = configureRawConfig(
    flattened,
    device.tenant_uuid,
    (tenant) => settings.provisioningKeys[tenant],
    options,
  );
  if (E.isLeft(raw)) return none(plugin, raw.left);
  const code = await options.plugins.get(device.plugin, installed.version, installed.sha256);
  if (E.isLeft(code)) return none(plugin, code.left);
  const own = code.right.renderDevice({ device, rawConfig: raw.right });
  if (E.isLeft(own)) return { plugin, rendered: own, secrets: [] };
  // As the renderer: no common files under url_key, where no shared URL would be right.
  const common = options.urlKey ? E.right([]) : code.right.renderCommon(settings.baseRawConfig ?? {});
  return {
    plugin,
    rendered: E.right({ device: own.right, common: E.isRight(common) ? common.right : [] }),
    secrets: secretValues(raw.right),
  };
};

const summaryOf = (files: readonly FileAt[], fetches: number): FilesSummary => {
  if (fetches === 0) return 'never fetched';
  if (files.some((file) => file.fetched !== null && !file.fetched.match)) return 'mismatch';
  // The phone fetched files it would not get then (another plugin, another name): not a match.
  return files.some((file) => file.fetched !== null) ? 'match' : 'mismatch';
};

/**
 * What the phone would have received at an instant — the device, its config and the base raw
 * config as they were then, rendered by the plugin version installed then — compared with the
 * content hashes recorded when the phone really fetched its trigger file (RemoteStateReported).
 */
export const deviceFilesAt = async (
  store: EventStore,
  deviceId: string,
  at: Date,
  audience: Audience,
  options: FilesAtOptions,
): Promise<DeviceFilesAt> => {
  const point = new PointInTime(store, at);
  const device = await deviceAt(store, point, deviceId, audience);
  const [{ plugin, rendered, secrets }, fetches] = await Promise.all([
    renderAt(point, device, options),
    fetchesUntil(store, deviceId, at),
  ]);
  const hidden = audience.revealSecrets ? [] : secrets;
  const view =
    (scope: FileAt['scope']) =>
    ({ path, content }: RenderedFile): FileAt => {
      const bytes = Buffer.from(content, 'utf8');
      const sha256 = contentHash(bytes);
      const { text, redacted } = redact(content, hidden);
      const report = scope === 'device' ? fetches.get(lastSegment(path)) : undefined;
      return {
        path,
        scope,
        sha256,
        size: bytes.length,
        content: text,
        redacted,
        fetched: report === undefined ? null : { ...report, match: report.sha256 === sha256 },
      };
    };
  const files = E.isRight(rendered)
    ? [...rendered.right.device.map(view('device')), ...rendered.right.common.map(view('common'))]
    : [];
  return {
    plugin,
    files,
    summary: summaryOf(files, fetches.size),
    error: E.isLeft(rendered) ? rendered.left : null,
  };
};
