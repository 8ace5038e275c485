/**
 * Checks a node makes by dialling another itself, never taking a stranger's word:
 * - {@link verifyClaim}: the return-routability check (BitTorrent's and libp2p AutoNAT's dial-back)
 *   that a node claiming address A really listens there — the verifier dials A and asks, with the
 *   claim's proof, whether the node there made that claim to it (`reach-check` → `reach-ok`);
 * - {@link probeLiveness}: a seed's own liveness probe of a peer reported dead.
 * {@link CheckGate} bounds how many such dials a node runs at once, so nobody can make it dial
 * the world (reflection).
 */
import type { Clock } from '../clock';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { Connection } from './connection';
import { RemoteError, dial } from './connection';
import type { Limits } from './limits';

/** A claimed address did not prove itself; `message` says why, in words. */
export class UnverifiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnverifiedError';
  }
}

/**
 * Dials `claimed` and asks whether the node there made the claim `proof` to `verifier`.
 * Waits at most `limits.connectTimeoutMs` to connect and `limits.requestTimeoutMs` for the answer.
 * @throws UnverifiedError when the address cannot be reached, does not answer, or denies the claim.
 */
export async function verifyClaim(claimed: Addr, proof: string, verifier: Addr, clock: Clock, limits: Limits): Promise<void> {
  const key = addrKey(claimed);
  let conn: Connection | undefined;
  try {
    conn = await dial(claimed.host, claimed.port, clock, limits);
    const answer = await conn.request({ type: 'reach-check', verifier, proof });
    if (answer.type !== 'reach-ok') throw new UnverifiedError(`${key} answered the reach-check with ${answer.type}`);
  } catch (e) {
    if (e instanceof UnverifiedError) throw e;
    if (e instanceof RemoteError) throw new UnverifiedError(`${key} did not confirm the claim (${e.code})`);
    throw new UnverifiedError(`could not reach ${key} to check that it listens there: ${(e as Error).message}`);
  } finally {
    conn?.end();
  }
}

/**
 * A seed's own liveness probe: dials `peer` and sends `liveness`.
 * @param timeoutMs how long to wait to connect and for the reply, ms
 * @returns true when the peer answered (it is alive), false when it could not be reached or did
 *   not answer in time. Never throws.
 */
export async function probeLiveness(peer: Addr, self: Addr, timeoutMs: number, clock: Clock, limits: Limits): Promise<boolean> {
  let conn: Connection | undefined;
  try {
    conn = await dial(peer.host, peer.port, clock, { ...limits, connectTimeoutMs: timeoutMs });
    const answer = await conn.request({ type: 'liveness', timestamp: clock.now(), from: self }, timeoutMs);
    return answer.type === 'liveness-reply';
  } catch {
    return false;
  } finally {
    conn?.end();
  }
}

/** The gate is full: answer `busy`. */
export class GateFullError extends Error {
  constructor(limit: number) {
    super(`too many checks in progress (limit ${limit}); try again later`);
    this.name = 'GateFullError';
  }
}

/**
 * Runs at most `limit` checks at once and coalesces checks of the same key: a second caller for
 * a key already being checked gets the same promise.
 */
export class CheckGate<T> {
  private readonly running = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  /** Checks in progress. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Runs `check` for `key` (or joins the one in progress).
   * @throws GateFullError when `limit` other checks are running.
   */
  run(key: string, check: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing;
    if (this.running.size >= this.limit) return Promise.reject(new GateFullError(this.limit));
    const p = check().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }
}
