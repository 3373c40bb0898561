import type { JsonObject, JsonValue } from '../../domain/shared/json.js';
import { isJsonObject, jsonEqual } from '../../domain/shared/json.js';
import { resolvePath, splitPath } from './dotted-path.js';
import { compareJson, isTruthy } from './json-order.js';

/**
 * The selector was malformed. provd raised the same cases while matching, which surfaced as 500s;
 * we detect them before reading any document so the REST layer can answer 400.
 */
export class InvalidSelectorError extends Error {
  override readonly name = 'InvalidSelectorError';
}

export type SelectorOperator =
  | '$in'
  | '$nin'
  | '$contains'
  | '$gt'
  | '$ge'
  | '$lt'
  | '$le'
  | '$ne'
  | '$exists';

/** One key of a selector: plain equality, or operators that must all hold. */
export type Condition =
  | {
      readonly kind: 'equals';
      readonly key: string;
      readonly path: readonly string[];
      readonly value: JsonValue;
    }
  | {
      readonly kind: 'operators';
      readonly key: string;
      readonly path: readonly string[];
      readonly operators: readonly { readonly operator: SelectorOperator; readonly operand: JsonValue }[];
    };

export interface CompiledSelector {
  readonly conditions: readonly Condition[];
  matches(doc: JsonObject): boolean;
}

/**
 * Tests the values a path resolved to (empty when the path is missing). Equality is the shared
 * jsonEqual: deep, key order ignored, exact types (`"1"` ≠ `1`, and unlike Python `true` ≠ `1`).
 */
type ValuesTest = (values: readonly JsonValue[]) => boolean;

const isIn = (value: JsonValue, list: readonly JsonValue[]): boolean =>
  list.some((item) => jsonEqual(value, item));

/**
 * Python's `operand in value`: list membership, substring, or — Python being Python — key of an
 * object. Any other pairing raised a TypeError in provd; here it just does not match.
 */
const contains = (value: JsonValue, operand: JsonValue): boolean => {
  if (Array.isArray(value)) return isIn(operand, value);
  if (typeof value === 'string') return typeof operand === 'string' && value.includes(operand);
  if (isJsonObject(value)) return typeof operand === 'string' && Object.hasOwn(value, operand);
  return false;
};

const ordered =
  (operand: JsonValue, accept: (order: number) => boolean): ValuesTest =>
  (values) =>
    values.some((value) => {
      const order = compareJson(value, operand);
      return order !== undefined && accept(order);
    });

const listOperand = (operator: SelectorOperator, operand: JsonValue): readonly JsonValue[] => {
  if (!Array.isArray(operand))
    throw new InvalidSelectorError(`Invalid operand for ${operator}: expected a list`);
  return operand;
};

const operatorTest = (operator: SelectorOperator, operand: JsonValue): ValuesTest => {
  switch (operator) {
    case '$in': {
      const list = listOperand(operator, operand);
      return (values) => values.some((value) => isIn(value, list));
    }
    case '$nin': {
      const list = listOperand(operator, operand);
      return (values) => !values.some((value) => isIn(value, list));
    }
    case '$contains':
      return (values) => values.some((value) => contains(value, operand));
    case '$gt':
      return ordered(operand, (order) => order > 0);
    case '$ge':
      return ordered(operand, (order) => order >= 0);
    case '$lt':
      return ordered(operand, (order) => order < 0);
    case '$le':
      return ordered(operand, (order) => order <= 0);
    case '$ne':
      return (values) => !values.some((value) => jsonEqual(value, operand));
    case '$exists': {
      const wanted = isTruthy(operand);
      return (values) => values.length > 0 === wanted;
    }
  }
};

const OPERATORS: ReadonlySet<string> = new Set<SelectorOperator>([
  '$in',
  '$nin',
  '$contains',
  '$gt',
  '$ge',
  '$lt',
  '$le',
  '$ne',
  '$exists',
]);

const isOperator = (key: string): key is SelectorOperator => OPERATORS.has(key);

/** An object with at least one `$` key is an operator object; any other object is a plain value. */
const isOperatorObject = (value: JsonValue): value is JsonObject =>
  isJsonObject(value) && Object.keys(value).some((key) => key.startsWith('$'));

const parseCondition = (key: string, value: JsonValue): Condition => {
  const path = splitPath(key);
  if (!isOperatorObject(value)) return { kind: 'equals', key, path, value };
  const operators = Object.entries(value).map(([operator, operand]) => {
    if (!isOperator(operator)) throw new InvalidSelectorError(`Invalid operator: ${operator}`);
    return { operator, operand };
  });
  return { kind: 'operators', key, path, operators };
};

const conditionTest = (condition: Condition): ValuesTest => {
  if (condition.kind === 'equals') {
    const expected = condition.value;
    return (values) => values.some((value) => jsonEqual(value, expected));
  }
  const tests = condition.operators.map(({ operator, operand }) => operatorTest(operator, operand));
  return (values) => tests.every((test) => test(values));
};

/**
 * Parses and checks a provd selector (provd-spec §1.6) once, so matching many documents does not
 * re-interpret it. Every key must match (AND); `{}` matches everything.
 */
export const compileSelector = (selector: unknown): CompiledSelector => {
  if (!isJsonObject(selector)) throw new InvalidSelectorError('Invalid selector: expected a JSON object');
  const conditions = Object.entries(selector).map(([key, value]) => parseCondition(key, value));
  const tests = conditions.map((condition) => {
    const test = conditionTest(condition);
    const { path } = condition;
    return (doc: JsonObject) => test(resolvePath(doc, path));
  });
  return { conditions, matches: (doc) => tests.every((test) => test(doc)) };
};
