/**
 * The gossip messages the UI knows: each message with its exact `reached` count and its first
 * receipts (who got it, from whom, after how many hops, when), for the most recent
 * {@link MESSAGE_HISTORY} messages. Older messages are forgotten whole.
 */
import type { CommandResults, UiMessage } from '../../shared/contract';

/** How many messages keep their receipts. */
export const MESSAGE_HISTORY = 500;

/** One first receipt of a message. */
export type Receipt = CommandResults['messageSpread']['receipts'][number];

interface Entry {
  message: UiMessage;
  receipts: Receipt[];
  /** Nodes that have it (origin included), so a repeated receipt is not counted twice. */
  holders: Set<string>;
}

/** Messages and their receipts, bounded to the most recent `capacity`. */
export class MessageLog {
  private readonly entries = new Map<string, Entry>();

  /** @param capacity messages kept (default {@link MESSAGE_HISTORY}) */
  constructor(private readonly capacity = MESSAGE_HISTORY) {}

  /**
   * Records a new message created by `origin` at `at` (ms since the epoch).
   * @returns the message as the UI shows it (reached = 1: its origin).
   */
  created(id: string, origin: string, text: string, at: number): UiMessage {
    const known = this.entries.get(id);
    if (known) return { ...known.message };
    const message: UiMessage = { id, origin, text, at, reached: 1 };
    this.add(id, { message, receipts: [], holders: new Set([origin]) });
    return { ...message };
  }

  /**
   * Records that `node` received message `id` for the first time. A message created elsewhere
   * (by a remote peer) is added on its first receipt, with an empty text and its creation time
   * estimated as `at − latencyMs`, unless `allowNew` is false (a local message no longer kept).
   * @returns the updated message, or undefined when `node` already had it or it is not kept.
   */
  received(r: Receipt & { id: string; origin: string; latencyMs: number }, allowNew = true): UiMessage | undefined {
    let e = this.entries.get(r.id);
    if (!e) {
      if (!allowNew) return undefined;
      e = { message: { id: r.id, origin: r.origin, text: '', at: r.at - r.latencyMs, reached: 1 }, receipts: [], holders: new Set([r.origin]) };
      this.add(r.id, e);
    }
    if (e.holders.has(r.node)) return undefined;
    e.holders.add(r.node);
    e.receipts.push({ node: r.node, from: r.from, hops: r.hops, at: r.at });
    e.message.reached = e.holders.size;
    return { ...e.message };
  }

  /** The message with this id, if kept. */
  get(id: string): UiMessage | undefined {
    const e = this.entries.get(id);
    return e ? { ...e.message } : undefined;
  }

  /** The first receipts of message `id` in arrival order, or undefined when it is not kept. */
  receipts(id: string): Receipt[] | undefined {
    return this.entries.get(id)?.receipts.map((r) => ({ ...r }));
  }

  /** Every kept message, oldest first. */
  all(): UiMessage[] {
    return [...this.entries.values()].map((e) => ({ ...e.message }));
  }

  private add(id: string, e: Entry): void {
    this.entries.set(id, e);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
