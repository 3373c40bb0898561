import { describe, expect, it } from 'vitest';
import { allKnownModels } from '../../../plugins/yealink/models.js';
import { loadShippedPlugin } from '../support/plugins.js';

const { manifest } = await loadShippedPlugin('yealink');

describe('plugin.json capabilities', () => {
  it('list exactly the models of models.ts, with their target firmware and counts', () => {
    const fromModels = Object.fromEntries(
      allKnownModels().map((m) => [
        `Yealink, ${m.model}, ${m.family.firmware}`,
        {
          lines: m.spec.accounts,
          function_keys: m.spec.lineKeys,
          expansion_modules: m.spec.expansion?.maxModules ?? 0,
          type: 'deskphone',
          protocol: 'sip',
        },
      ]),
    );
    expect(manifest.capabilities).toEqual(fromModels);
  });

  it('serve the doc root over HTTP only', () => {
    expect(manifest.serves).toEqual(['http']);
  });
});
