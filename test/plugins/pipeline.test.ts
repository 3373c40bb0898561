import { describe, expect, it } from 'vitest';
import { choosePlugin, scorePlugins } from '../../src/plugin-runtime/association.js';
import { extractInfo } from '../../src/plugin-runtime/identification.js';
import { silentLogger } from '../../src/plugin-runtime/logger.js';
import { loadShippedPlugin } from './support/plugins.js';
import { describeVector, identVectors, toRequest, VECTOR_CLIENT_IP } from './support/vectors.js';

const shipped = await Promise.all(['null', 'zero', 'test', 'yealink'].map(loadShippedPlugin));

const chosenFor = (row: (typeof identVectors)[number]) => {
  const info = extractInfo(toRequest(row), shipped, silentLogger);
  return { info, chosen: choosePlugin(scorePlugins(shipped, info, silentLogger))?.pluginId };
};

describe('identification and association with every shipped plugin loaded', () => {
  it.each(identVectors.filter((r) => r.vendor === 'Yealink').map((r) => [describeVector(r), r] as const))(
    'Yealink %s → yealink',
    (_, row) => {
      const { info, chosen } = chosenFor(row);
      expect(info.ip).toBe(VECTOR_CLIENT_IP);
      expect(chosen).toBe('yealink');
    },
  );

  it('associates no plugin to the devices of other vendors', () => {
    const claimed = identVectors.filter((r) => r.vendor !== 'Yealink' && chosenFor(r).chosen !== undefined);
    expect(claimed.map(describeVector)).toEqual([]);
  });
});
