import { asBoolean, asInteger, asString } from './coercion.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/**
 * A small validation vocabulary whose messages follow provd's schema library (pydantic 1), so
 * clients and operators see the wording they know. Validators collect every issue instead of
 * stopping at the first one, as provd did.
 */

export interface Issue {
  readonly path: readonly string[];
  readonly message: string;
}

export type Validator = (value: JsonValue, path: readonly string[]) => Issue[];

export const issue = (path: readonly string[], message: string): Issue => ({ path, message });

/** One issue per line: `raw_config.http_port: value is not a valid integer`. */
export const formatIssues = (issues: readonly Issue[]): string =>
  issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('\n');

export const FIELD_REQUIRED = 'field required';
const NONE_NOT_ALLOWED = 'none is not an allowed value';

const quoteAll = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Base validators reject null; wrap them in `nullable` where provd's schema allowed None. */
const notNull =
  (check: Validator): Validator =>
  (value, path) =>
    value === null ? [issue(path, NONE_NOT_ALLOWED)] : check(value, path);

export const nullable =
  (validator: Validator): Validator =>
  (value, path) =>
    value === null ? [] : validator(value, path);

export const anyValue: Validator = () => [];

export const str: Validator = notNull((value, path) =>
  asString(value) === undefined ? [issue(path, 'str type expected')] : [],
);

export const int: Validator = notNull((value, path) =>
  asInteger(value) === undefined ? [issue(path, 'value is not a valid integer')] : [],
);

export const bool: Validator = notNull((value, path) =>
  asBoolean(value) === undefined ? [issue(path, 'value could not be parsed to a boolean')] : [],
);

export const listOf = (item: Validator): Validator =>
  notNull((value, path) =>
    Array.isArray(value)
      ? value.flatMap((element, index) => item(element, [...path, String(index)]))
      : [issue(path, 'value is not a valid list')],
  );

export const enumOf = (permitted: readonly string[]): Validator =>
  notNull((value, path) =>
    typeof value === 'string' && permitted.includes(value)
      ? []
      : [issue(path, `value is not a valid enumeration member; permitted: ${quoteAll(permitted)}`)],
  );

export const literalOf = (permitted: readonly string[]): Validator =>
  notNull((value, path) =>
    typeof value === 'string' && permitted.includes(value)
      ? []
      : [issue(path, `unexpected value; permitted: ${quoteAll(permitted)}`)],
  );

/** Like pydantic's `regex=` constraint: a match at the start of the string is enough. */
export const matching = (source: string): Validator => {
  const prefix = new RegExp(`^(?:${source})`);
  return notNull((value, path) => {
    const s = asString(value);
    if (s === undefined) return [issue(path, 'str type expected')];
    return prefix.test(s) ? [] : [issue(path, `string does not match regex "${source}"`)];
  });
};

/** Adds a check that runs only once the value passed `validator` (pydantic's field validators). */
export const refine =
  (validator: Validator, check: Validator): Validator =>
  (value, path) => {
    const issues = validator(value, path);
    return issues.length > 0 ? issues : check(value, path);
  };

export const dictOf = (item: Validator): Validator =>
  notNull((value, path) =>
    isJsonObject(value)
      ? Object.entries(value).flatMap(([key, element]) => item(element, [...path, key]))
      : [issue(path, 'value is not a valid dict')],
  );

export interface ObjectSchema {
  readonly fields: { readonly [key: string]: Validator };
  readonly required?: readonly string[];
  /** Whole-object checks (pydantic's root validators); they see the object as sent. */
  readonly checks?: readonly ((value: JsonObject, path: readonly string[]) => Issue[])[];
}

/** An object with known fields; unknown keys are allowed unless a check says otherwise. */
export const objectOf = (schema: ObjectSchema): Validator =>
  notNull((value, path) => {
    if (!isJsonObject(value)) return [issue(path, 'value is not a valid dict')];
    const issues: Issue[] = [];
    for (const [key, validator] of Object.entries(schema.fields)) {
      if (Object.hasOwn(value, key)) issues.push(...validator(value[key] as JsonValue, [...path, key]));
      else if (schema.required?.includes(key)) issues.push(issue([...path, key], FIELD_REQUIRED));
    }
    for (const check of schema.checks ?? []) issues.push(...check(value, path));
    return issues;
  });
