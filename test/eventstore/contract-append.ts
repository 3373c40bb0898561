import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/eventstore/envelope.js';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.js';
import type { EventStore, ExpectedRevision } from '../../src/eventstore/port.js';
import { collect, ids, newEvent, newEvents, revisions } from '../support/event-fixtures.js';
import type { ContractOptions, GetContext } from './contract-context.js';

/** The error an append rejected with; fails the test when it did not reject. */
const appendError = async (
  store: EventStore,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<unknown> => {
  try {
    await store.append(stream, events, expected);
  } catch (error) {
    return error;
  }
  throw new Error(`append to ${stream} with expected ${String(expected)} should have been rejected`);
};

const expectWrongRevision = (error: unknown, stream: string, expected: ExpectedRevision, actual: number) => {
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ stream, expected, actual });
};

export const describeAppendContract = (context: GetContext, options: ContractOptions = {}): void => {
  const streamIds = async (stream: string) => ids(await collect(context().store.readStream(stream)));

  describe('append', () => {
    it('creates a stream with no_stream, starting at revision 0', async () => {
      const { store, stream } = context();
      const event = newEvent();
      const result = await store.append(stream('device'), [event], 'no_stream');
      expect(result.revision).toBe(0);
      expect(result.position).toBeGreaterThan(context().startHead);
      expect(await streamIds(stream('device'))).toEqual([event.id]);
    });

    it('refuses no_stream on an existing stream and reports its revision', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(2), 'no_stream');
      const error = await appendError(store, stream('device'), [newEvent()], 'no_stream');
      expectWrongRevision(error, stream('device'), 'no_stream', 1);
    });

    it('appends at the exact revision the stream is at', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(2), 'no_stream');
      const result = await store.append(stream('device'), [newEvent()], 1);
      expect(result.revision).toBe(2);
    });

    it('refuses a stale exact revision and writes nothing', async () => {
      const { store, stream } = context();
      const written = newEvents(3);
      await store.append(stream('device'), written, 'no_stream');
      const headBefore = await store.headPosition();
      const error = await appendError(store, stream('device'), newEvents(2), 1);
      expectWrongRevision(error, stream('device'), 1, 2);
      expect(await streamIds(stream('device'))).toEqual(ids(written));
      expect(await store.headPosition()).toBe(headBefore);
    });

    it('refuses an exact revision on a stream that does not exist (actual -1)', async () => {
      const { store, stream } = context();
      const error = await appendError(store, stream('device'), [newEvent()], 0);
      expectWrongRevision(error, stream('device'), 0, -1);
      expect(await streamIds(stream('device'))).toEqual([]);
    });

    it('refuses stream_exists on a missing stream and accepts it on an existing one', async () => {
      const { store, stream } = context();
      const error = await appendError(store, stream('device'), [newEvent()], 'stream_exists');
      expectWrongRevision(error, stream('device'), 'stream_exists', -1);
      await store.append(stream('device'), [newEvent()], 'any');
      expect((await store.append(stream('device'), [newEvent()], 'stream_exists')).revision).toBe(1);
    });

    it('accepts any on missing and existing streams', async () => {
      const { store, stream } = context();
      expect((await store.append(stream('device'), [newEvent()], 'any')).revision).toBe(0);
      expect((await store.append(stream('device'), [newEvent()], 'any')).revision).toBe(1);
    });

    it('gives the events of one append consecutive revisions and increasing positions', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(2), 'no_stream');
      const result = await store.append(stream('device'), newEvents(5), 1);
      const read = await collect(store.readStream(stream('device')));
      expect(revisions(read)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const appended = read.slice(2);
      for (let i = 1; i < appended.length; i++) {
        expect(appended[i]!.position).toBeGreaterThan(appended[i - 1]!.position);
      }
      expect(result).toEqual({ revision: 6, position: appended.at(-1)!.position });
    });

    it.skipIf(options.storedIdsUnchecked)(
      'writes all or nothing: a failed append leaves no partial events',
      async () => {
        const { store, stream } = context();
        const existing = newEvent();
        await store.append(stream('device'), [existing], 'no_stream');
        const headBefore = await store.headPosition();
        // The third event reuses a stored id, so the append fails after two valid events.
        const batch = [newEvent(), newEvent(), { ...newEvent(), id: existing.id }, newEvent()];
        await expect(store.append(stream('other'), batch, 'no_stream')).rejects.toThrow(existing.id);
        expect(await streamIds(stream('other'))).toEqual([]);
        expect(await store.headPosition()).toBe(headBefore);
        // The stream is still free: the same events (minus the duplicate) can go in.
        const retry = [batch[0]!, batch[1]!, batch[3]!];
        await store.append(stream('other'), retry, 'no_stream');
        expect(await streamIds(stream('other'))).toEqual(ids(retry));
      },
    );

    describe('event ids', () => {
      it.skipIf(options.storedIdsUnchecked)('refuses an id already stored in the same stream', async () => {
        const { store, stream } = context();
        const event = newEvent();
        await store.append(stream('device'), [event], 'no_stream');
        await expect(store.append(stream('device'), [event], 0)).rejects.toThrow(event.id);
        expect(await streamIds(stream('device'))).toEqual([event.id]);
      });

      it.skipIf(options.storedIdsUnchecked)('refuses an id already stored in another stream', async () => {
        const { store, stream } = context();
        const event = newEvent();
        await store.append(stream('device'), [event], 'no_stream');
        await expect(store.append(stream('config'), [event], 'any')).rejects.toThrow(event.id);
        expect(await streamIds(stream('config'))).toEqual([]);
      });

      it('refuses an id repeated within one append', async () => {
        const { store, stream } = context();
        const event = newEvent();
        await expect(store.append(stream('device'), [event, event], 'no_stream')).rejects.toThrow(event.id);
        expect(await streamIds(stream('device'))).toEqual([]);
      });
    });

    describe('with no events', () => {
      it('writes nothing and returns where the stream is', async () => {
        const { store, stream } = context();
        const result = await store.append(stream('device'), newEvents(2), 'no_stream');
        const headBefore = await store.headPosition();
        expect(await store.append(stream('device'), [], 1)).toEqual(result);
        expect(await store.append(stream('device'), [], 'any')).toEqual(result);
        expect(await store.headPosition()).toBe(headBefore);
        expect(await streamIds(stream('device'))).toHaveLength(2);
      });

      it('reports a missing stream as revision -1, position -1', async () => {
        const { store, stream } = context();
        expect(await store.append(stream('device'), [], 'no_stream')).toEqual({ revision: -1, position: -1 });
        expect(await streamIds(stream('device'))).toEqual([]);
      });

      it('still checks the expected revision', async () => {
        const { store, stream } = context();
        await store.append(stream('device'), [newEvent()], 'no_stream');
        const error = await appendError(store, stream('device'), [], 'no_stream');
        expectWrongRevision(error, stream('device'), 'no_stream', 0);
      });
    });

    describe('refuses bad input with a clear error and keeps working', () => {
      it.each([
        ['an empty stream name', '', 'any', /stream/i],
        ['a negative expected revision', 'device', -1, /revision/i],
        ['a fractional expected revision', 'device', 1.5, /revision/i],
        ['an unknown expectation', 'device', 'maybe', /revision/i],
      ])('%s', async (_, base, expected, message) => {
        const { store, stream } = context();
        const name = base === '' ? '' : stream(base as string);
        await expect(store.append(name, [newEvent()], expected as ExpectedRevision)).rejects.toThrow(message);
        await store.append(stream('device'), [newEvent()], 'no_stream');
        expect(await streamIds(stream('device'))).toHaveLength(1);
      });

      it.each([
        ['an id that is not a uuid', { id: 'not-a-uuid' }, /id/],
        ['an empty type', { type: '' }, /type/],
        ['a schema version that is not a positive integer', { schemaVersion: 0 }, /schemaVersion/],
        ['data that is not JSON', { data: undefined }, /data/],
        ['data with a cycle', { data: cyclic() }, /data/],
        ['metadata without a known source', { metadata: { source: 'carrier-pigeon' } }, /source/],
      ])('an event with %s', async (_, override, message) => {
        const { store, stream } = context();
        const bad = { ...newEvent(), ...override } as NewEvent;
        await expect(store.append(stream('device'), [newEvent(), bad], 'any')).rejects.toThrow(message);
        expect(await streamIds(stream('device'))).toEqual([]);
      });

      it('events that are not an array', async () => {
        const { store, stream } = context();
        const notArray = newEvent() as unknown as NewEvent[];
        await expect(store.append(stream('device'), notArray, 'any')).rejects.toThrow(/array/);
      });
    });

    it('gives every append a position after the previous head', async () => {
      const { store, stream } = context();
      const results = [];
      for (const base of ['a', 'b', 'a', 'c', 'b']) {
        results.push(await store.append(stream(base), [newEvent()], 'any'));
        expect(await store.headPosition()).toBe(results.at(-1)!.position);
      }
      const appended = results.map(({ position }) => position);
      expect(appended).toEqual([...appended].sort((a, b) => a - b));
      expect(new Set(appended).size).toBe(appended.length);
    });
  });

  describe('close', () => {
    it('can be called twice and refuses work afterwards', async () => {
      const { store, stream } = context();
      await store.close();
      await store.close();
      await expect(store.append(stream('device'), [newEvent()], 'any')).rejects.toThrow(/closed/);
      await expect(collect(store.readStream(stream('device')))).rejects.toThrow(/closed/);
      await expect(store.headPosition()).rejects.toThrow(/closed/);
    });
  });
};

function cyclic(): unknown {
  const node: { self?: unknown } = {};
  node.self = node;
  return node;
}
