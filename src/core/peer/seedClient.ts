/**
 * A peer's side of the seed protocol: registering with a majority of seeds (with retries and
 * backoff), fetching their peer lists, and sending degree updates, dead-node reports and the
 * goodbye. It keeps one connection per seed while it is in use, closes it after `seedIdleMs`
 * without a request, and dials again when needed.
 */
import type { Clock, TimerHandle } from '../clock';
import type { Limits } from '../net/limits';
import { Connection, RemoteError, dial } from '../net/connection';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { Message, PeerEntry } from '../protocol/messages';
import { MAX_PAGE } from '../protocol/messages';
import type { Random } from '../random';
import { shuffle } from '../random';
import type { ClaimBook } from './claims';

/** Registration with a majority of seeds failed. */
export class JoinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JoinError';
  }
}

/** How registration retries. */
export interface RetryPolicy {
  /** Rounds after the first (ignored when `timeoutMs` is given). */
  retries: number;
  /** Wait before the first retry, ms; doubles each round. */
  backoffMs: number;
  /** Retry until this long after the first attempt instead of `retries` rounds, ms. */
  timeoutMs?: number;
  /** The longest wait between two rounds, ms (default: no cap). */
  maxBackoffMs?: number;
  /** Called before each wait for a retry (to say so). */
  onRetry?: (retry: JoinRetry) => void;
}

/** A registration round that fell short of a majority, and the wait before the next. */
export interface JoinRetry {
  /** Retry number to come (1 for the first retry). */
  retry: number;
  /** Retries allowed in all, for a count-based policy; undefined for a deadline. */
  retries?: number;
  /** The seeds that failed this round, with why. */
  failed: Array<{ seed: string; reason: string }>;
  /** Seeds registered with so far, and how many are needed. */
  registered: number;
  need: number;
  /** Wait before the next round, ms. */
  waitMs: number;
  /** With a deadline: time left until the peer gives up, ms. */
  remainingMs?: number;
}

/** The seeds a peer talks to. */
export class SeedClient {
  private readonly conns = new Map<string, Promise<Connection>>();
  /** Requests in flight per seed, and the idle timer of a seed with none. */
  private readonly inflight = new Map<string, number>();
  private readonly idleTimers = new Map<string, TimerHandle>();
  private readonly registeredSeeds: Addr[] = [];
  private closed = false;
  /** Ends the wait between two registration rounds early (the peer is stopping). */
  private wake: (() => void) | undefined;
  /** unregister() has started: the peer is leaving and must not register again. */
  private leaving = false;

  constructor(
    private readonly self: () => Addr,
    private readonly seeds: readonly Addr[],
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly random: Random,
    private readonly claims: ClaimBook,
  ) {}

  /** The seeds this peer is registered with. */
  get registered(): readonly Addr[] {
    return this.registeredSeeds;
  }

  /**
   * Registers with ⌊n/2⌋+1 of the n seeds, chosen at random; when some cannot be reached, tries
   * the others, then retries the failed ones after a backoff that doubles each round.
   * @param onRegistered called for each seed as it accepts.
   * @returns the seeds registered with (exactly ⌊n/2⌋+1).
   * @throws JoinError naming each unreachable seed and why, when no majority can be reached.
   */
  async registerMajority(policy: RetryPolicy, onRegistered: (seed: Addr) => void): Promise<Addr[]> {
    const n = this.seeds.length;
    if (n === 0) throw new JoinError('no seeds configured');
    const need = Math.floor(n / 2) + 1;
    const failures = new Map<string, string>();
    let candidates = shuffle(this.seeds, this.random);
    const deadline = policy.timeoutMs === undefined ? undefined : this.clock.now() + policy.timeoutMs;
    for (let round = 0; deadline !== undefined || round <= policy.retries; round++) {
      const queue = candidates.slice();
      const failed: Addr[] = [];
      while (this.registeredSeeds.length < need && queue.length > 0) {
        const batch = queue.splice(0, need - this.registeredSeeds.length);
        const results = await Promise.allSettled(batch.map((s) => this.register(s)));
        results.forEach((r, i) => {
          const seed = batch[i]!;
          if (r.status === 'fulfilled') {
            this.registeredSeeds.push(seed);
            failures.delete(addrKey(seed));
            onRegistered(seed);
          } else {
            failed.push(seed);
            failures.set(addrKey(seed), (r.reason as Error).message);
          }
        });
      }
      if (this.registeredSeeds.length >= need) return [...this.registeredSeeds];
      candidates = failed;
      let waitMs = Math.min(policy.backoffMs * 2 ** round, policy.maxBackoffMs ?? Infinity);
      const remainingMs = deadline === undefined ? undefined : deadline - this.clock.now();
      if (remainingMs !== undefined) {
        if (remainingMs <= 0) break;
        waitMs = Math.min(waitMs, remainingMs);
      } else if (round >= policy.retries) break;
      const why = failed.map((seed) => ({ seed: addrKey(seed), reason: failures.get(addrKey(seed)) ?? 'failed' }));
      policy.onRetry?.({ retry: round + 1, retries: deadline === undefined ? policy.retries : undefined, failed: why, registered: this.registeredSeeds.length, need, waitMs, remainingMs });
      await this.sleep(waitMs);
      if (this.closed || this.leaving) throw new JoinError('the peer stopped while waiting to retry its registration');
    }
    const why = [...failures].map(([k, m]) => `${k} (${m})`).join('; ');
    throw new JoinError(
      `could not register with a majority of seeds: reached ${this.registeredSeeds.length} of ${n}, need ${need}; unreachable: ${why}`,
    );
  }

