import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/application/audit/audit-event.js';
import type { DeviceFilesAt } from '../../src/application/audit/files-at.js';
import type { DeviceStateView } from '../../src/application/audit/state-at.js';
import { inProcess } from '../cli/support/in-process.js';
import { runProvd } from '../cli/support/run-provd.js';
import { type RestTestServer, startRestServer } from '../rest/support/rest-server.js';
import { sleep } from '../support/wait-for.js';
import {
  addAuditTokens,
  createDevice,
  instantAfter,
  MULTITENANT_TOKEN,
  putConfig,
  waitForEvent,
} from './support/audit-server.js';

/**
 * `provd history`, `state`, `files` and `events` against a running server (REST) and against its
 * data directory once it is stopped; some runs as real child processes.
 */

const MAC = '00:15:65:cc:dd:ee';
const FILE = '001565ccddee.cfg';
const UA = { 'user-agent': `Yealink SIP-T46S 66.86.0.15 ${MAC}` };

let t: RestTestServer;
let url: string;
let id: string;
let beforeChange: string;
let afterFetch: string;
const fetched: string[] = [];
const env = { PROVD_TOKEN: MULTITENANT_TOKEN };

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const phoneFetch = async (): Promise<string> => {
  const response = await fetch(`${t.server.httpUrl}/${FILE}`, { headers: UA });
  expect(response.status).toBe(200);
  const hash = sha256(Buffer.from(await response.arrayBuffer()));
  id = t.server.readModels.devices.findByMac(MAC)[0]!.id;
  await waitForEvent(
    t.server.store,
    (e) => e.type === 'RemoteStateReported' && (e.data as { contentHash?: string }).contentHash === hash,
    'the fetch to be reported',
  );
  fetched.push(hash);
  return hash;
};

beforeAll(async () => {
  t = await startRestServer();
  addAuditTokens(t);
  url = `${t.server.restUrl}/0.2`;
  await putConfig(t, 'line-alice', {
    sip_lines: {
      '1': { username: 'alice', password: 'alice-pw-1', display_name: 'Alice', proxy_ip: '10.0.0.254' },
    },
  });
  await phoneFetch();
  const doc = (await t.api().json<{ device: Record<string, unknown> }>(`/0.2/dev_mgr/devices/${id}`)).device;
  expect(
    (await t.api().put(`/0.2/dev_mgr/devices/${id}`, { device: { ...doc, config: 'line-alice' } }))
      .statusCode,
  ).toBe(204);
  await phoneFetch();
  beforeChange = await instantAfter();
  await putConfig(t, 'line-alice', {
    sip_lines: {
      '1': { username: 'alice', password: 'alice-pw-2', display_name: 'Alicia', proxy_ip: '10.0.0.254' },
    },
  });
  await phoneFetch();
  afterFetch = await instantAfter();
  await createDevice(t, 'other', { mac: '00:11:22:66:00:01', description: 'not this one' });
});
afterAll(async () => {
  await t?.server.stop().catch(() => {});
  if (t !== undefined) await rm(t.dataDir, { recursive: true, force: true });
});

