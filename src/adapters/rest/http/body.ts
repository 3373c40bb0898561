import type { FastifyRequest } from 'fastify';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../domain/shared/json.js';
import { PROV_MIME } from './prov-mime.js';
import { badRequest, RestError } from './rest-error.js';

/**
 * The JSON entity of a request, by provd's rules (provd-spec §1.2): the content type must be
 * exactly the provd type (no parameters), the body must parse. The raw bytes come from the
 * catch-all content-type parser of rest-app.ts, so a wrong type is our 415, not fastify's.
 */
export const readEntity = (request: FastifyRequest): JsonValue => {
  if (request.headers['content-type'] !== PROV_MIME) {
    throw new RestError(415, `Entity must be in media type "${PROV_MIME}".`);
  }
  const raw = request.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw badRequest(`Invalid JSON document: ${(error as Error).message}`);
  }
};

/**
 * The object under `key` of a `{"<key>": {...}}` envelope. provd crashed with a 500 when the key
 * was missing; a client mistake deserves a 400 that says what is missing.
 */
export const readEnvelope = (request: FastifyRequest, key: string): JsonObject => {
  const entity = readEntity(request);
  if (!isJsonObject(entity) || !Object.hasOwn(entity, key)) throw badRequest(`Missing "${key}" key`);
  const value = entity[key];
  if (!isJsonObject(value)) throw badRequest(`"${key}" must be a JSON object`);
  return value;
};

/** `{"id": "<string>"}` bodies (synchronize, reconfigure, install, …). */
export const readIdEntity = (request: FastifyRequest): string => {
  const entity = readEntity(request);
  if (!isJsonObject(entity) || !Object.hasOwn(entity, 'id')) throw badRequest('Missing "id" key');
  const id = entity.id;
  if (typeof id !== 'string') throw badRequest('"id" must be a string');
  return id;
};
