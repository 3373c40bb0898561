/**
 * A strict reader of the Prometheus text format (0.0.4), written from the format's description
 * and independent of the encoder under test: every line must be a HELP, a TYPE or a sample of
 * the family its TYPE opened, label values are unescaped, and anything else throws.
 */

export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedExposition {
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
  readonly samples: readonly ParsedSample[];
  /** The value of the one sample with exactly these labels, or undefined. */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
  /** Samples of `name` whose labels include `labels`. */
  select(name: string, labels?: Readonly<Record<string, string>>): ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(\\{.*\\})? (\\S+)$`);
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

const parseValue = (text: string, line: string): number => {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
};

const parseLabels = (text: string, line: string): Record<string, string> => {
  const labels: Record<string, string> = {};
  let i = 1;
  const end = text.length - 1;
  while (i < end) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (name === undefined || text[i + name.length] !== '=' || text[i + name.length + 1] !== '"') {
      throw new Error(`bad label at ${i} in: ${line}`);
    }
    i += name.length + 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined || i >= end) throw new Error(`unterminated label value in: ${line}`);
      if (c === '"') break;
      if (c === '\n') throw new Error(`raw line feed in: ${line}`);
      if (c === '\\') {
        const next = text[i + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`bad escape in: ${line}`);
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    i++;
    if (text[i] === ',') i++;
    else if (i !== end) throw new Error(`expected , or } at ${i} in: ${line}`);
  }
  return labels;
};

const unescapeHelp = (text: string): string =>
  text.replace(/\\(\\|n)/g, (_all, c: string) => (c === 'n' ? '\n' : '\\'));

export const parseExposition = (text: string): ParsedExposition => {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: ParsedSample[] = [];
  let family: string | undefined;
  for (const line of text.split('\n').slice(0, -1)) {
    const helpMatch = HELP_LINE.exec(line);
    if (helpMatch) {
      const [, name, doc] = helpMatch as unknown as [string, string, string];
      if (help.has(name) || types.has(name)) throw new Error(`family ${name} appears twice`);
      help.set(name, unescapeHelp(doc));
      family = name;
      continue;
    }
    const typeMatch = TYPE_LINE.exec(line);
    if (typeMatch) {
      const [, name, type] = typeMatch as unknown as [string, string, string];
      if (name !== family) throw new Error(`TYPE of ${name} not after its HELP`);
      if (types.has(name)) throw new Error(`two TYPE lines for ${name}`);
      types.set(name, type);
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`not a valid line: ${JSON.stringify(line)}`);
    const [, name, labelText, valueText] = sample as unknown as [string, string, string | undefined, string];
    const type = family === undefined ? undefined : types.get(family);
    if (family === undefined || type === undefined) throw new Error(`sample before any TYPE: ${line}`);
    const suffix = name.slice(family.length);
    if (!name.startsWith(family) || !(SUFFIXES[type] ?? []).includes(suffix)) {
      throw new Error(`sample ${name} outside its family ${family}`);
    }
    samples.push({
      name,
      labels: labelText === undefined ? {} : parseLabels(labelText, line),
      value: parseValue(valueText, line),
    });
  }
  const includes = (labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>) =>
    Object.entries(wanted).every(([k, v]) => labels[k] === v);
  const select = (name: string, labels: Readonly<Record<string, string>> = {}) =>
    samples.filter((s) => s.name === name && includes(s.labels, labels));
  return {
    types,
    help,
    samples,
    select,
    value: (name, labels = {}) => {
      const found = select(name, labels).filter(
        (s) => Object.keys(s.labels).length === Object.keys(labels).length,
      );
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match`);
      return found[0]?.value;
    },
  };
};
