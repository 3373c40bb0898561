import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CorruptEventError,
  EventStoreClosedError,
  InvalidEventStoreInputError,
} from '../../src/adapters/eventstore/common/errors.js';
import {
  isSystemEvent,
  type KurrentRecord,
  toEventData,
  toRecordedEvent,
} from '../../src/adapters/eventstore/kurrentdb/event-mapping.js';
import {
  fromKurrentMetadata,
  toKurrentMetadata,
} from '../../src/adapters/eventstore/kurrentdb/event-metadata.js';
import {
  toActualRevision,
  toStreamState,
  toWrongExpectedRevision,
} from '../../src/adapters/eventstore/kurrentdb/expected-revision.js';
import { KurrentDbEventStore } from '../../src/adapters/eventstore/kurrentdb/kurrentdb-event-store.js';
import {
  toGlobalPosition,
  toReadPosition,
  toRevisionNumber,
} from '../../src/adapters/eventstore/kurrentdb/positions.js';
import { EVENT_SOURCES, type EventMetadata } from '../../src/eventstore/envelope.js';
import { isWrongExpectedRevision, WrongExpectedRevisionError } from '../../src/eventstore/errors.js';
import { collect, newEvent } from '../support/event-fixtures.js';

// Pure conversions of the KurrentDB adapter; they need no server and always run.

