import { asBoolean, asInteger, isTruthy } from '../../domain/shared/coercion.js';
import type { JsonValue } from '../../domain/shared/json.js';

/**
 * Helpers every template gets as `it.h`. doT 1.x interpolates values verbatim, so escaping is
 * the template author's job: use `line` for every value of a line-based format (`key = value`,
 * `key: value`, INI) and `xml` for every value placed in XML text or attributes.
 */
export interface TemplateHelpers {
  /** The value on one line: control characters (CR, LF, NUL, tab, U+2028/9…) are removed. */
  line(value: unknown): string;
  /** XML-escaped text (`& < > " '`), without the control characters XML 1.0 forbids. */
  xml(value: unknown): string;
  /** `1` when the value means true (true, 1, "yes", "on"…), `0` otherwise. */
  bool01(value: unknown): '0' | '1';
  /** The value as an integer string, or `fallback` when it is not an integer. */
  int(value: unknown, fallback?: string): string;
  /** The value as text, or `fallback` when it is absent, null or empty. */
  or(value: unknown, fallback: string): string;
}

// C0 controls, DEL, NEL and the Unicode line/paragraph separators: anything a config parser
// might take for the end of a line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;
// Characters XML 1.0 does not allow at all (tab, LF and CR are allowed).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const XML_ENTITIES: { readonly [c: string]: string } = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Scalars as text; absent values and structures as '' (a template never prints `[object Object]`). */
export const asText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
};

const asJsonScalar = (value: unknown): JsonValue | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;

export const line = (value: unknown): string => asText(value).replace(LINE_BREAKING, '');

export const xml = (value: unknown): string =>
  asText(value)
    .replace(XML_FORBIDDEN, '')
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);

export const bool01 = (value: unknown): '0' | '1' => {
  const scalar = asJsonScalar(value);
  return (asBoolean(scalar) ?? isTruthy(scalar)) ? '1' : '0';
};

export const int = (value: unknown, fallback = ''): string => {
  const n = asInteger(asJsonScalar(value));
  return n === undefined ? fallback : String(n);
};

export const or = (value: unknown, fallback: string): string => {
  const text = asText(value);
  return text === '' ? fallback : text;
};

export const templateHelpers: TemplateHelpers = Object.freeze({ line, xml, bool01, int, or });
