import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../src/eventstore/envelope.js';

const SYSTEM: EventMetadata = { source: 'system' };

/** A new event with a fresh id; `data` defaults to something that tells events apart. */
export const newEvent = (
  type = 'Something',
  data: unknown = { n: Math.random() },
  metadata = SYSTEM,
): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata,
});

export const newEvents = (count: number, type = 'Something'): NewEvent[] =>
  Array.from({ length: count }, (_, index) => newEvent(type, { index }));

export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

export const ids = (events: readonly { readonly id: string }[]): string[] => events.map(({ id }) => id);
export const revisions = (events: readonly RecordedEvent[]): number[] =>
  events.map(({ revision }) => revision);
export const positions = (events: readonly RecordedEvent[]): number[] =>
  events.map(({ position }) => position);
