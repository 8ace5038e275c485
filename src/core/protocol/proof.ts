/**
 * Registration tokens and proofs (docs/PROTOCOL.md §Trust): a peer keeps a random secret token
 * per seed and registers with its SHA-256 as the proof; later requests carry the token, which
 * only the registered node knows.
 */
import { hash, randomBytes } from 'node:crypto';

/** A registration secret and its public proof, both 64 lowercase hex digits. */
export interface Token {
  /** The secret, sent only to the seed it was made for, in later requests. */
  token: string;
  /** SHA-256 of the token, hex: what `register` carries and a reach-check asks about. */
  proof: string;
}

/** SHA-256 of a token, as 64 lowercase hex digits: the proof that names it. */
export function proofOf(token: string): string {
  return hash('sha256', token, 'hex');
}

/** A fresh token and its proof (32 bytes from the system's CSPRNG). */
export function newToken(): Token {
  const token = randomBytes(32).toString('hex');
  return { token, proof: proofOf(token) };
}

/** A fresh random nonce, 64 lowercase hex digits (32 bytes from the system's CSPRNG). */
export function newNonce(): string {
  return randomBytes(32).toString('hex');
}
