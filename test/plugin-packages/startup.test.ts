import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/eventstore/memory/memory-event-store.js';
import { runSettingsCommand } from '../../src/application/aggregates.js';
import { Operation } from '../../src/application/operations/operation.js';
import { type PreparedPlugins, preparePlugins } from '../../src/application/plugins/prepare-plugins.js';
import { buildRepository } from '../../src/application/plugins/repository/build-repository.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../../src/projections/read-models.js';
import type { ReadModelDb } from '../../src/projections/runner/projection.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import {
  buildSourceRepository,
  copySourcePlugin,
  readIndex,
  SOURCE_PLUGINS,
  setVersion,
} from './support/fixture-repository.js';
import { serveRepository } from './support/repository-server.js';

interface LogLine {
  readonly level: string;
  readonly details: Record<string, unknown>;
  readonly message: string;
}

let tmp: TempDir;
let store: MemoryEventStore;
let db: ReadModelDb;
let runner: ProjectionRunner;
let readModels: ReadModels;
let logs: LogLine[];
let bundled: string;
const started: PreparedPlugins[] = [];

beforeEach(async () => {
  tmp = await makeTempDir('provd-startup-');
  store = new MemoryEventStore();
  db = openReadModelDb(':memory:');
  runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  await runner.start();
  readModels = createReadModels(db);
  logs = [];
  bundled = join(tmp.path, 'bundled');
  await buildSourceRepository(bundled);
});
afterEach(async () => {
  for (const prepared of started.splice(0)) await prepared.manager.idle();
  await runner.stop();
  await store.close();
  db.close();
  await tmp.remove();
});

const logger = {
  info: (details: object, message: string) => logs.push({ level: 'info', details: { ...details }, message }),
  warn: (details: object, message: string) => logs.push({ level: 'warn', details: { ...details }, message }),
  error: (details: object, message: string) =>
    logs.push({ level: 'error', details: { ...details }, message }),
};

/** One start of provd's plugin side on the same log and data folder. */
const start = async (repository = bundled): Promise<PreparedPlugins> => {
  const prepared = await preparePlugins({
    store,
    readModels,
    db,
    dataDir: join(tmp.path, 'data'),
    bundledRepository: repository,
    logger,
    waitFor: (position) => runner.waitFor(position),
  });
  started.push(prepared);
  return prepared;
};

const pluginEvents = async (): Promise<string[]> => {
  const types: string[] = [];
  for await (const event of store.readAll()) {
    if (event.stream.startsWith('plugin-'))
      types.push(`${event.stream.slice('plugin-'.length)}:${event.type}`);
  }
  return types;
};

const running = (prepared: PreparedPlugins): string[] =>
  prepared.registry
    .all()
    .map((p) => `${p.id}@${p.version}`)
    .sort();

const ALL_1_0 = ['null@1.0.0', 'test@1.0.0', 'yealink@1.0.0', 'zero@1.0.0'];

describe('start-up', () => {
  it('installs the shipped plugins the first time, and nothing more on the next starts', async () => {
    const first = await start();
    expect(await pluginEvents()).toEqual([
      'null:PluginInstalled',
      'test:PluginInstalled',
      'yealink:PluginInstalled',
      'zero:PluginInstalled',
    ]);
    expect(running(first)).toEqual(ALL_1_0);
    expect((await readdir(join(tmp.path, 'data', 'plugins'))).filter((n) => !n.startsWith('.'))).toEqual([
      'null',
      'test',
      'yealink',
      'zero',
    ]);
    const second = await start();
    expect(await pluginEvents()).toHaveLength(4);
    expect(running(second)).toEqual(ALL_1_0);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('leaves uninstalled a shipped plugin an admin uninstalled', async () => {
    const first = await start();
    await first.manager.uninstall('zero');
    const second = await start();
    expect(running(second)).toEqual(['null@1.0.0', 'test@1.0.0', 'yealink@1.0.0']);
    expect((await pluginEvents()).filter((e) => e.startsWith('zero:'))).toEqual([
      'zero:PluginInstalled',
      'zero:PluginUninstalled',
    ]);
  });

  it('upgrades a shipped plugin when provd ships a newer version', async () => {
    await start();
    const plugins = join(tmp.path, 'plugins-next');
    for (const id of ['null', 'test', 'yealink', 'zero']) await copySourcePlugin(id, plugins);
    await setVersion(join(plugins, 'test'), '1.0.0', '1.2.0');
    await buildRepository({ pluginsDir: plugins, outDir: join(tmp.path, 'bundled-next') });
    const next = await start(join(tmp.path, 'bundled-next'));
    expect((await pluginEvents()).slice(4)).toEqual(['test:PluginUpgraded']);
    expect(running(next)).toEqual(['null@1.0.0', 'test@1.2.0', 'yealink@1.0.0', 'zero@1.0.0']);
  });

  it('puts back the folders of installed plugins that are gone, recording nothing', async () => {
    await start();
    await rm(join(tmp.path, 'data', 'plugins'), { recursive: true });
    const again = await start();
    expect(await pluginEvents()).toHaveLength(4);
    expect(running(again)).toEqual(ALL_1_0);
  });

  it('goes on without a shipped plugin that does not load, and says so', async () => {
    const plugins = join(tmp.path, 'plugins-broken');
    for (const id of ['null', 'test', 'zero']) await copySourcePlugin(id, plugins);
    await writeFile(join(plugins, 'test', 'index.ts'), 'export default "not a factory";\n');
    await buildRepository({ pluginsDir: plugins, outDir: join(tmp.path, 'bundled-broken') });
    const prepared = await start(join(tmp.path, 'bundled-broken'));
    expect(running(prepared)).toEqual(['null@1.0.0', 'zero@1.0.0']);
    expect(await pluginEvents()).toEqual(['null:PluginInstalled', 'zero:PluginInstalled']);
    const error = logs.find((l) => l.level === 'error');
    expect(error?.details.plugin).toBe('test');
    expect(String(error?.details.err)).toMatch(/the default export must be the plugin factory/);
  });

  it('updates from the bundled repository, or from the plugin_server parameter when set', async () => {
    const { manager } = await start();
    const fromBundled = new Operation('update');
    manager.updateIndex(fromBundled);
    expect(await fromBundled.settled(5)).toBe('success');
    expect(Object.keys(manager.installable())).toEqual(Object.keys(await readIndex(bundled)));

    const remote = join(tmp.path, 'www', 'remote');
    await buildRepository({ pluginsDir: join(SOURCE_PLUGINS), outDir: remote });
    await writeFile(join(remote, 'plugins.db'), JSON.stringify({ zero: (await readIndex(remote)).zero }));
    const server = await serveRepository(join(tmp.path, 'www'));
    try {
      const set = await runSettingsCommand(
        store,
        { type: 'SetParameter', name: 'plugin_server', value: `${server.url}remote` },
        { source: 'api' },
      );
      if (E.isLeft(set) || set.right.position === undefined) throw new Error('parameter not set');
      await runner.waitFor(set.right.position);
      const fromServer = new Operation('update');
      manager.updateIndex(fromServer);
      expect(await fromServer.settled(5)).toBe('success');
      expect(Object.keys(manager.installable())).toEqual(['zero']);
      expect(server.requests).toEqual(['/repo/remote/plugins.db']);
    } finally {
      await server.close();
    }
  });
});
