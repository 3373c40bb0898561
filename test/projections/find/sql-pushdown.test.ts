import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { compileSelector } from '../../../src/projections/find/selector.js';
import { pushDownSelector } from '../../../src/projections/find/sql-pushdown.js';

const columns = new Map([
  ['mac', 'mac'],
  ['tenant_uuid', 'tenant_uuid'],
]);
const push = (selector: JsonObject) => pushDownSelector(compileSelector(selector), columns);

describe('pushing a selector down to SQL', () => {
  it('pushes nothing for an empty selector', () => {
    expect(push({})).toEqual({ where: '1', params: [], exact: true, rowidOrdered: true });
  });
  it('pushes a string equality exactly', () => {
    expect(push({ mac: 'aa' })).toEqual({
      where: 'mac = ?',
      params: ['aa'],
      exact: true,
      rowidOrdered: true,
    });
  });
  it('pushes a one-element $in as an equality', () => {
    expect(push({ tenant_uuid: { $in: ['t'] } })).toEqual({
      where: 'tenant_uuid = ?',
      params: ['t'],
      exact: true,
      rowidOrdered: true,
    });
  });
  it('pushes a $in list as one JSON parameter', () => {
    expect(push({ tenant_uuid: { $in: ['t1', 't2'] } })).toEqual({
      where: 'tenant_uuid IN (SELECT value FROM json_each(?))',
      params: ['["t1","t2"]'],
      exact: true,
      rowidOrdered: false,
    });
  });
  it('keeps other operators of a pushed $in for JS', () => {
    expect(push({ mac: { $in: ['a', 'b'], $ne: 'a' } })).toMatchObject({
      exact: false,
      params: ['["a","b"]'],
    });
  });
  it('does not push non-string operands: the column only holds strings', () => {
    expect(push({ mac: 5 })).toMatchObject({ where: '1', exact: false });
    expect(push({ mac: null })).toMatchObject({ where: '1', exact: false });
    expect(push({ mac: { $in: ['a', 5] } })).toMatchObject({ where: '1', exact: false });
  });
  it('does not push other operators, unknown keys or dotted keys', () => {
    expect(push({ mac: { $ne: 'a' } })).toMatchObject({ where: '1', exact: false });
    expect(push({ description: 'x' })).toMatchObject({ where: '1', exact: false });
    expect(push({ 'mac.x': 'a' })).toMatchObject({ where: '1', exact: false });
  });
  it('ANDs what it can push and is inexact when something is left', () => {
    expect(push({ mac: 'aa', tenant_uuid: { $in: ['t1', 't2'] }, model: 'x' })).toEqual({
      where: 'mac = ? AND tenant_uuid IN (SELECT value FROM json_each(?))',
      params: ['aa', '["t1","t2"]'],
      exact: false,
      rowidOrdered: false,
    });
  });
});
