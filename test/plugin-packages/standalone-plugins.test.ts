import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SOURCE_PLUGINS } from './support/fixture-repository.js';

/**
 * An installed plugin runs from `<data dir>/plugins/<id>/`, away from provd's code: what the
 * compiler emits for it may import only its own files and Node's built-ins. (`import type` of
 * provd's types is fine: it is erased.)
 */

const sources = async (dir: string): Promise<string[]> => {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found;
};

/** Module specifiers of the JavaScript emitted for a file, with the project's settings. */
const emittedImports = (file: string, source: string): string[] => {
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  });
  const specifiers: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns)
    for (const match of outputText.matchAll(pattern)) specifiers.push(match[1] ?? '');
  return specifiers;
};

const plugins = (await readdir(SOURCE_PLUGINS, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('shipped plugins are standalone packages', () => {
  it('finds the plugins', () => {
    expect(plugins.sort()).toEqual(['null', 'test', 'yealink', 'zero']);
  });

  it.each(plugins)('%s imports nothing outside its folder once compiled', async (id) => {
    const root = join(SOURCE_PLUGINS, id);
    const outside: string[] = [];
    let imports = 0;
    for (const file of await sources(root)) {
      for (const specifier of emittedImports(file, await readFile(file, 'utf8'))) {
        imports++;
        if (specifier.startsWith('node:')) continue;
        const target = resolve(dirname(file), specifier);
        if (!specifier.startsWith('.') || relative(root, target).startsWith('..')) {
          outside.push(`${relative(SOURCE_PLUGINS, file)} → ${specifier}`);
        }
      }
    }
    expect(outside).toEqual([]);
    // The check sees the imports at all (a plugin with several files has some).
    if (id === 'yealink' || id === 'test') expect(imports).toBeGreaterThan(0);
  });

  it('would notice a value import of provd code', () => {
    const file = join(SOURCE_PLUGINS, 'test', 'x.ts');
    expect(emittedImports(file, "import { type A } from '../../src/a.js';\nexport const x = 1;")).toEqual([
      '../../src/a.js',
    ]);
    expect(emittedImports(file, "import type { A } from '../../src/a.js';\nexport const x = 1;")).toEqual([]);
  });
});
