import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { runConfigCommand } from '../aggregates.js';
import { defaultConfigs } from './default-configs.js';

const SYSTEM: EventMetadata = { source: 'system' };

const randomText = (length: number): string => {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
};

/**
 * Creates the default configs as ordinary events, each only if its stream is still empty: an
 * admin's later changes are never overwritten by a restart. Returns the last position written.
 */
export const seedDefaultConfigs = async (
  store: EventStore,
  hosts: { readonly serverHost: string; readonly sipProxy: string },
): Promise<number | undefined> => {
  let position: number | undefined;
  const configs = defaultConfigs({ ...hosts, autoprovSuffix: randomText(8), adminPassword: randomText(12) });
  for (const { id, config } of configs) {
    const result = await runConfigCommand(store, { type: 'CreateConfig', configId: id, config }, SYSTEM);
    if (E.isRight(result)) position = result.right.position ?? position;
    else if (result.left.code !== 'already_exists') {
      throw new Error(`seeding config ${id} failed: ${result.left.message}`);
    }
  }
  return position;
};
