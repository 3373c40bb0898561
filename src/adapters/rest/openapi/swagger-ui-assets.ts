import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';

/**
 * The Swagger UI page of the API document and the files it needs, all served by provd itself:
 * operators are often offline, and the page must not reach any other site.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

/** Files of the package that are not for the browser page (Node entry points, its demo start-up script). */
const NOT_SERVED: ReadonlySet<string> = new Set(['index.js', 'absolute-path.js', 'swagger-initializer.js']);

/** The start-up script of our page; its name cannot clash with a file of the package (checked). */
export const INITIALIZER_NAME = 'provd-docs.js';

/**
 * Starts Swagger UI on the document next to the page (`<prefix>/api/docs` → `<prefix>/api/api.yml`).
 * The document's basePath is `/0.2`; when the page is served under another prefix
 * (`/api/provd/0.2`, directly or behind nginx), "Try it out" calls are sent under that prefix.
 * `validatorUrl: null`: Swagger UI would otherwise send the document to an online validator.
 */
const INITIALIZER = `'use strict';
(function () {
  var page = window.location;
  var prefix = page.pathname.replace(/\\/api\\/docs\\/?$/, '');
  var documentUrl = new URL('api.yml', page.href).href;
  var defaultBase = page.origin + '/0.2/';
  window.ui = SwaggerUIBundle({
    url: documentUrl,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    requestInterceptor: function (request) {
      if (prefix !== '/0.2' && request.url.indexOf(defaultBase) === 0) {
        request.url = page.origin + prefix + '/' + request.url.slice(defaultBase.length);
      }
      return request;
    },
  });
})();
`;

export interface Asset {
  readonly contentType: string;
  /** Loaded on first use, then kept. */
  readonly content: () => Promise<Buffer>;
}

export interface SwaggerUi {
  /** The HTML page, meant to be served at `<prefix>/api/docs` (its links are relative to that). */
  readonly page: string;
  /** The files served under `<prefix>/api/docs/`, by file name: nothing else can be served. */
  readonly assets: ReadonlyMap<string, Asset>;
}

const once = (load: () => Promise<Buffer>): (() => Promise<Buffer>) => {
  let loaded: Promise<Buffer> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const buildPage = (version: string, initializerHash: string): string => {
  const v = encodeURIComponent(version);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>provd REST API</title>
    <link rel="stylesheet" href="docs/swagger-ui.css?v=${escapeHtml(v)}">
    <link rel="stylesheet" href="docs/index.css?v=${escapeHtml(v)}">
    <link rel="icon" type="image/png" href="docs/favicon-32x32.png?v=${escapeHtml(v)}" sizes="32x32">
    <link rel="icon" type="image/png" href="docs/favicon-16x16.png?v=${escapeHtml(v)}" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js?v=${escapeHtml(v)}"></script>
    <script src="docs/${INITIALIZER_NAME}?v=${initializerHash}"></script>
  </body>
</html>
`;
};

/** The folder of the installed `swagger-ui-dist` package and its version. */
const swaggerUiDist = (): { readonly dir: string; readonly version: string } => {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('swagger-ui-dist/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown };
  return { dir: dirname(manifestPath), version: String(manifest.version ?? '') };
};

let cached: SwaggerUi | undefined;

/**
 * The page and its files. The table of files is made once from the package's folder listing, so
 * a request can only ever name one of those files: no path is built from what a client sent.
 */
export const swaggerUi = (): SwaggerUi => {
  if (cached !== undefined) return cached;
  const { dir, version } = swaggerUiDist();
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[extname(entry.name)];
    if (!entry.isFile() || contentType === undefined || NOT_SERVED.has(entry.name)) continue;
    const file = join(dir, entry.name);
    assets.set(entry.name, { contentType, content: once(() => readFile(file)) });
  }
  if (!assets.has('swagger-ui-bundle.js') || !assets.has('swagger-ui.css')) {
    throw new Error(`swagger-ui-dist at ${dir} lacks swagger-ui-bundle.js or swagger-ui.css`);
  }
  if (assets.has(INITIALIZER_NAME)) throw new Error(`swagger-ui-dist has a file named ${INITIALIZER_NAME}`);
  const initializer = Buffer.from(INITIALIZER, 'utf8');
  assets.set(INITIALIZER_NAME, {
    contentType: CONTENT_TYPES['.js']!,
    content: () => Promise.resolve(initializer),
  });
  const initializerHash = createHash('sha256').update(initializer).digest('hex').slice(0, 16);
  cached = { page: buildPage(version, initializerHash), assets };
  return cached;
};
