/**
 * Generation slots and the bounded queue in front of them. A request takes an idle slot, waits
 * in the queue, or is refused (429 with Retry-After) when the queue is full. For multi-turn
 * chats the idle slot whose last conversation is the longest prefix of the new one is chosen, so
 * its KV cache is reused.
 */
import type { ChatMessage } from "../sdk/types.ts";
import { HttpError } from "./errors.ts";

export interface Slot<S> {
  readonly id: number;
  readonly state: S;
  /** The conversation the slot's cache holds (messages of its last request plus the answer). */
  history: ChatMessage[];
  lastUsed: number;
}

export interface Lease<S> {
  slot: Slot<S>;
  /** Messages of `history` that the new request repeats (0: no reuse). */
  prefixMessages: number;
  release(): void;
}

interface Waiter<S> {
  messages: ChatMessage[] | undefined;
  resolve: (lease: Lease<S>) => void;
  reject: (err: unknown) => void;
}

export class SlotPool<S> {
  private readonly slots: Slot<S>[];
  private readonly idle: Set<Slot<S>>;
  private readonly queue: Waiter<S>[] = [];
  private readonly maxQueue: number;
  /** Mean seconds a request holds a slot (exponential average), for Retry-After. */
  private meanHold = 5;

  constructor(states: S[], maxQueue: number) {
    this.slots = states.map((state, id) => ({ id, state, history: [], lastUsed: 0 }));
    this.idle = new Set(this.slots);
    this.maxQueue = maxQueue;
  }

  get size(): number {
    return this.slots.length;
  }
  get busy(): number {
    return this.slots.length - this.idle.size;
  }
  get queued(): number {
    return this.queue.length;
  }
  get states(): S[] {
    return this.slots.map((s) => s.state);
  }

  acquire(messages: ChatMessage[] | undefined, signal?: AbortSignal): Promise<Lease<S>> {
    if (this.idle.size > 0) return Promise.resolve(this.lease(this.pick(messages), messages));
    if (this.queue.length >= this.maxQueue) {
      const wait = Math.max(1, Math.ceil((this.meanHold * (this.queue.length + 1)) / this.slots.length));
      return Promise.reject(
        new HttpError(429, `all ${this.slots.length} generation slots are busy and ${this.queue.length} requests are queued; retry in about ${wait} s`, {
          code: "server_busy",
          headers: { "retry-after": String(wait) },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter<S> = { messages, resolve, reject };
      this.queue.push(waiter);
      signal?.addEventListener(
        "abort",
        () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(new HttpError(499, "client closed the request while it was queued", { code: "client_closed" }));
          }
        },
        { once: true },
      );
    });
  }

  private pick(messages: ChatMessage[] | undefined): Slot<S> {
    let best: Slot<S> | undefined;
    let bestLen = -1;
    for (const s of this.idle) {
      const len = messages ? sharedPrefix(s.history, messages) : 0;
      if (len > bestLen || (len === bestLen && best && s.lastUsed < best.lastUsed)) {
        best = s;
        bestLen = len;
      }
    }
    return best!;
  }

  private lease(slot: Slot<S>, messages: ChatMessage[] | undefined): Lease<S> {
    this.idle.delete(slot);
    const started = Date.now();
    const prefixMessages = messages ? sharedPrefix(slot.history, messages) : 0;
    let released = false;
    return {
      slot,
      prefixMessages,
      release: () => {
        if (released) return;
        released = true;
        slot.lastUsed = Date.now();
        this.meanHold = 0.8 * this.meanHold + 0.2 * ((slot.lastUsed - started) / 1000);
        const next = this.queue.shift();
        if (next) next.resolve(this.lease(slot, next.messages));
        else this.idle.add(slot);
      },
    };
  }
}

/** How many leading messages two conversations share (role and content equal). */
export function sharedPrefix(a: ChatMessage[], b: ChatMessage[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i]!.role === b[i]!.role && a[i]!.content === b[i]!.content) i++;
  return i;
}
