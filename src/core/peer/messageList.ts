/**
 * The Message List (ML): every gossip message a peer has seen, keyed by the hash of its text,
 * with the neighbour it first came from and the neighbours it was forwarded to. A message is
 * forwarded only on its first receipt; the ML is what makes every later copy a duplicate.
 */
import { createHash } from 'node:crypto';

/** What the ML records of one message. */
export interface MessageRecord {
  /** The neighbour it first came from (address key), or null when this peer created it. */
  from: string | null;
  /** The neighbours it was sent to (address keys). */
  sentTo: string[];
  /** When it was first seen, ms since the epoch. */
  at: number;
}

/** The ML key of a gossip message: the SHA-256 of its text, in hex. */
export function messageId(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A peer's Message List. */
export class MessageList {
  private readonly records = new Map<string, MessageRecord>();

  /** Messages recorded. */
  get size(): number {
    return this.records.size;
  }

  /** True when message `id` was seen before. */
  has(id: string): boolean {
    return this.records.has(id);
  }

  /** The record of message `id`, if seen. */
  get(id: string): Readonly<MessageRecord> | undefined {
    return this.records.get(id);
  }

  /** Records a first receipt. Returns false (and changes nothing) when `id` is already known. */
  add(id: string, record: MessageRecord): boolean {
    if (this.records.has(id)) return false;
    this.records.set(id, record);
    return true;
  }
}
