/**
 * An operation in progress (provd-spec §1.7): a long task clients poll through a monitor
 * resource. States only move forward (waiting → progress → success | fail); children are only
 * ever appended; a parent is finished by its owner after its children. The status string is
 * provd's grammar: `[label|]state[;current[/end]]` then each child in parentheses, recursively.
 */
export type OperationState = 'waiting' | 'progress' | 'success' | 'fail';

const RANK: Readonly<Record<OperationState, number>> = { waiting: 0, progress: 1, success: 2, fail: 2 };

export class Operation {
  #state: OperationState = 'waiting';
  #current: number | undefined;
  #end: number | undefined;
  #error: string | undefined;
  readonly #children: Operation[] = [];

  constructor(readonly label?: string) {}

  get state(): OperationState {
    return this.#state;
  }

  /** Why the operation failed (not part of provd's status string; logged and shown by the CLI). */
  get error(): string | undefined {
    return this.#error;
  }

  get children(): readonly Operation[] {
    return this.#children;
  }

  get done(): boolean {
    return this.#state === 'success' || this.#state === 'fail';
  }

  /** Appends a sub-operation (e.g. one download among several). */
  child(label?: string): Operation {
    const child = new Operation(label);
    this.#children.push(child);
    return child;
  }

  start(): this {
    return this.#move('progress');
  }

  /** Progress in units (bytes…); `end` when known. Starts the operation if it was waiting. */
  progress(current: number, end?: number): this {
    this.#move('progress');
    if (this.done) return this;
    this.#current = current;
    if (end !== undefined) this.#end = end;
    return this;
  }

  succeed(): this {
    return this.#move('success');
  }

  fail(error?: string): this {
    if (!this.done && error !== undefined) this.#error = error;
    return this.#move('fail');
  }

  /** provd's status string, e.g. `install|progress(download|progress;1024/4096)`. */
  format(): string {
    let text = this.label === undefined ? this.#state : `${this.label}|${this.#state}`;
    if (this.#current !== undefined) {
      text += `;${this.#current}`;
      if (this.#end !== undefined && this.#end !== 0) text += `/${this.#end}`;
    }
    for (const child of this.#children) text += `(${child.format()})`;
    return text;
  }

  /** Resolves once the operation has succeeded or failed (tests and the CLI wait on it). */
  async settled(pollMs = 20): Promise<OperationState> {
    while (!this.done) await new Promise((resolve) => setTimeout(resolve, pollMs));
    return this.#state;
  }

  #move(next: OperationState): this {
    if (RANK[next] > RANK[this.#state] || (next === 'progress' && this.#state === 'progress')) {
      this.#state = next;
    }
    return this;
  }
}

/**
 * The monitors of one server: per collection (e.g. `dev_mgr/synchronize`), a counter from 1 as
 * in provd. Monitors live in memory and are removed by the client (DELETE); as provd never
 * expired them and a forgetful client would leak, finished monitors beyond `maxFinished` per
 * collection are dropped oldest first.
 */
export class OperationRegistry {
  readonly #collections = new Map<string, { next: number; monitors: Map<number, Operation> }>();

  constructor(private readonly maxFinished = 1000) {}

  add(collection: string, operation: Operation): number {
    let entry = this.#collections.get(collection);
    if (entry === undefined) {
      entry = { next: 1, monitors: new Map() };
      this.#collections.set(collection, entry);
    }
    const id = entry.next++;
    entry.monitors.set(id, operation);
    this.#prune(entry.monitors);
    return id;
  }

  get(collection: string, id: number): Operation | undefined {
    return this.#collections.get(collection)?.monitors.get(id);
  }

  /** Removes the monitor only; the operation goes on. False when there was no such monitor. */
  delete(collection: string, id: number): boolean {
    return this.#collections.get(collection)?.monitors.delete(id) ?? false;
  }

  #prune(monitors: Map<number, Operation>): void {
    let finished = 0;
    for (const operation of monitors.values()) if (operation.done) finished++;
    if (finished <= this.maxFinished) return;
    for (const [id, operation] of monitors) {
      if (finished <= this.maxFinished) break;
      if (operation.done) {
        monitors.delete(id);
        finished--;
      }
    }
  }
}
