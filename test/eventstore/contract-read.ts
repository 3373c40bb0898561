import { describe, expect, it } from 'vitest';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../src/eventstore/envelope.js';
import { collect, ids, newEvent, newEvents, positions, revisions } from '../support/event-fixtures.js';
import { sleep } from '../support/wait-for.js';
import type { ContractOptions, GetContext } from './contract-context.js';

const FULL_METADATA: EventMetadata = {
  source: 'phone-http',
  actor: {
    tokenId: '7b1d2a4e-0d65-4f4e-9a38-4b1c2f3e5d60',
    tenantUuid: '0f4c8d0e-5a7b-4c1d-8e2f-3a4b5c6d7e8f',
    userUuid: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
  },
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: 'c0ffee00-0000-4000-8000-000000000002',
  clientIp: '10.0.0.42',
};

const RICH_DATA = {
  mac: '00:11:22:33:44:55',
  nested: { list: [1, 'two', null, true, { deep: { deeper: [[]] } }], empty: {} },
  unicode: 'héllo wörld ☎ 日本語 🎉 \u0000 \u2028',
  escapes: `"quotes" 'single' \\ back\nslash\ttab`,
  numbers: [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER],
  large: 'x'.repeat(1_000_000),
};

/** Tries to change a read event in place; frozen events throw, which is fine too. */
const tamper = (event: RecordedEvent): void => {
  try {
    (event.data as { mac: string }).mac = 'tampered';
    (event.metadata as { source: string }).source = 'tampered';
  } catch {
    // Frozen: the store refused the mutation outright.
  }
};