const rest = (args: readonly string[]) => inProcess([...args, '--url', url], env);
const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('over REST, against the running server', () => {
  it('provd history: who changed what, config values as a diff, secrets masked', async () => {
    const run = await rest(['history', id]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`history of device ${id}, from provd at ${t.server.restUrl}`);
    expect(run.stdout).toMatch(
      / DeviceAssociatedToLine\n {2}by token id-valid-token-multitenant \(tenant eeee[-e1]+\) via api from 127\.0\.0\.1\n {2}~ config: "autoprov[\w-]*" → "line-alice"/,
    );
    expect(run.stdout).toMatch(
      /ConfigUpdated {2}\(config-line-alice\)\n {2}by token id-valid-token-multitenant/,
    );
    expect(run.stdout).toContain('~ raw_config.sip_lines.1.display_name: "Alice" → "Alicia"');
    expect(run.stdout).toContain('~ raw_config.sip_lines.1.password: "********" → "********"');
    expect(run.stdout).toMatch(
      new RegExp(
        `RemoteStateReported\\n {2}by - via phone-http from 127\\.0\\.0\\.1\\n {2}fetched ${FILE} \\(sha256 ${fetched[2]!.slice(0, 12)}…\\)`,
      ),
    );
    expect(run.stdout).not.toContain('alice-pw');
  });

  it('provd history --show-secrets and --json, by MAC address', async () => {
    const run = await rest(['history', MAC, '--show-secrets', '--json']);
    expect(run.code).toBe(0);
    const events = JSON.parse(run.stdout) as AuditEvent[];
    const update = events.find((e) => e.type === 'ConfigUpdated')!;
    expect(update.changes).toContainEqual({
      path: 'raw_config.sip_lines.1.password',
      before: 'alice-pw-1',
      after: 'alice-pw-2',
    });
    expect(new Set(events.map((e) => e.stream))).toEqual(new Set([`device-${id}`, 'config-line-alice']));
  });

  it('provd state --at: the device and its flattened config then', async () => {
    const run = await rest(['state', id, '--at', beforeChange]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  config: "line-alice"');
    expect(run.stdout).toMatch(/^plugin: yealink \S+$/m);
    expect(run.stdout).toContain('  sip_lines.1.display_name: "Alice"');
    expect(run.stdout).toContain('  sip_lines.1.password: "********"');
    const json = await rest(['state', id, '--at', afterFetch, '--json']);
    const view = JSON.parse(json.stdout) as DeviceStateView;
    expect(view.config).toMatchObject({ sip_lines: { '1': { display_name: 'Alicia' } } });
  });

  it('provd files --at before and after the change: what the phone got, matching the hashes', async () => {
    const before = await rest(['files', MAC, '--at', beforeChange]);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(
      new RegExp(
        `^${FILE} +device +\\d+ +${fetched[1]!.slice(0, 12)} +\\S+ ${fetched[1]!.slice(0, 12)} +yes$`,
        'm',
      ),
    );
    expect(before.stdout).toMatch(/^summary: match$/m);
    const after = await rest(['files', id, '--at', afterFetch, '--json']);
    const view = JSON.parse(after.stdout) as DeviceFilesAt;
    expect(view.summary).toBe('match');
    expect(view.files.find((f) => f.path === FILE)).toMatchObject({
      sha256: fetched[2],
      fetched: { match: true },
    });
    const content = await rest(['files', id, '--at', afterFetch, '--content']);
    expect(content.stdout).toContain(`--- ${FILE} (secrets masked)`);
    expect(content.stdout).toContain('account.1.display_name = Alicia');
  });

  it('provd events tail: the last events, as a table or JSON lines', async () => {
    const run = await rest(['events', 'tail', '-n', '3']);
    expect(run.code).toBe(0);
    const table = lines(run.stdout);
    expect(table[0]).toMatch(/^POSITION +TIME +TYPE +STREAM +SOURCE +CLIENT IP +ACTOR$/);
    expect(table).toHaveLength(4);
    expect(table.at(-1)).toMatch(
      / DeviceCreated +device-other +api +127\.0\.0\.1 +token id-valid-token-multitenant /,
    );
    const json = await rest(['events', 'tail', '--type', 'DeviceCreated', '--json']);
    const events = lines(json.stdout).map((line) => JSON.parse(line) as AuditEvent);
    expect(events.map((e) => e.stream)).toEqual(['device-other']);
  });

  it('refuses bad input with exit status 2', async () => {
    const at = await rest(['state', id, '--at', 'yesterday']);
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/^provd: --at: not an ISO 8601 instant: "yesterday"/);
    const unknown = await rest(['history', 'nosuch']);
    expect(unknown).toMatchObject({ code: 2, stderr: 'provd: No such device: nosuch\n' });
    const type = await rest(['events', 'export', '--type', 'DeviceExploded']);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('unknown event type DeviceExploded');
    expect((await rest(['events', 'tail', '-n', '0'])).code).toBe(2);
    const nowhere = await inProcess(['history', id], {});
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/where is the audit trail\?/);
    const both = await inProcess(['history', id, '--url', url, '--data-dir', t.dataDir], env);
    expect(both.code).toBe(2);
  });

  it('says when the token is refused', async () => {
    const run = await inProcess(['history', id, '--url', url], { PROVD_TOKEN: 'no-audit' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^provd: the token was refused \(401\)/);
  });
});

