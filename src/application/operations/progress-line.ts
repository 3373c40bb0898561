import { Operation, type OperationState } from './operation.js';

/**
 * A one-line text rendering of an operation in progress, for a terminal:
 * `install yealink [#####.....] 52% 1.2/2.3 MB`. It reads provd's status string (what
 * `GET <monitor>` answers), so a client of the REST API can draw the same line as the server.
 */

export interface OperationStatus {
  readonly label: string | undefined;
  readonly state: OperationState;
  readonly current: number | undefined;
  readonly end: number | undefined;
  readonly children: readonly OperationStatus[];
}

const STATES = new Set<string>(['waiting', 'progress', 'success', 'fail']);
const HEAD = /^(?:([^|()]*)\|)?(waiting|progress|success|fail)(?:;(\d+)(?:\/(\d+))?)?$/;

/** Parses `[label|]state[;current[/end]]` followed by `(child)` groups (provd-spec §1.7). */
export const parseOperationStatus = (status: string): OperationStatus => {
  let at = 0;
  const node = (): OperationStatus => {
    const start = at;
    while (at < status.length && status[at] !== '(' && status[at] !== ')') at++;
    const match = HEAD.exec(status.slice(start, at));
    if (match === null || !STATES.has(match[2] ?? '')) throw new Error(`not an operation status: ${status}`);
    const children: OperationStatus[] = [];
    while (status[at] === '(') {
      at++;
      children.push(node());
      if (status[at] !== ')') throw new Error(`not an operation status: ${status}`);
      at++;
    }
    return {
      label: match[1],
      state: match[2] as OperationState,
      current: match[3] === undefined ? undefined : Number(match[3]),
      end: match[4] === undefined ? undefined : Number(match[4]),
      children,
    };
  };
  const root = node();
  if (at !== status.length) throw new Error(`not an operation status: ${status}`);
  return root;
};

/**
 * The amounts of an operation: its own, else the sum of its sub-operations' (a package install
 * counts the bytes of every file it downloads). `end` only when every part knows its own.
 */
const amounts = (node: OperationStatus): { current: number; end: number | undefined } | undefined => {
  if (node.current !== undefined) return { current: node.current, end: node.end };
  const parts = node.children.map(amounts).filter((a) => a !== undefined);
  if (parts.length === 0) return undefined;
  const ends = parts.map((p) => p.end);
  return {
    current: parts.reduce((sum, p) => sum + p.current, 0),
    end: ends.every((e) => e !== undefined) ? ends.reduce((sum, e) => sum + e, 0) : undefined,
  };
};

const UNITS: readonly [number, string][] = [
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
];

/** `1.2/2.3 MB`, `12.3 kB`, `512 B`: one unit, chosen by the larger figure. */
const bytes = (current: number, end?: number): string => {
  const [scale, unit] = UNITS.find(([size]) => (end ?? current) >= size) ?? [1, 'B'];
  const show = (n: number): string => (scale === 1 ? String(n) : (n / scale).toFixed(1));
  return end === undefined ? `${show(current)} ${unit}` : `${show(current)}/${show(end)} ${unit}`;
};

/** A size as the bar shows it (`12.3 kB`): for listings next to it. */
export const formatBytes = (size: number): string => bytes(size);

const SUFFIX: Readonly<Record<OperationState, string>> = {
  waiting: '',
  progress: '',
  success: ' done',
  fail: ' failed',
};

export interface ProgressLineOptions {
  /** What the operation is about, e.g. the plugin id: `install yealink …`. */
  readonly subject?: string;
  /** Characters of the bar (default 20). */
  readonly width?: number;
  /** What the counters count when they are not bytes, e.g. `events`: `1,200/5,000 events`. */
  readonly counts?: string;
}

const counted = (what: string, current: number, end?: number): string => {
  const show = (n: number): string => n.toLocaleString('en-US');
  return `${end === undefined ? show(current) : `${show(current)}/${show(end)}`} ${what}`;
};

/** The line for an operation or its status string. */
export const progressLine = (operation: Operation | string, options: ProgressLineOptions = {}): string => {
  const status = parseOperationStatus(operation instanceof Operation ? operation.format() : operation);
  const width = options.width ?? 20;
  const name = [status.label, options.subject].filter((part) => part !== undefined && part !== '').join(' ');
  const prefix = name === '' ? '' : `${name} `;
  if (status.state === 'waiting') return `${prefix}waiting`;
  const amount = amounts(status);
  if (amount === undefined)
    return `${prefix}${status.state === 'progress' ? 'in progress' : SUFFIX[status.state].trim()}`;
  const figures = (current: number, end?: number): string =>
    options.counts === undefined ? bytes(current, end) : counted(options.counts, current, end);
  let line: string;
  if (amount.end === undefined || amount.end === 0) {
    line = figures(amount.current);
  } else {
    const ratio = Math.min(Math.max(amount.current / amount.end, 0), 1);
    const filled = Math.floor(ratio * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    line = `${bar} ${Math.floor(ratio * 100)}% ${figures(amount.current, amount.end)}`;
  }
  return `${prefix}${line}${SUFFIX[status.state]}`;
};
