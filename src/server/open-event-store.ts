import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KurrentDbEventStore } from '../adapters/eventstore/kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from '../adapters/eventstore/sqlite/sqlite-event-store.js';
import type { ServerConfig } from '../config/server-config.js';
import type { EventStore } from '../eventstore/port.js';

/** The embedded SQLite log lives in the data dir; a connection string selects KurrentDB instead. */
export const openEventStore = (config: ServerConfig): { store: EventStore; description: string } => {
  if (config.eventStore === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    const path = join(config.dataDir, 'events.db');
    return { store: new SqliteEventStore({ path }), description: `sqlite:${path}` };
  }
  return {
    store: new KurrentDbEventStore(config.eventStore),
    description: redactCredentials(config.eventStore),
  };
};

/** Connection strings may carry a password: never log it. */
export const redactCredentials = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');
