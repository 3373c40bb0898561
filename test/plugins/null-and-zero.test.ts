import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SUPPORT } from '../../src/plugin-runtime/contract.js';
import { device, loadShippedPlugin } from './support/plugins.js';
import { describeVector, identVectors, toRequest } from './support/vectors.js';

const nullPlugin = await loadShippedPlugin('null');
const zeroPlugin = await loadShippedPlugin('zero');

describe.each([
  ['null', nullPlugin],
  ['zero', zeroPlugin],
])('the %s plugin', (_, plugin) => {
  it('identifies no request of ident-vectors.json', () => {
    const claimed = identVectors.filter((row) => plugin.module.identify(toRequest(row)) !== undefined);
    expect(claimed.map(describeVector)).toEqual([]);
  });

  it('claims no device and configures nothing', () => {
    const dev = device({ mac: '00:15:65:12:ab:cd', vendor: 'Yealink', model: 'T46S' });
    expect(plugin.module.associate({ vendor: 'Yealink', model: 'T46S' })).toBe(SUPPORT.NONE);
    expect(plugin.module.renderCommon({})).toEqual([]);
    expect(plugin.module.renderDevice({ device: dev, rawConfig: {} })).toEqual([]);
    expect(plugin.module.triggerFilename(dev)).toBeUndefined();
    expect(plugin.module.isSensitive('00156512abcd.cfg')).toBe(false);
    expect(plugin.module.synchronize(dev, {}).kind).toBe('unsupported');
  });
});

describe('what the host serves', () => {
  it('nothing for null: no protocol, no doc root', async () => {
    expect(nullPlugin.manifest.serves).toEqual([]);
    await expect(access(nullPlugin.docRoot)).rejects.toThrow();
  });

  it('the files/ folder of zero, over HTTP and TFTP', async () => {
    expect(zeroPlugin.manifest.serves).toEqual(['http', 'tftp']);
    await expect(access(`${zeroPlugin.docRoot}/README.txt`)).resolves.toBeUndefined();
  });
});
