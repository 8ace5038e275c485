/**
 * The Message List (ML): the hash of every gossip message a peer has seen recently. A message is
 * forwarded only on its first receipt; the ML is what makes every later copy a duplicate.
 *
 * It is kept compact because a peer holds one entry per message of the whole network (10 per
 * peer at the defaults: 10,000 entries at 1,000 peers): an open-addressing hash set of the first
 * 64 bits of each SHA-256, in a typed array (8 bytes a slot, at most 3/4 full), instead of a Map
 * of 64-character strings (~100 bytes an entry, and garbage-collector work). Two different
 * messages agreeing in 64 bits of SHA-256 by chance has probability ≈ k²/2⁶⁵ for k messages
 * (≈ 3·10⁻¹² at k = 10,000); the full hash is still checked against the text on first receipt.
 *
 * It is bounded in time and in size, like gossipsub's seen-cache (a time-to-live):
 * - **Generations.** The entries live in {@link GENERATIONS} (3) hash sets. New entries go to the
 *   newest; every P = G / (GENERATIONS − 1) ms (by the injected clock, checked lazily on each
 *   call: no timer) the oldest set is dropped and an empty one becomes the newest. An entry added
 *   at t into a generation begun at s (s ≤ t < s + P) is dropped at s + 3P at the earliest, so it
 *   lives **more than G** (= 2P) and less than 1.5 G. G is `lifetimeMs`.
 * - **Cap.** At most `maxEntries` in all: when the newest generation holds ⌈maxEntries / 3⌉ the
 *   list rotates early (and calls `onFull`); entries in the dropped generation then lived less
 *   than G. Memory: 8 bytes a slot, 11 to 22 bytes an entry (each table 3/8 to 3/4 full).
 */
import { hash } from 'node:crypto';

