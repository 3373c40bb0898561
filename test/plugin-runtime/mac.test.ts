import { describe, expect, it } from 'vitest';
import { compactMac, normalizeMac } from '../../src/plugin-runtime/mac.js';

describe('normalizeMac / compactMac', () => {
  it.each([
    ['00:15:65:12:AB:CD', '00:15:65:12:ab:cd'],
    ['00-15-65-12-ab-cd', '00:15:65:12:ab:cd'],
    ['0015.6512.abcd', '00:15:65:12:ab:cd'],
    ['00156512ABCD', '00:15:65:12:ab:cd'],
  ])('%s → %s', (input, normalized) => {
    expect(normalizeMac(input)).toBe(normalized);
    expect(compactMac(input)).toBe('00156512abcd');
  });

  it.each([
    '',
    '00:15:65:12:ab',
    '00:15-65:12:ab:cd',
    '0015651zabcd',
    '28.1.0.128.0.0.0',
    '00:15:65:12:ab:cd:ef',
  ])('rejects %j', (input) => {
    expect(normalizeMac(input)).toBeUndefined();
  });
});
