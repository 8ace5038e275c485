/**
 * The gossip messages the UI knows: each message with its exact `reached` count and its first
 * receipts (who got it, from whom, after how many hops, when), for the most recent
 * {@link MESSAGE_HISTORY} messages. Older messages are forgotten whole. A sharded network sends
 * only a sample of its receipts one by one and counts the rest ({@link MessageLog.counted}): those
 * add to `reached` without a receipt of their own, so the count stays exact.
 */
import type { CommandResults, UiMessage } from '../shared/types';

/** How many messages keep their receipts. */
export const MESSAGE_HISTORY = 500;
/** How many forgotten message ids are remembered, so late receipts do not bring them back. */
const FORGOTTEN_KEPT = 20_000;
/** Counted receipts kept for messages not known yet (their creation is on its way from another shard). */
const PENDING_KEPT = 5_000;

/** One first receipt of a message. */
export type Receipt = CommandResults['messageSpread']['receipts'][number];

interface Entry {
  message: UiMessage;
  receipts: Receipt[];
  /** Nodes that have it (origin included), so a repeated receipt is not counted twice. */
  holders: Set<string>;
  /** First receipts counted without their details (a sharded network's unsampled ones). */
  counted: number;
}

/** Messages and their receipts, bounded to the most recent `capacity`. */
export class MessageLog {
  private readonly entries = new Map<string, Entry>();
  /** Ids of messages forgotten (the most recent {@link FORGOTTEN_KEPT}). */
  private readonly forgotten = new Set<string>();
  /** Counted receipts of messages not known yet, by id. */
  private readonly pending = new Map<string, number>();
  /** Messages ever added, kept or forgotten since. */
  private added = 0;

  /** @param capacity messages kept (default {@link MESSAGE_HISTORY}) */
  constructor(private readonly capacity = MESSAGE_HISTORY) {}

  /**
   * Records a new message created by `origin` at `at` (ms since the epoch).
   * @returns the message as the UI shows it (reached = 1: its origin).
   */
  created(id: string, origin: string, text: string, at: number): UiMessage {
    const known = this.entries.get(id);
    if (known) {
      // first seen through a receipt (from another shard): now its text and creation time are known
      if (known.message.text === '' && text !== '') {
        known.message.text = text;
        known.message.at = at;
      }
      return { ...known.message };
    }
    const message: UiMessage = { id, origin, text, at, reached: 1 };
    this.add(id, { message, receipts: [], holders: new Set([origin]), counted: 0 });
    return { ...message };
  }

  /**
   * Records that `node` received message `id` for the first time. A message not known yet
   * (created by a remote peer, or its creation not merged yet) is added on its first receipt, with
   * an empty text and its creation time estimated as `at − latencyMs`, unless `allowNew` is false
   * or the message was forgotten already (a receipt that comes after the message left the log).
   * @returns the updated message, or undefined when `node` already had it or it is not kept.
   */
  received(r: Receipt & { id: string; origin: string; latencyMs: number }, allowNew = true): UiMessage | undefined {
    let e = this.entries.get(r.id);
    if (!e) {
      if (!allowNew || this.forgotten.has(r.id)) return undefined;
      e = { message: { id: r.id, origin: r.origin, text: '', at: r.at - r.latencyMs, reached: 1 }, receipts: [], holders: new Set([r.origin]), counted: 0 };
      this.add(r.id, e);
    }
    if (e.holders.has(r.node)) return undefined;
    e.holders.add(r.node);
    e.receipts.push({ node: r.node, from: r.from, hops: r.hops, at: r.at });
    e.message.reached = e.holders.size + e.counted;
    return { ...e.message };
  }

  /**
   * Adds `count` first receipts of message `id` known only by number (a shard's receipts beyond
   * its sample). For a message not known yet they wait for it (bounded).
   * @returns the updated message, or undefined when it is not kept (yet).
   */
  counted(id: string, count: number): UiMessage | undefined {
    const e = this.entries.get(id);
    if (!e) {
      if (this.forgotten.has(id)) return undefined;
      this.pending.set(id, (this.pending.get(id) ?? 0) + count);
      if (this.pending.size > PENDING_KEPT) this.pending.delete(this.pending.keys().next().value as string);
      return undefined;
    }
    e.counted += count;
    e.message.reached = e.holders.size + e.counted;
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

  /** How many messages this log has seen in all — every one, not only the {@link MESSAGE_HISTORY} it keeps. */
  get total(): number {
    return this.added;
  }

  /** Every kept message, oldest first. */
  all(): UiMessage[] {
    return [...this.entries.values()].map((e) => ({ ...e.message }));
  }

  private add(id: string, e: Entry): void {
    const waiting = this.pending.get(id);
    if (waiting !== undefined) {
      this.pending.delete(id);
      e.counted += waiting;
      e.message.reached = e.holders.size + e.counted;
    }
    this.entries.set(id, e);
    this.added++;
    while (this.entries.size > this.capacity) {
      const old = this.entries.keys().next().value as string;
      this.entries.delete(old);
      this.forgotten.add(old);
      if (this.forgotten.size > FORGOTTEN_KEPT) this.forgotten.delete(this.forgotten.keys().next().value as string);
    }
  }
}
