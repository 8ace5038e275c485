/**
 * The claims a peer has made about itself, so it can confirm them when asked.
 *
 * A node believes what another says about itself only once proven (docs/PROTOCOL.md §Trust): when
 * a peer registers at a seed or dials a neighbour it claims "I listen at A". The verifier dials A
 * back and sends a `reach-check` with the claim's proof; only the node that really listens at A
 * and made that claim, to that verifier, answers `reach-ok`. This is the return-routability check
 * of BitTorrent's and libp2p AutoNAT's dial-back: an attacker who claims someone else's address
 * never gets the victim to confirm it, and a proof seen by one verifier cannot be replayed to
 * another, because the claimant checks the verifier's address too.
 *
 * Two kinds of claim:
 * - a registration at a seed: the peer keeps a random 32-byte token per seed; the proof is its
 *   SHA-256; later requests to that seed (`degree`, `unregister`, `dead-node`) carry the token,
 *   so only the registered node can speak for its entry;
 * - a link (`peer-hello`): a one-off random nonce as proof, valid for a short time.
 */
import type { Addr } from '../protocol/addr';
import { addrKey, isIPv4, isIPv6 } from '../protocol/addr';
import type { Token } from '../protocol/proof';
import { newNonce, newToken } from '../protocol/proof';

/**
 * True when `verifier` (the address a reach-check says it comes from) is the node a claim was
 * made to (`target`, as the claimant dialled it). The same address key matches; so do equal ports
 * when either side names its host by a DNS name or an unspecified address (0.0.0.0, ::), which
 * the other side may know by another spelling.
 */
export function sameEndpoint(target: Addr, verifier: Addr): boolean {
  if (target.port !== verifier.port) return false;
  if (addrKey(target) === addrKey(verifier)) return true;
  const loose = (h: string): boolean => !(isIPv4(h) || isIPv6(h)) || h === '0.0.0.0' || h === '::';
  return loose(target.host) || loose(verifier.host);
}

interface Claim {
  target: Addr;
  /** Clock time after which the claim is void, ms; Infinity for registrations. */
  expires: number;
}

/** The claims one peer has outstanding, bounded. */
export class ClaimBook {
  private readonly claims = new Map<string, Claim>();
  private readonly tokens = new Map<string, Token>();

  /**
   * @param now the peer's clock, ms
   * @param maxNonces link nonces kept at most; the oldest is dropped past it (its dial then fails
   *   verification and is retried as any failed dial)
   */
  constructor(
    private readonly now: () => number,
    private readonly maxNonces = 1024,
  ) {}

  /** The registration token for `seed`, made on first use and kept until {@link forget}. */
  tokenFor(seed: Addr): Token {
    const key = addrKey(seed);
    let t = this.tokens.get(key);
    if (!t) {
      t = newToken();
      this.tokens.set(key, t);
      this.claims.set(t.proof, { target: { ...seed }, expires: Infinity });
    }
    return t;
  }

  /** Drops every registration token (the peer left its seeds). */
  forget(): void {
    for (const t of this.tokens.values()) this.claims.delete(t.proof);
    this.tokens.clear();
  }

  /**
   * A one-off proof for a link to `target`, valid for `ttlMs`.
   * @returns the proof (64 hex digits) to send in `peer-hello`.
   */
  nonceFor(target: Addr, ttlMs: number): string {
    this.expire();
    if (this.claims.size - this.tokens.size >= this.maxNonces) {
      for (const [proof, c] of this.claims) {
        if (c.expires !== Infinity) {
          this.claims.delete(proof);
          break;
        }
      }
    }
    const proof = newNonce();
    this.claims.set(proof, { target: { ...target }, expires: this.now() + ttlMs });
    return proof;
  }

  /** Withdraws a link nonce once its dial is over. */
  release(proof: string): void {
    const c = this.claims.get(proof);
    if (c && c.expires !== Infinity) this.claims.delete(proof);
  }

  /** True when this peer made the claim `proof`, to `verifier`, and it is still valid. */
  confirms(proof: string, verifier: Addr): boolean {
    const c = this.claims.get(proof);
    return c !== undefined && c.expires >= this.now() && sameEndpoint(c.target, verifier);
  }

  /** Outstanding link nonces (for tests and inspectors). */
  get pendingNonces(): number {
    return this.claims.size - this.tokens.size;
  }

  private expire(): void {
    const now = this.now();
    for (const [proof, c] of this.claims) if (c.expires < now) this.claims.delete(proof);
  }
}
