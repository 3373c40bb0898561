import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiDocumentText } from '../../src/adapters/rest/openapi/openapi-routes.js';
import { type RestTestServer, startRestServer } from './support/rest-server.js';

/** The API document describes exactly what the server serves: no route undocumented, none made up. */

let t: RestTestServer;
const served = new Set<string>();
beforeAll(async () => {
  t = await startRestServer();
  // Fastify's route tree, flattened: one `METHOD /path` per route under /0.2.
  const tree = t.server.rest.printRoutes({ commonPrefix: false, includeHooks: false });
  let stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:├──|└──) (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack = stack.slice(0, depth);
    stack.push(match[2] ?? '');
    const path = `/${stack.join('')}`.replace(/\/+/g, '/');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method !== '' && method !== 'HEAD' && path.startsWith('/0.2/')) served.add(`${method} ${path}`);
    }
  }
});
afterAll(async () => {
  await t.close();
});

const documented = (): Set<string> => {
  const doc = parse(apiDocumentText()) as {
    basePath: string;
    paths: Record<string, Record<string, unknown>>;
  };
  const result = new Set<string>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of Object.keys(operations)) {
      if (method === 'parameters') continue;
      result.add(`${method.toUpperCase()} ${doc.basePath}${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return result;
};

describe('the API document and the routes', () => {
  it('found the served routes', () => {
    expect(served.size).toBeGreaterThan(50);
    expect(served).toContain('GET /0.2/dev_mgr/devices/:device_id');
  });

  it('documents every served route', () => {
    const doc = documented();
    const undocumented = [...served].filter((route) => !doc.has(route) && !route.includes('/api/docs/'));
    expect(undocumented).toEqual([]);
  });

  it('serves every documented route', () => {
    const missing = [...documented()].filter((route) => !served.has(route));
    expect(missing).toEqual([]);
  });
});
