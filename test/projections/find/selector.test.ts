import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { compileSelector, InvalidSelectorError } from '../../../src/projections/find/selector.js';

type Case = readonly [name: string, selector: JsonObject, doc: JsonObject, matches: boolean];

const cases: readonly Case[] = [
  // Plain equality and AND (provd test_persist)
  ['{} matches anything', {}, { k: 1 }, true],
  ['{} matches an empty document', {}, {}, true],
  ['single key equal', { k1: 'v1' }, { k1: 'v1' }, true],
  ['single key different', { k1: 'v1' }, { k1: 'v2' }, false],
  ['single key missing', { k1: 'v1' }, { k2: 'v1' }, false],
  ['two keys both equal', { k1: 'v1', k2: 'v2' }, { k1: 'v1', k2: 'v2', k3: 0 }, true],
  ['two keys one differs', { k1: 'v1', k2: 'v2' }, { k1: 'v1', k2: 'x' }, false],
  ['exact types: "1" is not 1', { k: '1' }, { k: 1 }, false],
  ['exact types: true is not 1', { k: true }, { k: 1 }, false],
  ['null equals null', { k: null }, { k: null }, true],
  ['null does not match a missing key', { k: null }, {}, false],
  ['deep equality of objects, any key order', { k: { a: 1, b: [1, 2] } }, { k: { b: [1, 2], a: 1 } }, true],
  ['deep equality of objects, extra key', { k: { a: 1 } }, { k: { a: 1, b: 2 } }, false],
  ['deep equality of lists', { k: ['v1', 'v2'] }, { k: ['v1', 'v2'] }, true],
  ['list order matters', { k: ['v1', 'v2'] }, { k: ['v2', 'v1'] }, false],
  ['a final list is not unrolled', { k1: 'v1' }, { k1: ['v1'] }, false],
  ['a final list is not unrolled (other value)', { k1: 'v1' }, { k1: ['v2'] }, false],
  ['an object without $ keys is a plain value', { k: { a: 1 } }, { k: { a: 1 } }, true],
  // Dotted paths
  ['dotted path through objects', { 'k.kk': 'v' }, { k: { kk: 'v' } }, true],
  ['three levels', { 'k.kk.kkk': 'v' }, { k: { kk: { kkk: 'v' } } }, true],
  ['dotted path, different value', { 'k.kk': 'v' }, { k: { kk: 'x' } }, false],
  ['dotted path on a scalar', { 'k.kk': 'v' }, { k: 'v' }, false],
  ['dotted path on an empty list', { 'k.kk': 'v' }, { k: [] }, false],
  ['intermediate list explored', { 'k.kk': 'v' }, { k: [{ kk: 'v' }] }, true],
  ['intermediate list, second element', { 'k.kk': 'v' }, { k: [{ kk: 'x' }, { kk: 'v' }] }, true],
  ['intermediate list, no element matches', { 'k.kk': 'v' }, { k: [{ kk: 'x' }, 'v', 3] }, false],
  ['nested intermediate lists', { 'k.kk': 'v' }, { k: [[{ kk: 'v' }]] }, true],
  ['list reached through a list stays whole', { 'k.kk': ['v'] }, { k: [{ kk: ['v'] }] }, true],
  ['key with a dot is not a literal key', { 'a.b': 1 }, { 'a.b': 1 }, false],
  // $in / $nin
  ['$in hit', { k: { $in: ['a', 'b'] } }, { k: 'b' }, true],
  ['$in miss', { k: { $in: ['a', 'b'] } }, { k: 'c' }, false],
  ['$in missing field', { k: { $in: ['a', null] } }, {}, false],
  ['$in deep', { k: { $in: [{ a: 1 }] } }, { k: { a: 1 } }, true],
  ['$in on exploded values', { 'k.kk': { $in: ['v'] } }, { k: [{ kk: 'x' }, { kk: 'v' }] }, true],
  ['$nin hit', { k: { $nin: ['a', 'b'] } }, { k: 'a' }, false],
  ['$nin miss', { k: { $nin: ['a', 'b'] } }, { k: 'c' }, true],
  ['$nin matches a missing field', { k: { $nin: ['a'] } }, {}, true],
  [
    '$nin: no exploded value may be in the list',
    { 'k.kk': { $nin: ['v'] } },
    { k: [{ kk: 'x' }, { kk: 'v' }] },
    false,
  ],
  // $contains
  ['$contains list membership', { k: { $contains: 'b' } }, { k: ['a', 'b'] }, true],
  ['$contains list non-member', { k: { $contains: 'c' } }, { k: ['a', 'b'] }, false],
  ['$contains deep member', { k: { $contains: { a: 1 } } }, { k: [{ a: 1 }] }, true],
  ['$contains substring', { k: { $contains: 'ell' } }, { k: 'hello' }, true],
  ['$contains not a substring', { k: { $contains: 'xyz' } }, { k: 'hello' }, false],
  ['$contains a number in a string: incompatible', { k: { $contains: 1 } }, { k: '123' }, false],
  ['$contains on a number: incompatible', { k: { $contains: 1 } }, { k: 1 }, false],
  ['$contains key of an object (Python `in`)', { k: { $contains: 'a' } }, { k: { a: 1 } }, true],
  ['$contains missing field', { k: { $contains: 'a' } }, {}, false],
  // Ordering
  ['$gt numbers', { k: { $gt: 5 } }, { k: 10 }, true],
  ['$gt equal', { k: { $gt: 5 } }, { k: 5 }, false],
  ['$ge equal', { k: { $ge: 5 } }, { k: 5 }, true],
  ['$lt numbers', { k: { $lt: 5 } }, { k: 4.5 }, true],
  ['$le equal', { k: { $le: 5 } }, { k: 5 }, true],
  ['$le bigger', { k: { $le: 5 } }, { k: 6 }, false],
  ['$gt strings', { k: { $gt: 'b' } }, { k: 'c' }, true],
  ['$lt strings compare by characters, not numbers', { k: { $lt: '9' } }, { k: '10' }, true],
  ['$gt lists', { k: { $gt: [1, 2] } }, { k: [1, 3] }, true],
  ['$gt longer list', { k: { $gt: [1, 2] } }, { k: [1, 2, 0] }, true],
  ['$gt string vs number: incompatible, no match', { k: { $gt: 1 } }, { k: '2' }, false],
  ['$lt string vs number: incompatible, no match', { k: { $lt: 1 } }, { k: '0' }, false],
  ['$gt null: incompatible', { k: { $gt: null } }, { k: 1 }, false],
  ['$gt objects: incompatible', { k: { $gt: { a: 1 } } }, { k: { a: 2 } }, false],
  ['$gt missing field', { k: { $gt: 1 } }, {}, false],
  ['$gt and $lt together (AND)', { k: { $gt: 1, $lt: 3 } }, { k: 2 }, true],
  ['$gt and $lt together, out of range', { k: { $gt: 1, $lt: 3 } }, { k: 3 }, false],
  ['$gte does not exist', { k: { $gt: 0 } }, { k: 1 }, true],
  // $ne
  ['$ne different', { k: { $ne: 'a' } }, { k: 'b' }, true],
  ['$ne equal', { k: { $ne: 'a' } }, { k: 'a' }, false],
  ['$ne matches a missing field', { k: { $ne: 'a' } }, {}, true],
  ['$ne exact types', { k: { $ne: 1 } }, { k: '1' }, true],
  // $exists
  ['$exists true, present', { k: { $exists: true } }, { k: null }, true],
  ['$exists true, missing', { k: { $exists: true } }, {}, false],
  ['$exists false, missing', { k: { $exists: false } }, {}, true],
  ['$exists false, present', { k: { $exists: false } }, { k: 1 }, false],
  ['$exists operand truthiness: 1', { k: { $exists: 1 } }, { k: 1 }, true],
  ['$exists operand truthiness: ""', { k: { $exists: '' } }, {}, true],
  ['$exists operand truthiness: []', { k: { $exists: [] } }, { k: 1 }, false],
  [
    '$exists on a dotted path through a list',
    { 'k.kk': { $exists: true } },
    { k: [{ x: 1 }, { kk: 1 }] },
    true,
  ],
  // Operators and plain keys together
  ['AND of operator and plain keys', { a: 1, b: { $in: [2] } }, { a: 1, b: 2 }, true],
  ['AND of operator and plain keys, one fails', { a: 1, b: { $in: [2] } }, { a: 1, b: 3 }, false],
];