const FULL_METADATA: EventMetadata = {
  source: 'phone-http',
  actor: { tokenId: 'token-1', tenantUuid: 'tenant-1', userUuid: 'user-1' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  clientIp: '10.0.0.7',
};

/** What the server hands back after storing metadata: JSON text parsed again. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const record = (overrides: Partial<KurrentRecord> = {}): KurrentRecord => ({
  streamId: 'device-1',
  id: randomUUID(),
  type: 'DeviceDiscovered',
  revision: 3n,
  created: new Date('2024-03-01T12:00:00.000Z'),
  isJson: true,
  data: { mac: '00:11:22:33:44:55' },
  metadata: { schemaVersion: 2, source: 'dhcp' },
  position: { commit: 4096n, prepare: 4096n },
  ...overrides,
});

describe('KurrentDB event metadata', () => {
  it('stores the schema version beside our metadata and mirrors correlation ids under $ names', () => {
    expect(toKurrentMetadata(3, FULL_METADATA)).toStrictEqual({
      schemaVersion: 3,
      source: 'phone-http',
      actor: { tokenId: 'token-1', tenantUuid: 'tenant-1', userUuid: 'user-1' },
      correlationId: 'corr-1',
      $correlationId: 'corr-1',
      causationId: 'cause-1',
      $causationId: 'cause-1',
      clientIp: '10.0.0.7',
    });
  });

  it('leaves absent fields out instead of writing them as null', () => {
    expect(toKurrentMetadata(1, { source: 'system' })).toStrictEqual({ schemaVersion: 1, source: 'system' });
  });

  it('reads back exactly what it wrote, for any metadata', () => {
    const optional = fc.option(fc.string(), { nil: undefined });
    const metadata = fc.record(
      {
        source: fc.constantFrom(...EVENT_SOURCES),
        actor: fc.record(
          { tokenId: fc.string(), tenantUuid: fc.string(), userUuid: fc.string() },
          { requiredKeys: [] },
        ),
        correlationId: optional,
        causationId: optional,
        clientIp: optional,
      },
      { requiredKeys: ['source'] },
    );
    fc.assert(
      fc.property(metadata, fc.integer({ min: 1, max: 1000 }), (original, schemaVersion) => {
        const read = fromKurrentMetadata(throughJson(toKurrentMetadata(schemaVersion, original)));
        expect(read).toEqual({ ok: true, schemaVersion, metadata: original });
      }),
    );
  });

  it('falls back to the $ names when only those are present', () => {
    const read = fromKurrentMetadata({
      schemaVersion: 1,
      source: 'api',
      $correlationId: 'c',
      $causationId: 'd',
    });
    expect(read).toStrictEqual({
      ok: true,
      schemaVersion: 1,
      metadata: { source: 'api', correlationId: 'c', causationId: 'd' },
    });
  });

  it.each([
    ['not an object', 'hello', /not a JSON object/],
    ['an array', [], /not a JSON object/],
    ['without schema version', { source: 'api' }, /schemaVersion/],
    ['with schema version 0', { schemaVersion: 0, source: 'api' }, /schemaVersion/],
    ['with a fractional schema version', { schemaVersion: 1.5, source: 'api' }, /schemaVersion/],
    ['with an unknown source', { schemaVersion: 1, source: 'fax' }, /source/],
  ])('refuses metadata %s', (_, raw, reason) => {
    const read = fromKurrentMetadata(raw);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(reason);
  });
});

describe('KurrentDB expected revision', () => {
  it('maps each expectation to a stream state', () => {
    expect(toStreamState('any')).toBe('any');
    expect(toStreamState('no_stream')).toBe('no_stream');
    expect(toStreamState('stream_exists')).toBe('stream_exists');
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
  });

  it('reads the actual state as the last revision, -1 when there is no event', () => {
    expect(toActualRevision('no_stream')).toBe(-1);
    expect(toActualRevision(0n)).toBe(0);
    expect(toActualRevision(12n)).toBe(12);
    // A deleted stream reports a negative marker.
    expect(toActualRevision(-5n)).toBe(-1);
  });

  it('turns the client conflict error into the port one, keeping what the caller expected', () => {
    const clientError = new WrongExpectedVersionError(undefined, {
      streamName: 'device-1',
      expected: 3n,
      current: 5n,
    });
    const error = toWrongExpectedRevision('device-1', 3, clientError);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(isWrongExpectedRevision(error)).toBe(true);
    expect(error).toMatchObject({ stream: 'device-1', expected: 3, actual: 5 });
  });

  it('reports a missing stream as actual -1', () => {
    const clientError = new WrongExpectedVersionError(undefined, {
      streamName: 'device-2',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(toWrongExpectedRevision('device-2', 'stream_exists', clientError)).toMatchObject({
      expected: 'stream_exists',
      actual: -1,
    });
  });
});

describe('KurrentDB positions and revisions', () => {
  it('uses the commit position as the global position', () => {
    expect(toGlobalPosition({ commit: 1234n, prepare: 1234n })).toBe(1234);
    expect(toGlobalPosition(0n)).toBe(0);
    expect(toGlobalPosition(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses positions and revisions a number cannot hold exactly', () => {
    expect(() => toGlobalPosition(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => toGlobalPosition(-1n)).toThrow(RangeError);
    expect(() => toRevisionNumber(2n ** 64n - 1n)).toThrow(RangeError);
  });

  it('rebuilds a read position with commit and prepare equal', () => {
    expect(toReadPosition(4096)).toStrictEqual({ commit: 4096n, prepare: 4096n });
  });

  it('converts revisions', () => {
    expect(toRevisionNumber(0n)).toBe(0);
    expect(toRevisionNumber(17n)).toBe(17);
  });
});

describe('KurrentDB event mapping', () => {
  it('recognises KurrentDB system events by stream or type', () => {
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: '$$device-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$ce-device', type: 'DeviceDiscovered' })).toBe(true);
    expect(isSystemEvent({ streamId: 'device-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'device-1', type: 'DeviceDiscovered' })).toBe(false);
    expect(isSystemEvent({ streamId: 'device-$1', type: 'Price$Set' })).toBe(false);
  });

  it('writes our id, type, data and metadata as a JSON event', () => {
    const event = newEvent('DeviceDiscovered', { mac: 'aa' }, { source: 'api', correlationId: 'c' });
    expect(toEventData(event)).toStrictEqual({
      id: event.id,
      contentType: 'application/json',
      type: 'DeviceDiscovered',
      data: { mac: 'aa' },
      metadata: { schemaVersion: 1, source: 'api', correlationId: 'c', $correlationId: 'c' },
    });
  });

  it('reads a recorded event with the commit position and the server timestamp', () => {
    const input = record();
    expect(toRecordedEvent(input)).toStrictEqual({
      id: input.id,
      type: 'DeviceDiscovered',
      schemaVersion: 2,
      stream: 'device-1',
      revision: 3,
      position: 4096,
      recordedAt: new Date('2024-03-01T12:00:00.000Z'),
      data: { mac: '00:11:22:33:44:55' },
      metadata: { source: 'dhcp' },
    });
  });

  it('uses the position sent beside the event when the event has none', () => {
    expect(toRecordedEvent(record({ position: undefined }), 777n).position).toBe(777);
  });

  it('fails clearly when the server sends no position at all (EventStoreDB before 22.6)', () => {
    expect(() => toRecordedEvent(record({ position: undefined }))).toThrow(/22\.6/);
  });

  it('reports binary events and events without our metadata as corrupt, naming the position', () => {
    const binary = () => toRecordedEvent(record({ isJson: false, data: new Uint8Array([1]) }));
    expect(binary).toThrow(CorruptEventError);
    expect(binary).toThrow(/position 4096/);
    expect(() => toRecordedEvent(record({ metadata: undefined }))).toThrow(CorruptEventError);
    expect(() => toRecordedEvent(record({ metadata: { source: 'api' } }))).toThrow(/schemaVersion/);
  });
});

describe('KurrentDbEventStore without a server', () => {
  // The client parses the connection string at once but connects on first use, so none of
  // these touch the network.
  const URL = 'kurrentdb://localhost:2113?tls=false';

  it('refuses a malformed connection string at construction', () => {
    expect(() => new KurrentDbEventStore('http://localhost:2113')).toThrow();
  });

  it('rejects bad input before any I/O, with the same errors as the local stores', async () => {
    const store = new KurrentDbEventStore(URL);
    try {
      await expect(store.append('$system', [newEvent()], 'any')).rejects.toThrow(InvalidEventStoreInputError);
      await expect(store.append('device-1', [newEvent()], -2)).rejects.toThrow(InvalidEventStoreInputError);
      const notUuid = { ...newEvent(), id: 'not-a-uuid' };
      await expect(store.append('device-1', [notUuid], 'any')).rejects.toThrow(InvalidEventStoreInputError);
      await expect(collect(store.readStream('$all'))).rejects.toThrow(InvalidEventStoreInputError);
      await expect(collect(store.readAll({ limit: -1 }))).rejects.toThrow(InvalidEventStoreInputError);
      expect(() => store.subscribe({ after: 1.5 }, { onEvent: () => {} })).toThrow(
        InvalidEventStoreInputError,
      );
    } finally {
      await store.close();
    }
  });

  it('refuses every call once closed, and closes only once', async () => {
    const store = new KurrentDbEventStore(URL);
    await store.close();
    await store.close();
    await expect(store.append('device-1', [newEvent()], 'any')).rejects.toThrow(EventStoreClosedError);
    await expect(collect(store.readStream('device-1'))).rejects.toThrow(EventStoreClosedError);
    await expect(collect(store.readAll())).rejects.toThrow(EventStoreClosedError);
    await expect(store.headPosition()).rejects.toThrow(EventStoreClosedError);
    expect(() => store.subscribe({}, { onEvent: () => {} })).toThrow(EventStoreClosedError);
  });
});
