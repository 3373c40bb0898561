import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API_DOCUMENT_URL, openapiRoutes } from '../../../src/adapters/rest/openapi/openapi-routes.js';

const PREFIXES = ['/0.2', '/api/provd/0.2'] as const;
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** A GET sent with its path exactly as written (no client-side normalization of dot segments). */
const rawGet = (port: number, path: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });

let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = Fastify();
  for (const prefix of PREFIXES) await app.register(openapiRoutes, { prefix });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

describe.each(PREFIXES)('under %s', (prefix) => {
  it('serves the API document as YAML, without authentication', async () => {
    const response = await app.inject({ url: `${prefix}/api/api.yml` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(response.body).toBe(readFileSync(API_DOCUMENT_URL, 'utf8'));
    expect(parse(response.body)).toEqual(expect.objectContaining({ swagger: '2.0', basePath: '/0.2' }));
  });

  it('lets clients revalidate the document', async () => {
    const first = await app.inject({ url: `${prefix}/api/api.yml` });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const again = await app.inject({
      url: `${prefix}/api/api.yml`,
      headers: { 'if-none-match': String(etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const listed = await app.inject({
      url: `${prefix}/api/api.yml`,
      headers: { 'if-none-match': `"other", W/${String(etag)}` },
    });
    expect(listed.statusCode).toBe(304);
    const stale = await app.inject({ url: `${prefix}/api/api.yml`, headers: { 'if-none-match': '"other"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('serves the Swagger UI page, pointing at local files only', async () => {
    const response = await app.inject({ url: `${prefix}/api/docs` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body).toContain('<div id="swagger-ui">');
    expect(response.body).not.toMatch(/https?:\/\//);
    // Every file the page names is served (relative to the page: `docs/<file>`).
    const links = [...response.body.matchAll(/(?:href|src)="(docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(4);
    for (const link of links) {
      const asset = await app.inject({ url: `${prefix}/api/${link}` });
      expect(asset.statusCode, link).toBe(200);
    }
  });

  it('starts Swagger UI on the document next to the page, offline', async () => {
    const page = (await app.inject({ url: `${prefix}/api/docs` })).body;
    const script = page.match(/src="docs\/(provd-docs\.js)\?v=[0-9a-f]+"/)?.[1];
    expect(script).toBe('provd-docs.js');
    const response = await app.inject({ url: `${prefix}/api/docs/provd-docs.js` });
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toContain("new URL('api.yml', page.href)");
    expect(response.body).toContain('validatorUrl: null');
    // The page's URL resolves the document's URL under the same prefix.
    expect(new URL('api.yml', `http://provd${prefix}/api/docs`).pathname).toBe(`${prefix}/api/api.yml`);
  });

  it('redirects the page with a trailing slash to the one without', async () => {
    const response = await app.inject({ url: `${prefix}/api/docs/` });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('../docs');
    expect(new URL('../docs', `http://provd${prefix}/api/docs/`).pathname).toBe(`${prefix}/api/docs`);
  });

  it('serves the Swagger UI files with their content types and long cache lifetimes', async () => {
    for (const [file, type] of [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['favicon-32x32.png', 'image/png'],
    ] as const) {
      const response = await app.inject({ url: `${prefix}/api/docs/${file}?v=1` });
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type'], file).toBe(type);
      expect(response.headers['cache-control'], file).toMatch(/max-age=31536000/);
      expect(response.headers['x-content-type-options'], file).toBe('nosniff');
      expect(response.rawPayload.equals(readFileSync(join(swaggerUiDir, file))), file).toBe(true);
    }
  });
});

describe('asset paths', () => {
  /** Sent as is over a socket: each must be a 404, and never a file outside the served set. */
  const ATTACKS = [
    '../package.json',
    '..%2fpackage.json',
    '..%2Fpackage.json',
    '%2e%2e%2fpackage.json',
    '%2e%2e/package.json',
    '..%5cpackage.json',
    '..\\package.json',
    '%252e%252e%252fpackage.json',
    '%2fetc%2fpasswd',
    '..',
    '%2e%2e',
    '.',
    'package.json',
    'LICENSE',
    'index.js',
    'absolute-path.js',
    'swagger-initializer.js',
    'index.html',
    'swagger-ui.css%00.png',
    'swagger-ui.css%2f',
    'swagger-ui.css/',
    'SWAGGER-UI.CSS',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    '%c0%ae%c0%ae%c0%afpackage.json',
    'swagger-ui.css%c0',
    'x/../../../../package.json',
    '...',
  ];

  it.each(ATTACKS)('refuses %s', async (attack) => {
    for (const prefix of PREFIXES) {
      const response = await rawGet(port, `${prefix}/api/docs/${attack}`);
      // 400: fastify refuses a path whose percent-encoding is not UTF-8 before routing.
      expect([400, 404], `${prefix}/api/docs/${attack}`).toContain(response.status);
      expect(response.body).not.toContain('"swagger-ui-dist"');
    }
  });

  it('refuses the same through inject (which resolves dot segments first)', async () => {
    for (const attack of ATTACKS) {
      const response = await app.inject({ url: `/0.2/api/docs/${attack}` });
      // `.` becomes `/0.2/api/docs/`, the page's redirect; nothing is a file outside the set.
      expect([301, 400, 404], attack).toContain(response.statusCode);
    }
  });

  it('does not resolve dot segments itself', async () => {
    expect((await rawGet(port, '/0.2/api/docs/./swagger-ui.css')).status).toBe(404);
    expect((await rawGet(port, '/0.2/api/docs/swagger-ui.css')).status).toBe(200);
  });

  it('answers misses in plain text', async () => {
    const response = await app.inject({ url: '/0.2/api/docs/nothing.js' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe('No such resource');
  });
});
