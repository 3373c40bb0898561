import * as E from 'fp-ts/lib/Either.js';
import { asBoolean, asString, pythonTypeName } from '../shared/coercion.js';
import { type DomainError, domainError } from '../shared/errors.js';
import { cloneJson, isJsonObject, type JsonObject } from '../shared/json.js';
import { bool, formatIssues, objectOf, str } from '../shared/schema.js';
import type { ConfigDocument } from './events.js';
import { stripNulls } from './null-strip.js';
import { rawConfigValidator } from './raw-config-schema.js';

const invalid = (message: string): E.Either<DomainError, never> => E.left(domainError('validation', message));

const configSchema = objectOf({
  fields: { raw_config: rawConfigValidator, transient: bool, deletable: bool, role: str },
});

/**
 * Turns a client's config into the document we store, or says why it is refused. Checks run in
 * provd's order with its messages (provd-spec §2.5): structural checks first, one at a time,
 * then the schema, reporting every issue. The stored document is the client's (null-stripped
 * for device configs): coercion decides validity, it does not rewrite raw_config. Only the
 * typed top-level flags are normalised (`"yes"` → true) so readers can trust their type.
 */
export const validateConfig = (input: JsonObject): E.Either<DomainError, ConfigDocument> => {
  const doc = input.X_type === 'device' ? stripNulls(input) : cloneJson(input);
  const parentIds = doc.parent_ids;
  if (parentIds === undefined) return invalid('missing "parent_ids" field in config');
  if (!Array.isArray(parentIds)) {
    return invalid(`"parent_ids" field must be a list; is ${pythonTypeName(parentIds)}`);
  }
  const badParent = parentIds.find((id) => typeof id !== 'string');
  if (badParent !== undefined) return invalid(`parent id must be a string; is ${pythonTypeName(badParent)}`);
  const rawConfig = doc.raw_config;
  if (rawConfig === undefined) return invalid('missing "raw_config" field in config');
  if (!isJsonObject(rawConfig))
    return invalid(`"raw_config" field must be a dict; is ${pythonTypeName(rawConfig)}`);
  const issues = configSchema(doc, []);
  if (issues.length > 0) return invalid(formatIssues(issues));
  return E.right(normalise(doc));
};

/** The id is the stream's identity, not part of the document. */
const normalise = (doc: JsonObject): ConfigDocument => {
  const { id: _id, ...rest } = doc;
  const result: JsonObject = rest;
  for (const flag of ['transient', 'deletable'] as const) {
    const value = asBoolean(doc[flag]);
    if (value !== undefined) result[flag] = value;
  }
  const role = asString(doc.role);
  if (role !== undefined) result.role = role;
  return result as unknown as ConfigDocument;
};