describe('events export: JSON lines', () => {
  it('round-trips: every line is an event of the feed, in order, the whole window', async () => {
    const run = await rest(['events', 'export', '--from', '2000-01-01', '--to', afterFetch]);
    expect(run.code).toBe(0);
    const exported = lines(run.stdout).map((line) => JSON.parse(line) as AuditEvent);
    expect(run.stderr).toBe(`exported ${exported.length} events from provd at ${t.server.restUrl}\n`);
    const feed: AuditEvent[] = [];
    let after = -1;
    for (;;) {
      const page = await t
        .api()
        .json<{ events: AuditEvent[]; next_after: number | null }>(
          `/0.2/audit/events?after=${after}&to=${encodeURIComponent(afterFetch)}&limit=7`,
        );
      feed.push(...page.events);
      if (page.next_after === null) break;
      after = page.next_after;
    }
    expect(exported).toEqual(feed);
    expect(exported.some((e) => e.stream === 'device-other')).toBe(false);
    expect(exported.at(-1)!.recorded_at <= afterFetch).toBe(true);
  });
});

/** `provd events tail --follow` as its own process, stopped with SIGTERM. */
const follow = (args: readonly string[]): { child: ChildProcessWithoutNullStreams; out: () => string } => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PROVD_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), ...args], {
    cwd: root,
    env: { ...inherited, ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return { child, out: () => out };
};

const until = async (condition: () => boolean, what: string, output: () => string): Promise<void> => {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await sleep(50);
  }
};

describe('as real processes', () => {
  it('provd events tail --follow prints new events as they are written', async () => {
    const { child, out } = follow(['events', 'tail', '-n', '1', '--follow', '--json', '--url', url]);
    try {
      await until(() => out().includes('"device-other"'), 'the last event', out);
      await sleep(500);
      await createDevice(t, 'followed', { mac: '00:11:22:66:00:02' });
      await until(() => out().includes('"stream":"device-followed"'), 'the new event', out);
      const events = lines(out()).map((line) => JSON.parse(line) as AuditEvent);
      expect(events[0]!.stream).toBe('device-other');
      expect(events.slice(1).map((e) => e.stream)).toContain('device-followed');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('provd files against the running server, then provd history on its stopped data directory', async () => {
    const files = await runProvd(['files', id, '--at', afterFetch, '--url', url], env);
    expect(files.stderr).toBe('');
    expect(files.code).toBe(0);
    expect(files.stdout).toMatch(/^summary: match$/m);

    await t.server.stop();
    const history = await runProvd(['history', MAC], { PROVD_DATA_DIR: t.dataDir });
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(`from the event log in ${t.dataDir}`);
    expect(history.stdout).toContain('~ raw_config.sip_lines.1.display_name: "Alice" → "Alicia"');
    const bad = await runProvd(['state', id, '--at', '2026-02-30', '--data-dir', t.dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--at: not an ISO 8601 instant/);
  });
});

describe('on the data directory (server stopped)', () => {
  const direct = (args: readonly string[]) => inProcess([...args, '--data-dir', t.dataDir], {});

  it('gives the same history, state and files as the server did', async () => {
    const history = await direct(['history', id, '--json']);
    expect(history.code).toBe(0);
    const events = JSON.parse(history.stdout) as AuditEvent[];
    expect(events.find((e) => e.type === 'ConfigUpdated')!.changes).toContainEqual({
      path: 'raw_config.sip_lines.1.display_name',
      before: 'Alice',
      after: 'Alicia',
    });
    const state = JSON.parse(
      (await direct(['state', MAC, '--at', beforeChange, '--json'])).stdout,
    ) as DeviceStateView;
    expect(state.config).toMatchObject({
      sip_lines: { '1': { display_name: 'Alice', password: '********' } },
    });
    const files = await direct(['files', id, '--at', beforeChange, '--json', '--show-secrets']);
    const view = JSON.parse(files.stdout) as DeviceFilesAt;
    expect(view.summary).toBe('match');
    const file = view.files.find((f) => f.path === FILE)!;
    expect(file.sha256).toBe(fetched[1]);
    expect(file.content).toContain('alice-pw-1');
  });

  it('exports the same JSON lines as the server', async () => {
    const exported = await direct(['events', 'export', '--to', afterFetch]);
    expect(exported.code).toBe(0);
    const restExport = lines(exported.stdout).map((line) => JSON.parse(line) as AuditEvent);
    expect(restExport.length).toBeGreaterThan(10);
    expect(restExport.every((e) => e.recorded_at <= afterFetch)).toBe(true);
    const again = await direct(['events', 'export', '--to', afterFetch, '--json']);
    expect(again.stdout).toBe(exported.stdout);
  });

  it('refuses what is not an event log', async () => {
    const run = await inProcess(['events', 'tail', '--data-dir', join(t.dataDir, 'nothing-here')], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^provd: no event log in /);
  });
});
