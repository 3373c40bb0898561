import type { FastifyReply, FastifyRequest } from 'fastify';
import { RestError } from './rest-error.js';

/** A resource's ETag is its stream revision: `"<n>"`. */
export const setEtag = (reply: FastifyReply, revision: number | undefined): void => {
  if (revision !== undefined) reply.header('etag', `"${revision}"`);
};

/**
 * The revision an If-Match names, for a compare-and-set write; undefined without the header.
 * `*` means "any current version", which is what a write without If-Match does already.
 */
export const ifMatchRevision = (request: FastifyRequest): number | undefined => {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (match === null)
    throw new RestError(412, 'Precondition Failed: If-Match must be an ETag of this resource');
  return Number(match[1]);
};
