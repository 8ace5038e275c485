/**
 * A growable bit set over small integers (peer indices), 32 bits a word in a Uint32Array: which
 * peers received a message, at 1 bit a peer (10⁷ receipts at 1,000 peers must not be objects).
 */

/**
 * Sets bit `i` of `bits`, growing the array (doubling) when `i` is past its end.
 * @returns the array to keep (a new one when it grew) and whether the bit was clear before.
 */
export function setBit(bits: Uint32Array, i: number): { bits: Uint32Array; added: boolean } {
  const word = i >>> 5;
  if (word >= bits.length) {
    const grown = new Uint32Array(Math.max(word + 1, bits.length * 2));
    grown.set(bits);
    bits = grown;
  }
  const bit = 1 << (i & 31);
  if (bits[word]! & bit) return { bits, added: false };
  bits[word]! |= bit;
  return { bits, added: true };
}

/** True when bit `i` of `bits` is set. */
export function hasBit(bits: Uint32Array, i: number): boolean {
  return i >>> 5 < bits.length && (bits[i >>> 5]! & (1 << (i & 31))) !== 0;
}
