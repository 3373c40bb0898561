/**
 * doT compiles a whole template into one `new Function` body, so V8's SyntaxError says neither
 * which tag nor which line is wrong. This scanner re-reads the source tag by tag, with doT's
 * tag syntax, and reports the first problem it can pin to a line: a tag left open, an
 * unbalanced `{{?}}`/`{{~}}` block, an expression that does not parse, an unknown partial.
 */

export interface LocatedProblem {
  readonly line: number;
  readonly reason: string;
}

interface Tag {
  readonly line: number;
  readonly code: string;
}

interface OpenBlock {
  readonly kind: '?' | '~';
  readonly line: number;
}

// Same shapes as doT's defaults: `{{## def.name: … #}}` defines, everything else is `{{ … }}`
// (a tag may end with extra `}` as in `{{ } }}`).
const DEFINE = /\{\{##\s*(?:def\.)?([\w.$]+)\s*(?::|=)[\s\S]+?#\}\}/g;
const TAG = /\{\{([\s\S]+?\}*)\}\}/g;
const USE = /^#\s*def\.([\w$]+)/;
const ITERATE = /^~\s*([\s\S]+?)\s*:\s*[\w$]+\s*(?::\s*[\w$]+\s*)?$/;

const lineAt = (source: string, index: number): number => source.slice(0, index).split('\n').length;

const parsesAsExpression = (code: string): string | undefined => {
  try {
    // Compiles without running: only the syntax is checked.
    new Function('it', `return (${code});`);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
};

/** Blanks the `{{## … #}}` defines (keeping newlines, so line numbers stay right); returns their names. */
const blankDefines = (source: string): { text: string; names: Set<string> } => {
  const names = new Set<string>();
  const text = source.replace(DEFINE, (whole, name: string) => {
    names.add(name);
    return whole.replace(/[^\n]/g, ' ');
  });
  return { text, names };
};

const collectTags = (text: string): { tags: Tag[]; unclosedAt?: number } => {
  const tags: Tag[] = [];
  let end = 0;
  for (const match of text.matchAll(TAG)) {
    const unclosed = text.slice(end, match.index).indexOf('{{');
    if (unclosed >= 0) return { tags, unclosedAt: lineAt(text, end + unclosed) };
    tags.push({ line: lineAt(text, match.index), code: match[1] ?? '' });
    end = match.index + match[0].length;
  }
  const unclosed = text.indexOf('{{', end);
  return unclosed >= 0 ? { tags, unclosedAt: lineAt(text, unclosed) } : { tags };
};

const checkTag = (tag: Tag, stack: OpenBlock[], partials: ReadonlySet<string>): string | undefined => {
  const { code } = tag;
  if (code.includes('{{')) return '"{{" is not closed before the next tag';
  if (code.startsWith('=') || code.startsWith('!')) return parsesAsExpression(code.slice(1));
  if (code.startsWith('#')) {
    const name = USE.exec(code)?.[1];
    if (name !== undefined && !partials.has(name)) return `unknown partial "${name}"`;
    return undefined;
  }
  if (code.startsWith('?')) return checkConditional(tag, stack);
  if (code.startsWith('~')) return checkIterate(tag, stack);
  return undefined; // `{{ code }}` may be a fragment (`for (…) {`): nothing to check on its own
};

const checkConditional = (tag: Tag, stack: OpenBlock[]): string | undefined => {
  const isElse = tag.code.startsWith('??');
  const expression = tag.code.slice(isElse ? 2 : 1).trim();
  if (isElse || expression === '') {
    if (stack.at(-1)?.kind !== '?') return `"{{${tag.code}}}" without an open "{{? …}}"`;
    if (!isElse) stack.pop();
    return expression === '' ? undefined : parsesAsExpression(expression);
  }
  stack.push({ kind: '?', line: tag.line });
  return parsesAsExpression(expression);
};

const checkIterate = (tag: Tag, stack: OpenBlock[]): string | undefined => {
  if (tag.code.trim() === '~') {
    if (stack.at(-1)?.kind !== '~') return '"{{~}}" without an open "{{~ list :item}}"';
    stack.pop();
    return undefined;
  }
  const list = ITERATE.exec(tag.code)?.[1];
  if (list === undefined) return `"{{${tag.code}}}" is not "{{~ list :item[:index]}}"`;
  stack.push({ kind: '~', line: tag.line });
  return parsesAsExpression(list);
};

/** The first problem found in a template's source, or undefined when the scanner sees none. */
export const locateCompileError = (
  source: string,
  partials: ReadonlySet<string>,
): LocatedProblem | undefined => {
  const { text, names } = blankDefines(source);
  const known = new Set([...partials, ...names]);
  const { tags, unclosedAt } = collectTags(text);
  const stack: OpenBlock[] = [];
  for (const tag of tags) {
    const reason = checkTag(tag, stack, known);
    if (reason !== undefined) return { line: tag.line, reason };
  }
  if (unclosedAt !== undefined) return { line: unclosedAt, reason: '"{{" is never closed by "}}"' };
  const open = stack.at(-1);
  if (open !== undefined) {
    const closer = open.kind === '?' ? '{{?}}' : '{{~}}';
    return { line: open.line, reason: `block opened here is never closed by "${closer}"` };
  }
  return undefined;
};
