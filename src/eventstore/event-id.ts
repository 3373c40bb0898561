import { randomBytes } from 'node:crypto';

/**
 * A new event id: a UUID version 7 (RFC 9562), whose first 48 bits are the Unix time in
 * milliseconds. Any uuid is a valid event id; time-ordered ones keep the store's unique index on
 * ids append-mostly, where random ones scatter every append across the whole index (measured on
 * SQLite: 100-event appends ran 3.5 times slower with random ids on a 200k-event log).
 */
export const newEventId = (now: number = Date.now()): string => {
  const bytes = randomBytes(16);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