/** The ML key of a gossip message: the SHA-256 of its text, in hex (64 characters). */
export function messageId(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Hex digit value of an ASCII code, or −1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** The 8 hex digits of `s` at `offset` as a uint32, or −1 if any is not hex. */
function hex32(s: string, offset: number): number {
  let v = 0;
  for (let i = offset; i < offset + 8; i++) {
    const d = hexValue(s.charCodeAt(i));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** The 8 hex digits (ASCII) in `b` at `offset` as a uint32, or −1 if any is not hex. */
function hex32Bytes(b: Uint8Array, offset: number): number {
  let v = 0;
  for (let i = offset; i < offset + 8; i++) {
    const d = hexValue(b[i]!);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

const INITIAL_SLOTS = 64;
/** The table of a generation that holds nothing yet (allocated on its first add). */
const NO_KEYS = new Uint32Array(0);

/** Hash sets the entries are spread over; the oldest is dropped at each rotation. */
export const GENERATIONS = 3;

/** One generation: an open-addressing set of 64-bit keys (hi, lo) in a typed array. */
class KeySet {
  /** Slot i holds the key's high word at 2i and low word at 2i+1; both 0 = empty. None until the first add. */
  private keys = NO_KEYS;
  private mask = -1;
  count = 0;

  get bytes(): number {
    return this.keys.byteLength;
  }

  /** True when (hi, lo) is in the set. Linear probing from the low word (SHA-256 bits are uniform). */
  has(hi: number, lo: number): boolean {
    if (this.count === 0) return false;
    if (hi === 0 && lo === 0) lo = 1;
    const keys = this.keys;
    for (let s = lo & this.mask; ; s = (s + 1) & this.mask) {
      const h = keys[2 * s]!;
      const l = keys[2 * s + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) return true;
    }
  }

  /** Adds (hi, lo), known to be absent. */
  add(hi: number, lo: number): void {
    if (hi === 0 && lo === 0) lo = 1; // (0,0) marks an empty slot; 2⁻⁶⁴ of ids share this key
    if (this.keys === NO_KEYS) {
      this.keys = new Uint32Array(2 * INITIAL_SLOTS);
      this.mask = INITIAL_SLOTS - 1;
    } else if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    this.insert(hi >>> 0, lo >>> 0);
    this.count++;
  }

  private insert(hi: number, lo: number): void {
    const keys = this.keys;
    let s = lo & this.mask;
    while (keys[2 * s] !== 0 || keys[2 * s + 1] !== 0) s = (s + 1) & this.mask;
    keys[2 * s] = hi;
    keys[2 * s + 1] = lo;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Uint32Array(old.length * 2);
    this.mask = this.keys.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
    }
  }
}

/** How a {@link MessageList} bounds itself. */
export interface MessageListOptions {
  /**
   * G, ms: every entry is kept at least this long (and less than 1.5 G), unless the cap forces
   * an early rotation. Default: Infinity (entries never expire).
   */
  lifetimeMs?: number;
  /** Most entries held in all (the cap); default Infinity. Must be ≥ 1. */
  maxEntries?: number;
  /** The clock, ms; default `Date.now`. */
  now?: () => number;
  /** Called after the cap forced an early rotation, with the entries left. */
  onFull?: (entries: number) => void;
}

/** A peer's Message List: a set of message hashes that forgets each after G to 1.5 G ms. */
export class MessageList {
  /** The generations, newest first. */
  private gens: KeySet[] = [];
  /** When the newest generation began, ms. */
  private begun: number;
  private readonly period: number;
  private readonly genCap: number;
  private readonly now: () => number;
  private readonly onFull: ((entries: number) => void) | undefined;
  /** G: the guaranteed minimum lifetime of an entry, ms (see the file's doc). */
  readonly lifetimeMs: number;
  /** The cap on entries held in all. */
  readonly maxEntries: number;
  /** Rotations forced by the cap (each dropped entries younger than G). */
  earlyRotations = 0;

  /** @throws RangeError for a lifetime ≤ 0 or a cap < 1. */
  constructor(opts: MessageListOptions = {}) {
    this.lifetimeMs = opts.lifetimeMs ?? Infinity;
    this.maxEntries = opts.maxEntries ?? Infinity;
    if (!(this.lifetimeMs > 0)) throw new RangeError(`Message List lifetime must be > 0 ms, not ${this.lifetimeMs}`);
    if (!(this.maxEntries >= 1)) throw new RangeError(`Message List cap must be ≥ 1, not ${this.maxEntries}`);
    this.period = this.lifetimeMs / (GENERATIONS - 1);
    this.genCap = Math.ceil(this.maxEntries / GENERATIONS);
    this.now = opts.now ?? Date.now;
    this.onFull = opts.onFull;
    for (let i = 0; i < GENERATIONS; i++) this.gens.push(new KeySet());
    this.begun = this.now();
  }

  /** Messages recorded and not yet expired. */
  get size(): number {
    this.expire();
    let n = 0;
    for (const g of this.gens) n += g.count;
    return n;
  }

  /** Bytes the list holds now (its tables), for memory accounting. */
  get bytes(): number {
    let n = 0;
    for (const g of this.gens) n += g.bytes;
    return n;
  }

  /** True when message `id` (64 hex digits) was seen within its lifetime; false for a malformed id. */
  has(id: string): boolean {
    const hi = hex32(id, 0);
    const lo = hex32(id, 8);
    return hi >= 0 && lo >= 0 && this.find(hi, lo);
  }

  /**
   * True when the 64 hex digits of an id at `offset` in `bytes` (ASCII) name a message seen
   * within its lifetime: the duplicate check run on a frame before it is parsed (no allocation).
   */
  hasBytes(bytes: Uint8Array, offset: number): boolean {
    if (offset + 16 > bytes.length) return false;
    const hi = hex32Bytes(bytes, offset);
    const lo = hex32Bytes(bytes, offset + 8);
    return hi >= 0 && lo >= 0 && this.find(hi, lo);
  }

  /**
   * Records message `id` (64 hex digits) in the newest generation; rotates early first when that
   * generation is at its share of the cap.
   * @returns false (and changes nothing) when it is already known.
   * @throws Error for an id that does not start with 16 hex digits.
   */
  add(id: string): boolean {
    const hi = hex32(id, 0);
    const lo = hex32(id, 8);
    if (hi < 0 || lo < 0 || id.length < 16) throw new Error(`not a message id: ${id.slice(0, 80)}`);
    if (this.find(hi, lo)) return false;
    if (this.gens[0]!.count >= this.genCap) {
      this.rotate();
      this.begun = this.now();
      this.earlyRotations++;
      this.onFull?.(this.size);
    }
    this.gens[0]!.add(hi, lo);
    return true;
  }

  /** Drops the generations whose time is up (lazily, by the clock), then looks (hi, lo) up in all. */
  private find(hi: number, lo: number): boolean {
    this.expire();
    const gens = this.gens;
    for (let i = 0; i < gens.length; i++) if (gens[i]!.has(hi, lo)) return true;
    return false;
  }

  /** Rotates once for every period elapsed since the newest generation began. */
  private expire(): void {
    const elapsed = this.now() - this.begun;
    if (!(elapsed >= this.period)) return; // also false for an infinite period, or a clock that went back
    const periods = Math.floor(elapsed / this.period);
    for (let i = 0; i < Math.min(periods, GENERATIONS); i++) this.rotate();
    this.begun += periods * this.period;
  }

  /** Drops the oldest generation; a new empty one (no table yet) becomes the newest. */
  private rotate(): void {
    this.gens.pop();
    this.gens.unshift(new KeySet());
  }
}
