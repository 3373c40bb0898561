import { KurrentDbEventStore } from '../../src/adapters/eventstore/kurrentdb/kurrentdb-event-store.js';
import { describeEventStoreContract } from './contract.js';
import { FakeKurrentServer } from './kurrentdb-fake-server.js';

// The shared contract against the KurrentDB adapter on a simulated server. It runs in CI and
// checks the adapter's own logic; whether a real server behaves like the simulation is only
// checked by kurrentdb.test.ts, with KURRENTDB_URL set.
describeEventStoreContract(
  'KurrentDB adapter on a simulated server',
  async (clock) => {
    // The simulation stamps events with the injected clock, so the clock tests run here.
    const store = new KurrentDbEventStore(new FakeKurrentServer(clock).client());
    return { store, cleanup: () => store.close() };
  },
  // Like the real server, the simulation does not refuse an id stored by an earlier append.
  { storedIdsUnchecked: true },
);