  /**
   * Fetches a seed's whole peer list, page by page.
   * @throws Error when the seed cannot be reached or answers wrongly.
   */
  async fetchPeers(seed: Addr): Promise<PeerEntry[]> {
    const out: PeerEntry[] = [];
    for (let offset = 0; ; ) {
      const m = await this.request(seed, { type: 'get-peers', offset, limit: MAX_PAGE });
      if (m.type !== 'peer-list') throw new Error(`${addrKey(seed)} answered get-peers with ${m.type}`);
      out.push(...m.peers);
      offset += m.peers.length;
      if (m.peers.length === 0 || offset >= m.total) return out;
    }
  }

  /**
   * Sends the peer's degree to every registered seed; failures are returned, not thrown. A seed
   * that no longer knows the peer gets it registered again — unless the peer is leaving: once
   * {@link unregister} has started, nothing is sent (a neighbour's goodbye during our own stop
   * must not register us again).
   */
  async sendDegree(degree: number): Promise<string[]> {
    if (this.leaving) return [];
    const results = await Promise.allSettled(
      this.registeredSeeds.map(async (seed) => {
        try {
          await this.request(seed, { type: 'degree', peer: this.self(), degree, token: this.claims.tokenFor(seed).token });
        } catch (e) {
          // the seed dropped us (reported dead by mistake, or it restarted): register again
          if (!(e instanceof RemoteError && e.code === 'not-registered')) throw e;
          await this.register(seed);
          await this.request(seed, { type: 'degree', peer: this.self(), degree, token: this.claims.tokenFor(seed).token });
        }
      }),
    );
    return results.flatMap((r, i) => (r.status === 'rejected' ? [`${addrKey(this.registeredSeeds[i]!)}: ${(r.reason as Error).message}`] : []));
  }

  /**
   * The periodic registration check: the degree to every registered seed (re-registering where
   * the seed dropped us, see {@link sendDegree}); when fewer than ⌊n/2⌋+1 of them answered (seeds
   * died), registers with other seeds of the list until a majority of the reachable ones has this
   * peer again. A seed that did not answer stays in the list, in case it comes back.
   * @returns one line per problem, for the log; `onRegistered` is called for each new seed.
   */
  async checkRegistrations(degree: number, onRegistered: (seed: Addr) => void): Promise<string[]> {
    const failures = await this.sendDegree(degree);
    const need = Math.floor(this.seeds.length / 2) + 1;
    const answered = this.registeredSeeds.length - failures.length;
    if (answered >= need || this.leaving || this.closed) return failures;
    const known = new Set(this.registeredSeeds.map(addrKey));
    let have = answered;
    for (const seed of shuffle(this.seeds.filter((s) => !known.has(addrKey(s))), this.random)) {
      if (have >= need || this.leaving || this.closed) break;
      try {
        await this.register(seed);
        this.registeredSeeds.push(seed);
        have++;
        onRegistered(seed);
      } catch (e) {
        failures.push(`${addrKey(seed)}: ${(e as Error).message}`);
      }
    }
    if (have < need) failures.push(`registered at ${have} reachable seeds of ${this.seeds.length}; a majority needs ${need}`);
    return failures;
  }

