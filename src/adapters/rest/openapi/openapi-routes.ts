import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { swaggerUi } from './swagger-ui-assets.js';

/**
 * The API document (Swagger 2.0, YAML), next to this module: `src/adapters/rest/openapi/api.yml`
 * when running from the sources, `dist/src/adapters/rest/openapi/api.yml` (copied there by
 * `scripts/copy-openapi.mjs` during the build) when running the compiled code.
 */
export const API_DOCUMENT_URL = new URL('./api.yml', import.meta.url);

let documentText: string | undefined;

/** The document's text, read once per process. */
export const apiDocumentText = (): string => {
  documentText ??= readFileSync(API_DOCUMENT_URL, 'utf8');
  return documentText;
};

const notFound = (reply: FastifyReply): FastifyReply =>
  reply.code(404).type('text/plain; charset=utf-8').send('No such resource');

/**
 * The page: scripts from this server only; Swagger UI needs inline styles and data: images.
 * "Try it out" calls go to this origin.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Asset URLs carry the package version (or a hash of our script), so they can be cached for long. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * `GET /api/api.yml` (the API document) and `GET /api/docs` (a Swagger UI page on it, with its
 * files under `/api/docs/`). No authentication. Meant to be registered under each API prefix
 * (`/0.2`, `/api/provd/0.2`): the page finds the document and its files relative to its own URL.
 */
export const openapiRoutes: FastifyPluginAsync = async (app) => {
  const document = apiDocumentText();
  const documentTag = `"${createHash('sha256').update(document).digest('hex').slice(0, 32)}"`;
  const ui = swaggerUi();

  app.get('/api/api.yml', async (request, reply) => {
    reply.header('etag', documentTag).header('cache-control', 'no-cache');
    const known = (request.headers['if-none-match'] ?? '')
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''));
    if (known.includes(documentTag) || known.includes('*')) return reply.code(304).send();
    return reply.type('application/yaml; charset=utf-8').send(document);
  });

  // The page's links are relative: served as `…/api/docs/` they would miss, so that URL redirects.
  const sendPage = async (reply: FastifyReply, path: string): Promise<FastifyReply> => {
    if (path.endsWith('/')) return reply.redirect('../docs', 301);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', PAGE_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(ui.page);
  };

  app.get('/api/docs', async (request, reply) => sendPage(reply, request.url.split('?', 1)[0]!));

  app.get<{ Params: { asset: string } }>('/api/docs/:asset', async (request, reply) => {
    const name = request.params.asset;
    if (name === '') return sendPage(reply, request.url.split('?', 1)[0]!);
    // A name only ever selects an entry of the table: `..`, `%2f` and the like match nothing.
    const asset = ui.assets.get(name);
    if (asset === undefined) return notFound(reply);
    const content = await asset.content();
    return reply
      .type(asset.contentType)
      .header('cache-control', ASSET_CACHE)
      .header('x-content-type-options', 'nosniff')
      .send(content);
  });
};
