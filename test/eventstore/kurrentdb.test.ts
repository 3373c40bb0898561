import { KurrentDbEventStore } from '../../src/adapters/eventstore/kurrentdb/kurrentdb-event-store.js';
import { describeEventStoreContract } from './contract.js';

/**
 * The shared contract against a real KurrentDB server, e.g.
 *   docker compose up -d kurrentdb
 *   KURRENTDB_URL='kurrentdb://localhost:2113?tls=false' npm test
 * Without KURRENTDB_URL the suite is reported as skipped: CI has no server.
 *
 * A server keeps its data between runs, so the contract names every stream after a random
 * per-test tag and reads $all only from the head it saw when the test started.
 */
const url = process.env.KURRENTDB_URL;

describeEventStoreContract(
  'KurrentDB',
  // The server stamps recorded times itself: the injected clock has nothing to drive.
  async () => {
    const store = new KurrentDbEventStore(url ?? '');
    return { store, cleanup: () => store.close() };
  },
  {
    skip: url ? undefined : 'KURRENTDB_URL is not set, no KurrentDB server to test against',
    serverClock: true,
    sharedServer: true,
    storedIdsUnchecked: true,
  },
);
