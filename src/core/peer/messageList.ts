/**
 * The Message List (ML): the hash of every gossip message a peer has seen. A message is
 * forwarded only on its first receipt; the ML is what makes every later copy a duplicate.
 *
 * It is kept compact because a peer holds one entry per message of the whole network (10 per
 * peer at the defaults: 10,000 entries at 1,000 peers): an open-addressing hash set of the first
 * 64 bits of each SHA-256, in a typed array (8 bytes a slot, at most 3/4 full), instead of a Map
 * of 64-character strings (~100 bytes an entry, and garbage-collector work). Two different
 * messages agreeing in 64 bits of SHA-256 by chance has probability ≈ k²/2⁶⁵ for k messages
 * (≈ 3·10⁻¹² at k = 10,000); the full hash is still checked against the text on first receipt.
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

/** A peer's Message List: a set of message hashes. */
export class MessageList {
  /** Slot i holds the key's high word at 2i and low word at 2i+1; both 0 = empty. */
  private keys = new Uint32Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;

  /** Messages recorded. */
  get size(): number {
    return this.count;
  }

  /** Bytes the list holds now (its table), for memory accounting. */
  get bytes(): number {
    return this.keys.byteLength;
  }

  /** True when message `id` (64 hex digits) was seen before; false for a malformed id. */
  has(id: string): boolean {
    const hi = hex32(id, 0);
    const lo = hex32(id, 8);
    return hi >= 0 && lo >= 0 && this.find(hi, lo) >= 0;
  }

  /**
   * True when the 64 hex digits of an id at `offset` in `bytes` (ASCII) name a message seen
   * before: the duplicate check run on a frame before it is parsed.
   */
  hasBytes(bytes: Uint8Array, offset: number): boolean {
    if (offset + 16 > bytes.length) return false;
    const hi = hex32Bytes(bytes, offset);
    const lo = hex32Bytes(bytes, offset + 8);
    return hi >= 0 && lo >= 0 && this.find(hi, lo) >= 0;
  }

  /**
   * Records message `id` (64 hex digits).
   * @returns false (and changes nothing) when it is already known.
   * @throws Error for an id that does not start with 16 hex digits.
   */
  add(id: string): boolean {
    const hi = hex32(id, 0);
    let lo = hex32(id, 8);
    if (hi < 0 || lo < 0 || id.length < 16) throw new Error(`not a message id: ${id.slice(0, 80)}`);
    if (hi === 0 && lo === 0) lo = 1; // (0,0) marks an empty slot; 2⁻⁶⁴ of ids share this key
    if (this.find(hi, lo) >= 0) return false;
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    this.insert(hi >>> 0, lo >>> 0);
    this.count++;
    return true;
  }

  /** The slot holding (hi, lo), or −1. Linear probing from the low word (SHA-256 bits are uniform). */
  private find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const keys = this.keys;
    for (let s = lo & this.mask; ; s = (s + 1) & this.mask) {
      const h = keys[2 * s]!;
      const l = keys[2 * s + 1]!;
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo) return s;
    }
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
