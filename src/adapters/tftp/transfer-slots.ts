/**
 * Concurrency caps (global and per client address) and duplicate-request detection. A slot is
 * taken when a request is accepted, before it is resolved, and given back when the transfer ends:
 * a slow resolver counts against the caps like a running transfer.
 */

export interface Slot {
  readonly requestKey: string;
  readonly clientKey: string;
  /** Set when the server shuts down while the request is still being resolved. */
  cancelled: boolean;
  released: boolean;
}

export type Reservation =
  | { readonly ok: true; readonly slot: Slot }
  | {
      readonly ok: false;
      readonly reason: 'duplicate' | 'server transfer limit reached' | 'client transfer limit reached';
    };

export class TransferSlots {
  readonly #slots = new Set<Slot>();
  readonly #requests = new Set<string>();
  readonly #perClient = new Map<string, number>();

  constructor(
    private readonly maxTransfers: number,
    private readonly maxPerClient: number,
    /** Called each time a slot is given back. */
    private readonly onRelease: () => void,
  ) {}

  get size(): number {
    return this.#slots.size;
  }

  /** `requestKey` identifies a request (a client's retransmission has the same key). */
  reserve(requestKey: string, clientKey: string): Reservation {
    if (this.#requests.has(requestKey)) return { ok: false, reason: 'duplicate' };
    if (this.#slots.size >= this.maxTransfers) return { ok: false, reason: 'server transfer limit reached' };
    if ((this.#perClient.get(clientKey) ?? 0) >= this.maxPerClient) {
      return { ok: false, reason: 'client transfer limit reached' };
    }
    const slot: Slot = { requestKey, clientKey, cancelled: false, released: false };
    this.#slots.add(slot);
    this.#requests.add(requestKey);
    this.#perClient.set(clientKey, (this.#perClient.get(clientKey) ?? 0) + 1);
    return { ok: true, slot };
  }

  release(slot: Slot): void {
    if (slot.released) return;
    slot.released = true;
    this.#slots.delete(slot);
    this.#requests.delete(slot.requestKey);
    const left = (this.#perClient.get(slot.clientKey) ?? 1) - 1;
    if (left > 0) this.#perClient.set(slot.clientKey, left);
    else this.#perClient.delete(slot.clientKey);
    this.onRelease();
  }

  cancelAll(): void {
    for (const slot of this.#slots) slot.cancelled = true;
  }
}
