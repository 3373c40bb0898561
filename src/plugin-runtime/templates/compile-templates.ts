import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateSettings } from 'dot';
import doT from 'dot';
import { errorMessage, TemplateCompileError, TemplateRenderError } from './errors.js';
import { type TemplateHelpers, templateHelpers } from './helpers.js';
import { locateCompileError } from './locate-compile-error.js';

/** What a template sees as `it`: the caller's context plus the helpers as `it.h`. */
export type TemplateContext = { readonly [key: string]: unknown };
export type TemplateScope = TemplateContext & { readonly h: TemplateHelpers };

/** The compiled templates of one folder. */
export interface TemplateSet {
  readonly dir: string;
  /** Template names: file names without `.dot` (`device.cfg.dot` → `device.cfg`), sorted. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /**
   * Renders a template with `context` as `it` and the helpers as `it.h` (a context key `h` is
   * shadowed). Throws TemplateRenderError when the template throws or the name is unknown.
   */
  render(name: string, context: TemplateContext): string;
}

type RenderFunction = (it: TemplateScope) => string;

/**
 * doT 1.x settings REPLACE the defaults (a bare `{strip: false}` renders nothing), hence the
 * spread. `strip: false` keeps whitespace and newlines exactly, which line-based config formats
 * need; `selfcontained` keeps `{{! }}` from installing a global `_encodeHTML`; with
 * `doNotSkipEncoded` an `&amp;` in a value is encoded again rather than trusted.
 */
const SETTINGS: TemplateSettings & { readonly doNotSkipEncoded: boolean } = {
  ...doT.templateSettings,
  strip: false,
  varname: 'it',
  selfcontained: true,
  doNotSkipEncoded: true,
};

const TEMPLATE_SUFFIX = '.dot';
const PARTIAL_SUFFIX = '.def';

const listFiles = async (dir: string): Promise<string[]> => {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
};

/** doT prints the whole generated function with console.log when it fails; we report it ourselves. */
const withoutDotLogging = <T>(compile: () => T): T => {
  const log = console.log;
  console.log = () => {};
  try {
    return compile();
  } finally {
    console.log = log;
  }
};

const compileOne = (file: string, source: string, partials: { readonly [name: string]: string }) => {
  const problem = locateCompileError(source, new Set(Object.keys(partials)));
  if (problem !== undefined) throw new TemplateCompileError(file, problem.line, problem.reason);
  try {
    // doT stores `{{## #}}` defines in the defs object: each template gets its own copy.
    const compiled = withoutDotLogging(() => doT.template(source, SETTINGS, { ...partials }));
    return (it: TemplateScope): string => compiled(it);
  } catch (err) {
    throw new TemplateCompileError(file, undefined, `does not compile: ${errorMessage(err)}`);
  }
};

/**
 * Loads a plugin's `templates/` folder: `*.dot` templates and `*.def` partials (used as
 * `{{#def.<name>}}`, name = file name without `.def`). A missing folder gives an empty set.
 * Sub-folders are ignored. Throws TemplateCompileError naming the file (and line when found).
 */
export const compileTemplates = async (dir: string): Promise<TemplateSet> => {
  const files = (await listFiles(dir)).sort();
  const partials: { [name: string]: string } = {};
  for (const file of files.filter((f) => f.endsWith(PARTIAL_SUFFIX))) {
    partials[file.slice(0, -PARTIAL_SUFFIX.length)] = await readFile(join(dir, file), 'utf8');
  }
  const templates = new Map<string, RenderFunction>();
  for (const file of files.filter((f) => f.endsWith(TEMPLATE_SUFFIX))) {
    const source = await readFile(join(dir, file), 'utf8');
    templates.set(file.slice(0, -TEMPLATE_SUFFIX.length), compileOne(join(dir, file), source, partials));
  }
  return {
    dir,
    names: [...templates.keys()],
    has: (name) => templates.has(name),
    render: (name, context) => {
      const template = templates.get(name);
      if (template === undefined) throw new TemplateRenderError(name, 'no such template');
      try {
        return template({ ...context, h: templateHelpers });
      } catch (err) {
        throw new TemplateRenderError(name, errorMessage(err));
      }
    },
  };
};
