import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe } from 'vitest';
import type { EventStore } from '../../src/eventstore/port.js';
import { ManualClock } from '../support/manual-clock.js';
import { describeAppendContract } from './contract-append.js';
import type { ContractContext, ContractOptions } from './contract-context.js';
import { describeReadContract } from './contract-read.js';
import { describeSubscribeContract } from './contract-subscribe.js';

export type { ContractOptions } from './contract-context.js';

/**
 * Builds a fresh, empty store whose recorded times come from `clock`. `cleanup` must close the
 * store (it may already be closed) and release whatever it holds (files, connections).
 */
export type EventStoreFactory = (
  clock: () => Date,
) => Promise<{ readonly store: EventStore; readonly cleanup: () => Promise<void> }>;

/**
 * The behaviour every EventStore adapter must share. Each test writes to streams named after a
 * per-test tag and reads $all from the head it saw first, so an adapter backed by a shared
 * server can run it too (see ContractOptions for what such an adapter may skip).
 */
export const describeEventStoreContract = (
  name: string,
  factory: EventStoreFactory,
  options: ContractOptions = {},
): void => {
  const suite = options.skip ? describe.skip : describe;
  const title = options.skip
    ? `${name} event store contract (skipped: ${options.skip})`
    : `${name} event store contract`;

  suite(title, () => {
    let context: ContractContext | undefined;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const clock = new ManualClock();
      const created = await factory(clock.now);
      cleanup = created.cleanup;
      const tag = randomUUID().slice(0, 8);
      context = {
        store: created.store,
        clock,
        stream: (base) => `${base}-${tag}`,
        isMine: (event) => event.stream.endsWith(`-${tag}`),
        startHead: await created.store.headPosition(),
      };
    });

    afterEach(async () => {
      await cleanup?.();
      context = undefined;
      cleanup = undefined;
    });

    const current = (): ContractContext => {
      if (!context) throw new Error('contract context used outside a test');
      return context;
    };
    describeAppendContract(current, options);
    describeReadContract(current, options);
    describeSubscribeContract(current);
  });
};