export const describeReadContract = (context: GetContext, options: ContractOptions = {}): void => {
  /** $all from the test's start, keeping only the test's own events. */
  const readMine = async (range: { after?: number; limit?: number } = {}) => {
    const { store, startHead, isMine } = context();
    const events = await collect(store.readAll({ after: startHead, ...range }));
    return events.filter(isMine);
  };

  describe('readStream', () => {
    it('reads a stream in revision order', async () => {
      const { store, stream } = context();
      const first = newEvents(3);
      const second = newEvents(2);
      await store.append(stream('device'), first, 'no_stream');
      await store.append(stream('other'), [newEvent()], 'no_stream');
      await store.append(stream('device'), second, 2);
      const read = await collect(store.readStream(stream('device')));
      expect(ids(read)).toEqual(ids([...first, ...second]));
      expect(revisions(read)).toEqual([0, 1, 2, 3, 4]);
      expect(read.every((event) => event.stream === stream('device'))).toBe(true);
    });

    it('reads an unknown stream as empty', async () => {
      const { store, stream } = context();
      expect(await collect(store.readStream(stream('nobody')))).toEqual([]);
    });

    it('honours fromRevision and toRevision (both inclusive)', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(6), 'no_stream');
      const read = (options: { fromRevision?: number; toRevision?: number }) =>
        collect(store.readStream(stream('device'), options)).then(revisions);
      expect(await read({ fromRevision: 2 })).toEqual([2, 3, 4, 5]);
      expect(await read({ toRevision: 2 })).toEqual([0, 1, 2]);
      expect(await read({ fromRevision: 1, toRevision: 3 })).toEqual([1, 2, 3]);
      expect(await read({ fromRevision: 3, toRevision: 3 })).toEqual([3]);
      expect(await read({ fromRevision: 6 })).toEqual([]);
      expect(await read({ fromRevision: 4, toRevision: 2 })).toEqual([]);
    });

    it('with until, reads only events recorded at or before that instant', async () => {
      const { store, stream, clock } = context();
      // Let time pass between appends: by hand, or for real when the store has its own clock.
      const pause = async () => (options.serverClock ? sleep(20) : clock.advance(60_000));
      const t0 = clock.now();
      await store.append(stream('device'), newEvents(2), 'no_stream');
      const t1 = await pause();
      await store.append(stream('device'), [newEvent()], 1);
      const t2 = await pause();
      await store.append(stream('device'), newEvents(2), 2);
      const [first, second, third, , last] = await collect(store.readStream(stream('device')));
      if (!options.serverClock) {
        expect([first, second, third, last].map((event) => event!.recordedAt)).toEqual([t0, t0, t1, t2]);
      }
      // Work from the recorded times, so a store with its own clock is held to the same rule.
      const until = (date: Date) =>
        collect(store.readStream(stream('device'), { until: date })).then(revisions);
      const justBefore = (date: Date) => new Date(date.getTime() - 1);
      expect(await until(justBefore(first!.recordedAt))).toEqual([]);
      expect(await until(second!.recordedAt)).toEqual([0, 1]);
      expect(await until(justBefore(third!.recordedAt))).toEqual([0, 1]);
      expect(await until(third!.recordedAt)).toEqual([0, 1, 2]);
      expect(await until(last!.recordedAt)).toEqual([0, 1, 2, 3, 4]);
      const limited = store.readStream(stream('device'), { until: third!.recordedAt, fromRevision: 1 });
      expect(revisions(await collect(limited))).toEqual([1, 2]);
    });

    it('refuses bad options with a clear error', async () => {
      const { store, stream } = context();
      await expect(collect(store.readStream(stream('device'), { fromRevision: -1 }))).rejects.toThrow(
        /fromRevision/,
      );
      await expect(
        collect(store.readStream(stream('device'), { until: new Date(Number.NaN) })),
      ).rejects.toThrow(/until/);
      await expect(collect(store.readStream(''))).rejects.toThrow(/stream/);
    });
  });

  describe('readAll', () => {
    it('reads every stream in global append order with increasing positions', async () => {
      const { store, stream } = context();
      const appended: NewEvent[] = [];
      for (const base of ['device', 'config', 'device', 'plugin', 'config']) {
        const events = newEvents(2);
        await store.append(stream(base), events, 'any');
        appended.push(...events);
      }
      const read = await readMine();
      expect(ids(read)).toEqual(ids(appended));
      const all = positions(read);
      expect(all).toEqual([...all].sort((a, b) => a - b));
      expect(new Set(all).size).toBe(all.length);
    });

    it('starts strictly after the given position', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(3), 'no_stream');
      const { position } = await store.append(stream('config'), newEvents(2), 'no_stream');
      const third = (await readMine())[2]!;
      const after = await readMine({ after: third.position });
      expect(after.map((event) => event.stream)).toEqual([stream('config'), stream('config')]);
      expect(after.at(-1)!.position).toBe(position);
      expect(await readMine({ after: position })).toEqual([]);
    });

    it('stops after limit events', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(5), 'no_stream');
      const everything = await readMine();
      expect(ids(await readMine({ limit: 2 }))).toEqual(ids(everything.slice(0, 2)));
      expect(ids(await readMine({ after: everything[1]!.position, limit: 2 }))).toEqual(
        ids(everything.slice(2, 4)),
      );
      expect(await readMine({ limit: 0 })).toEqual([]);
      expect(await readMine({ limit: 100 })).toHaveLength(5);
    });

    it('refuses a negative limit', async () => {
      const { store } = context();
      await expect(collect(store.readAll({ limit: -1 }))).rejects.toThrow(/limit/);
    });
  });

  describe('envelope', () => {
    it('round-trips every field, including nested, unicode and large data', async () => {
      const { store, stream, clock } = context();
      const recordedAt = clock.advance(1234);
      const event: NewEvent = {
        id: '5f0c6f0e-8f43-4a51-9c4e-0e1a2b3c4d5e',
        type: 'DeviceInfoChanged',
        schemaVersion: 3,
        data: RICH_DATA,
        metadata: FULL_METADATA,
      };
      const { position } = await store.append(stream('device'), [event], 'no_stream');
      const [fromStream] = await collect(store.readStream(stream('device')));
      const [fromAll] = await readMine();
      const expected: RecordedEvent = {
        ...event,
        stream: stream('device'),
        revision: 0,
        position,
        recordedAt: options.serverClock ? fromStream!.recordedAt : recordedAt,
      };
      expect(fromStream).toStrictEqual(expected);
      expect(fromAll).toStrictEqual(expected);
      expect(fromStream!.recordedAt).toBeInstanceOf(Date);
    });

    it('keeps minimal metadata minimal and stores scalar data as is', async () => {
      const { store, stream } = context();
      const scalars = [null, 42, 'text', [1, 2]];
      await store.append(
        stream('device'),
        scalars.map((data) => newEvent('Scalar', data)),
        'no_stream',
      );
      const read = await collect(store.readStream(stream('device')));
      expect(read.map((event) => event.data)).toStrictEqual(scalars);
      expect(read.map((event) => event.metadata)).toStrictEqual(scalars.map(() => ({ source: 'system' })));
    });

    it('is not changed by callers mutating what they appended or read', async () => {
      const { store, stream } = context();
      const data = { mac: '00:11:22:33:44:55' };
      const metadata = { source: 'api' as const };
      await store.append(stream('device'), [newEvent('DeviceCreated', data, metadata)], 'no_stream');
      data.mac = 'changed after append';
      (metadata as { source: string }).source = 'changed after append';
      tamper((await collect(store.readStream(stream('device'))))[0]!);
      tamper((await readMine())[0]!);
      const [reread] = await collect(store.readStream(stream('device')));
      expect(reread!.data).toEqual({ mac: '00:11:22:33:44:55' });
      expect(reread!.metadata).toEqual({ source: 'api' });
    });
  });

  describe('headPosition', () => {
    it.skipIf(options.sharedServer)('is -1 on an empty store', async () => {
      expect(await context().store.headPosition()).toBe(-1);
    });

    it('is the position of the last appended event', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(2), 'no_stream');
      const { position } = await store.append(stream('config'), newEvents(3), 'no_stream');
      expect(await store.headPosition()).toBe(position);
      expect((await readMine()).at(-1)!.position).toBe(position);
    });
  });
};
