import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileTemplates } from '../../src/plugin-runtime/templates/compile-templates.js';
import { TemplateCompileError, TemplateRenderError } from '../../src/plugin-runtime/templates/errors.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

let tmp: TempDir;
beforeEach(async () => {
  tmp = await makeTempDir('provd-templates-');
});
afterEach(() => tmp.remove());

const writeTemplates = async (files: { readonly [name: string]: string }): Promise<string> => {
  const dir = join(tmp.path, 'templates');
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
};

const compileError = async (files: { readonly [name: string]: string }): Promise<TemplateCompileError> => {
  const error = await compileTemplates(await writeTemplates(files)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TemplateCompileError);
  return error as TemplateCompileError;
};

describe('compileTemplates', () => {
  it('keeps whitespace exactly (strip: false): tabs, double spaces, blank lines, CRLF', async () => {
    const source = '\t# tab\nkey  =  {{=it.v}}\n\n  indented\r\nlast line without newline';
    const set = await compileTemplates(await writeTemplates({ 'ws.dot': source }));
    expect(set.render('ws', { v: 'x' })).toBe(
      '\t# tab\nkey  =  x\n\n  indented\r\nlast line without newline',
    );
  });

  it('names templates after their file without .dot, and offers .def partials as def.<name>', async () => {
    const dir = await writeTemplates({
      'device.cfg.dot': 'a = {{=it.a}}\n{{#def.common}}\n',
      'common.def': 'shared = {{=it.h.line(it.b)}}',
      'ignored.txt': 'not a template',
    });
    const set = await compileTemplates(dir);
    expect(set.names).toEqual(['device.cfg']);
    expect(set.has('device.cfg')).toBe(true);
    expect(set.render('device.cfg', { a: 1, b: 'two' })).toBe('a = 1\nshared = two\n');
  });

  it('gives templates the helpers as it.h', async () => {
    const set = await compileTemplates(
      await writeTemplates({
        'h.dot': '{{=it.h.xml(it.x)}}|{{=it.h.bool01(it.y)}}|{{=it.h.or(it.z, "none")}}',
      }),
    );
    expect(set.render('h', { x: '<a&b>', y: 'yes', z: '' })).toBe('&lt;a&amp;b&gt;|1|none');
  });

  it('encodes {{! }} without trusting existing entities and without a global', async () => {
    const set = await compileTemplates(await writeTemplates({ 'e.dot': '{{!it.x}}' }));
    expect(set.render('e', { x: '&amp; <' })).toBe('&#38;amp; &#60;');
    expect('_encodeHTML' in globalThis).toBe(false);
  });

  it('gives an empty set for a missing folder', async () => {
    const set = await compileTemplates(join(tmp.path, 'nope'));
    expect(set.names).toEqual([]);
  });

  it('does not let a value inject a config line when rendered through h.line', async () => {
    const set = await compileTemplates(
      await writeTemplates({ 'l.dot': 'account.1.display_name = {{=it.h.line(it.name)}}\n' }),
    );
    const out = set.render('l', { name: 'Bob\nsip.account.1.password = stolen' });
    expect(out).toBe('account.1.display_name = Bobsip.account.1.password = stolen\n');
    expect(out.split('\n')).toHaveLength(2);
  });

  it('turns a throwing template into a TemplateRenderError naming it', async () => {
    const set = await compileTemplates(await writeTemplates({ 'boom.dot': 'x = {{=it.missing.deep}}' }));
    expect(() => set.render('boom', {})).toThrow(TemplateRenderError);
    expect(() => set.render('boom', {})).toThrow(/^template boom failed: .*deep/);
    expect(() => set.render('absent', {})).toThrow('template absent failed: no such template');
  });
});

describe('compile errors name the file and the line', () => {
  it.each([
    ['an expression that does not parse', 'a\nb = {{= it.x + }}\n', 2, /Unexpected token|Unexpected end/],
    ['a conditional left open', 'a\n{{? it.x }}yes\nc\n', 2, /never closed by "\{\{\?\}\}"/],
    ['a loop left open', '{{~ it.xs :x }}\n{{=x}}\n', 1, /never closed by "\{\{~\}\}"/],
    ['a stray block end', 'a\nb\n{{~}}\n', 3, /without an open/],
    ['an else outside a conditional', '{{??}}\n', 1, /without an open/],
    ['a tag never closed', 'a = 1\nb = {{=it.b\n', 2, /never closed/],
    [
      'a tag closed after the next one opens',
      'a = {{=it.a \nb = {{=it.b}}\n',
      1,
      /not closed before the next tag/,
    ],
    ['an unknown partial', 'x\n\n{{#def.nothing}}\n', 3, /unknown partial "nothing"/],
    ['a malformed loop', '{{~ it.xs }}{{~}}', 1, /is not "\{\{~ list :item/],
  ])('%s', async (_, source, line, reason) => {
    const error = await compileError({ 'bad.cfg.dot': source });
    expect(error.file).toMatch(/templates[/\\]bad\.cfg\.dot$/);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`bad\\.cfg\\.dot:${line}: `));
    expect(error.reason).toMatch(reason);
  });

  it('line numbers stay right after a multi-line {{## define #}}', async () => {
    const error = await compileError({ 'd.dot': '{{##def.x:\nline1\nline2\n#}}\n{{= ( }}\n' });
    expect(error.line).toBe(5);
  });

  it('accepts every doT construct used correctly', async () => {
    const source = [
      '{{##def.local:local = {{=it.a}}#}}',
      '{{ var v = it.h.line; }}{{#def.local}}',
      '{{? it.a }}a{{?? it.b }}b{{??}}c{{?}}',
      '{{~ it.xs :x:i }}{{=i}}={{=v(x)}} {{~}}',
      '{{!it.a}}',
    ].join('\n');
    const set = await compileTemplates(await writeTemplates({ 'ok.dot': source }));
    expect(set.render('ok', { a: 'A', xs: ['p', 'q'] })).toBe('\nlocal = A\na\n0=p 1=q \nA');
  });
});