describe('selector matching (provd-spec §1.6)', () => {
  it.each(cases)('%s', (_name, selector, doc, matches) => {
    expect(compileSelector(selector).matches(doc)).toBe(matches);
  });
});

describe('invalid selectors', () => {
  const invalid: readonly [string, unknown, string][] = [
    ['mixing $ and plain keys', { k: { $in: ['a'], x: 1 } }, 'Invalid operator: x'],
    ['unknown operator', { k: { $gte: 1 } }, 'Invalid operator: $gte'],
    ['unknown operator $regex', { k: { $regex: 'a' } }, 'Invalid operator: $regex'],
    ['$in without a list', { k: { $in: 'a' } }, 'Invalid operand for $in: expected a list'],
    ['$nin without a list', { k: { $nin: { a: 1 } } }, 'Invalid operand for $nin: expected a list'],
    ['a list as selector', ['a'], 'Invalid selector: expected a JSON object'],
    ['a string as selector', 'a', 'Invalid selector: expected a JSON object'],
    ['null as selector', null, 'Invalid selector: expected a JSON object'],
  ];
  it.each(invalid)('%s', (_name, selector, message) => {
    expect(() => compileSelector(selector)).toThrow(InvalidSelectorError);
    expect(() => compileSelector(selector)).toThrow(message);
  });

  it('rejects the selector before reading any document', () => {
    // provd only failed when a document was evaluated; an empty collection still rejects here.
    expect(() => compileSelector({ k: { $bad: 1 } })).toThrow(InvalidSelectorError);
  });
});
