import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { API_DOCUMENT_URL } from '../../../src/adapters/rest/openapi/openapi-routes.js';
import { makeTempDir, type TempDir } from '../../support/temp-dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const FOLDER = join('src', 'adapters', 'rest', 'openapi');

describe('API document in the build', () => {
  let temp: TempDir | undefined;
  afterEach(async () => {
    await temp?.remove();
    temp = undefined;
  });

  it('is looked for next to the routes module', () => {
    expect(fileURLToPath(API_DOCUMENT_URL)).toBe(join(root, FOLDER, 'api.yml'));
    // Compiled, the module is dist/src/adapters/rest/openapi/openapi-routes.js: the same relative URL.
    const built = new URL('./api.yml', `file://${join(root, 'dist', FOLDER, 'openapi-routes.js')}`);
    expect(fileURLToPath(built)).toBe(join(root, 'dist', FOLDER, 'api.yml'));
  });

  it('is copied next to the compiled routes module by the build', async () => {
    const build = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { build: string } }
    ).scripts.build;
    expect(build).toContain('node scripts/copy-openapi.mjs');

    temp = await makeTempDir('provd-openapi-');
    mkdirSync(join(temp.path, FOLDER), { recursive: true });
    const original = readFileSync(API_DOCUMENT_URL);
    copyFileSync(API_DOCUMENT_URL, join(temp.path, FOLDER, 'api.yml'));
    execFileSync(process.execPath, [join(root, 'scripts', 'copy-openapi.mjs')], { cwd: temp.path });
    expect(readFileSync(join(temp.path, 'dist', FOLDER, 'api.yml')).equals(original)).toBe(true);
  });
});
