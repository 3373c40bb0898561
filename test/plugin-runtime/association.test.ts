import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choosePlugin, compareVersions, scorePlugins } from '../../src/plugin-runtime/association.js';
import { SUPPORT } from '../../src/plugin-runtime/contract.js';
import { recordingLogger, stubPlugin } from './support/stubs.js';

describe('compareVersions', () => {
  it.each([
    ['1.10.0', '1.9.2'],
    ['10.1.215.13', '8.9.3.80'],
    ['0.10', '0.9'],
    ['2', '1.99.99'],
    ['1.2.3', '1.2.3-dev1'],
    ['1.2.3-dev2', '1.2.3-dev1'],
    ['1.2.1', '1.2'],
  ])('%s > %s', (greater, smaller) => {
    expect(compareVersions(greater, smaller)).toBeGreaterThan(0);
    expect(compareVersions(smaller, greater)).toBeLessThan(0);
  });

  it.each([
    ['1.0', '1.0.0'],
    ['1.2.3', '1.2.3'],
    ['01.2', '1.2'],
  ])('%s = %s', (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
  });

  const version = fc
    .array(fc.oneof(fc.nat(200).map(String), fc.constantFrom('3-dev1', 'x', '')), {
      minLength: 1,
      maxLength: 4,
    })
    .map((segments) => segments.join('.'));

  it('is a consistent order: antisymmetric and transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(compareVersions(a, b))).toBe(-Math.sign(compareVersions(b, a)) || 0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) {
          expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});

describe('choosePlugin', () => {
  it('takes the highest score', () => {
    const chosen = choosePlugin([
      { pluginId: 'a', version: '9.0', score: SUPPORT.PROBABLE },
      { pluginId: 'b', version: '1.0', score: SUPPORT.EXACT },
      { pluginId: 'c', version: '5.0', score: SUPPORT.COMPLETE },
    ]);
    expect(chosen?.pluginId).toBe('b');
  });

  it('needs at least PROBABLE (300)', () => {
    expect(choosePlugin([{ pluginId: 'a', version: '1', score: 299 }])).toBeUndefined();
    expect(choosePlugin([{ pluginId: 'a', version: '1', score: 300 }])?.pluginId).toBe('a');
    expect(choosePlugin([])).toBeUndefined();
  });

  it('breaks ties by version, numerically (not by string order)', () => {
    const scores = [
      { pluginId: 'yealink-b', version: '1.9.2', score: SUPPORT.COMPLETE },
      { pluginId: 'yealink-a', version: '1.10.0', score: SUPPORT.COMPLETE },
    ];
    expect(choosePlugin(scores)?.pluginId).toBe('yealink-a');
    expect(choosePlugin([...scores].reverse())?.pluginId).toBe('yealink-a');
  });

  it('breaks ties of equal versions by the greatest id', () => {
    const scores = [
      { pluginId: 'snom-10', version: '1.0', score: SUPPORT.COMPLETE },
      { pluginId: 'snom-8', version: '1.0', score: SUPPORT.COMPLETE },
    ];
    expect(choosePlugin(scores)?.pluginId).toBe('snom-8');
    expect(choosePlugin([...scores].reverse())?.pluginId).toBe('snom-8');
  });

  it('does not depend on the order of the scores', () => {
    const score = fc.record({
      pluginId: fc.constantFrom('a', 'b', 'c', 'd'),
      version: fc.constantFrom('1.0', '1.10', '1.9', '2'),
      score: fc.constantFrom(100, 300, 500, 600),
    });
    const scoresAndPermutation = fc
      .uniqueArray(score, { selector: (s) => s.pluginId })
      .chain((scores) =>
        fc.tuple(fc.constant(scores), fc.shuffledSubarray(scores, { minLength: scores.length })),
      );
    fc.assert(
      fc.property(scoresAndPermutation, ([scores, permuted]) => {
        expect(choosePlugin(permuted)).toEqual(choosePlugin(scores));
      }),
    );
  });
});

describe('scorePlugins', () => {
  it('scores every plugin, leaving out (and logging) those that throw', () => {
    const logger = recordingLogger();
    const plugins = [
      stubPlugin('good', '1.0', { associate: () => SUPPORT.COMPLETE }),
      stubPlugin('bad', '2.0', {
        associate: () => {
          throw new Error('boom');
        },
      }),
    ];
    expect(scorePlugins(plugins, { vendor: 'X' }, logger)).toEqual([
      { pluginId: 'good', version: '1.0', score: SUPPORT.COMPLETE },
    ]);
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]?.details).toMatchObject({ plugin: 'bad', function: 'associate' });
  });
});