  /**
   * Reports a dead neighbour to every registered seed.
   * @returns the seeds that acknowledged it (address keys).
   */
  async reportDead(dead: Addr, timestamp: number): Promise<string[]> {
    // to every seed of the seed list, not only the majority this peer registered with: the dead
    // peer registered with another majority, and each of its seeds must hear (a seed where this
    // peer is not registered takes the report as a hint for its own probe)
    const all = this.seeds;
    const results = await Promise.allSettled(
      all.map((seed) => this.request(seed, { type: 'dead-node', dead, timestamp, reporter: this.self(), token: this.claims.tokenFor(seed).token })),
    );
    return all.filter((_, i) => results[i]!.status === 'fulfilled').map(addrKey);
  }

  /** Tells every registered seed this peer is leaving; waits at most one request timeout. */
  async unregister(): Promise<void> {
    this.leaving = true;
    this.wake?.();
    await this.toAll((seed) => ({ type: 'unregister', peer: this.self(), token: this.claims.tokenFor(seed).token }));
  }

  /** Ends every seed connection gracefully. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.clearIdleTimers();
    for (const p of this.conns.values()) p.then((c) => c.end(), () => {});
    this.conns.clear();
  }

  /** Destroys every seed connection at once. */
  destroy(): void {
    this.closed = true;
    this.wake?.();
    this.clearIdleTimers();
    for (const p of this.conns.values()) p.then((c) => c.destroy(), () => {});
    this.conns.clear();
  }

  private async register(seed: Addr): Promise<void> {
    const m = await this.request(seed, { type: 'register', peer: this.self(), proof: this.claims.tokenFor(seed).proof });
    if (m.type !== 'registered') throw new Error(`${addrKey(seed)} answered register with ${m.type}`);
  }

  /** Sends to all registered seeds in parallel; returns `seed: reason` for each failure. */
  private async toAll(body: (seed: Addr) => Parameters<Connection['request']>[0]): Promise<string[]> {
    const results = await Promise.allSettled(this.registeredSeeds.map((s) => this.request(s, body(s))));
    const failures: string[] = [];
    results.forEach((r, i) => {
      if (r.status === 'rejected') failures.push(`${addrKey(this.registeredSeeds[i]!)}: ${(r.reason as Error).message}`);
    });
    return failures;
  }

  private async request(seed: Addr, body: Parameters<Connection['request']>[0]): Promise<Message> {
    const key = addrKey(seed);
    this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
    const idle = this.idleTimers.get(key);
    if (idle !== undefined) {
      this.clock.clearTimeout(idle);
      this.idleTimers.delete(key);
    }
    try {
      const conn = await this.connection(seed);
      return await conn.request(body);
    } finally {
      const left = (this.inflight.get(key) ?? 1) - 1;
      if (left > 0) this.inflight.set(key, left);
      else {
        this.inflight.delete(key);
        if (!this.closed) this.idleTimers.set(key, this.clock.setTimeout(() => this.closeIdle(key), this.limits.seedIdleMs));
      }
    }
  }

  /** Ends the connection to seed `key` if no request has used it since the timer was set. */
  private closeIdle(key: string): void {
    this.idleTimers.delete(key);
    if (this.inflight.has(key)) return;
    const p = this.conns.get(key);
    this.conns.delete(key);
    p?.then((c) => c.end(), () => {});
  }

  private clearIdleTimers(): void {
    for (const t of this.idleTimers.values()) this.clock.clearTimeout(t);
    this.idleTimers.clear();
  }

  private async connection(seed: Addr): Promise<Connection> {
    if (this.closed) throw new Error('peer is stopping');
    const key = addrKey(seed);
    const existing = this.conns.get(key);
    if (existing) {
      try {
        const c = await existing;
        if (!c.isClosed) return c;
      } catch {
        // dial failed: fall through and dial again
      }
      const now = this.conns.get(key);
      if (now && now !== existing) return this.connection(seed); // someone else redialled
    }
    return this.redial(seed);
  }

  private redial(seed: Addr): Promise<Connection> {
    const key = addrKey(seed);
    const p = dial(seed.host, seed.port, this.clock, this.limits).then((c) => {
      if (this.closed) c.destroy();
      return c;
    });
    this.conns.set(key, p);
    p.catch(() => {
      if (this.conns.get(key) === p) this.conns.delete(key);
    });
    return p;
  }

  /** Waits `ms`, or less when the peer stops meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        this.wake = undefined;
        this.clock.clearTimeout(handle);
        resolve();
      };
    });
  }
}
