import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsProvMime, PROV_MIME } from './prov-mime.js';
import { RestError } from './rest-error.js';

/**
 * Refuses a request whose Accept excludes the provd type. Called before any work, so a client
 * that could not read the answer does not change anything either.
 */
export const requireAcceptable = (request: FastifyRequest): void => {
  if (!acceptsProvMime(request.headers.accept)) {
    throw new RestError(406, `You must accept the "${PROV_MIME}" MIME type.`);
  }
};

/** A JSON entity in provd's media type, compact as provd wrote it. */
export const sendEntity = (reply: FastifyReply, status: number, entity: unknown): FastifyReply =>
  // A Buffer: fastify would append "; charset=utf-8" to a string, and provd sent the bare type.
  reply
    .code(status)
    .type(PROV_MIME)
    .send(Buffer.from(JSON.stringify(entity)));

/** 201 for an operation in progress: no body, the monitor's Location. */
export const sendCreatedMonitor = (reply: FastifyReply, location: string): FastifyReply =>
  reply.code(201).header('location', location).send();

export const sendNoContent = (reply: FastifyReply): FastifyReply => reply.code(204).send();

/**
 * The Location of a resource created under the request's own path, as provd built it: from the
 * path provd saw, under `/0.2` even when the request came through `/api/provd/0.2` (clients drop
 * the first three segments and re-append the rest to their base URL).
 */
export const locationUnder = (request: FastifyRequest, ...segments: (string | number)[]): string => {
  const path = request.url.split('?')[0] ?? '';
  const base = path.replace(/^\/api\/provd(?=\/0\.2(\/|$))/, '').replace(/\/+$/, '');
  return [base, ...segments.map((s) => encodeURIComponent(String(s)))].join('/');
};
