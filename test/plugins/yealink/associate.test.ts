import { describe, expect, it } from 'vitest';
import { SUPPORT } from '../../../src/plugin-runtime/contract.js';
import { loadShippedPlugin } from '../support/plugins.js';

const { module: yealink } = await loadShippedPlugin('yealink');

describe('Yealink association levels', () => {
  it.each([
    [
      'known model at its family target firmware',
      { vendor: 'Yealink', model: 'T46U', version: '108.86.0.90' },
      SUPPORT.EXACT,
    ],
    ['T3x at its target', { vendor: 'Yealink', model: 'T34W', version: '124.86.0.75' }, SUPPORT.EXACT],
    ['T5x at its target', { vendor: 'Yealink', model: 'T54W', version: '96.87.0.15' }, SUPPORT.EXACT],
    [
      'known model, other firmware',
      { vendor: 'Yealink', model: 'T31G', version: '124.85.257.55' },
      SUPPORT.COMPLETE,
    ],
    ['known model, no version', { vendor: 'Yealink', model: 'T46S' }, SUPPORT.COMPLETE],
    [
      'Yealink, unknown model',
      { vendor: 'Yealink', model: 'W90DM', version: '130.87.0.10' },
      SUPPORT.PROBABLE,
    ],
    ['Yealink, no model', { vendor: 'Yealink', mac: '00:15:65:12:34:56' }, SUPPORT.PROBABLE],
    ['another vendor', { vendor: 'Snom', model: 'D785' }, SUPPORT.IMPROBABLE],
    ['no vendor', { mac: '00:15:65:12:34:56' }, SUPPORT.UNKNOWN],
  ])('%s', (_, info, score) => {
    expect(yealink.associate(info)).toBe(score);
  });
});
