/**
 * Watches networks that run elsewhere through their seeds. Every round (default every second)
 * it fetches each remote seed's peer list, then asks every listed peer that is not local for its
 * neighbours (`neighbours-query`), a few at a time, each within a timeout, and hands the whole
 * result to its owner as one {@link RemoteView}. Rounds never overlap; a failure is part of the
 * view, never a thrown error. Pure Node: sockets and timers only.
 *
 * A remote seed is not trusted to name addresses worth dialling: at most `maxRemotePeers` remote
 * peers are tracked, at most `maxDialsPerRound` new connections are opened a round and
 * `maxDialsPerSecond` a second (queries over open connections are free), and an address that
 * failed is not dialled again for a backoff that doubles with each failure (1 s up to 60 s). Only
 * addresses a seed lists (or `extraPeers` names) are ever dialled: the neighbours a peer reports
 * are drawn, never dialled.
 */
import type { Clock, TimerHandle } from '../clock';
import { systemClock } from '../clock';
import type { Connection } from '../net/connection';
import type { Limits } from '../net/limits';
import { DEFAULT_LIMITS } from '../net/limits';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { PeerEntry } from '../protocol/messages';
import type { NeighboursAnswer } from './probe';
import { dialNode, fetchNeighbours, fetchPeerList } from './probe';

/** What one round learnt of one remote seed. */
export type RemoteSeedResult = { id: string; ok: true; peers: PeerEntry[] } | { id: string; ok: false; error: string };

/** What one round learnt of one remote peer. */
export type RemotePeerResult = { id: string; ok: true; answer: NeighboursAnswer } | { id: string; ok: false; error: string };

/** The result of one observation round. */
export interface RemoteView {
  seeds: RemoteSeedResult[];
  peers: RemotePeerResult[];
}

/** Default bounds on what a remote seed can make an observer dial. */
export const OBSERVER_BOUNDS = {
  /** Remote peers tracked (listed in the view and queried) at most. */
  maxRemotePeers: 1000,
  /** New connections to remote peers opened in one round at most. */
  maxDialsPerRound: 32,
  /** New connections to remote peers opened per second at most (token bucket, burst the same). */
  maxDialsPerSecond: 32,
  /** Backoff after an address's first failure, ms; doubles with each further failure. */
  backoffMinMs: 1000,
  /** Longest backoff, ms. */
  backoffMaxMs: 60_000,
} as const;

/** How a {@link RemoteObserver} runs. */
export interface ObserverOptions {
  /** Receives each round's result (not called after `close()`). */
  onView: (view: RemoteView) => void;
  /** True for ids of nodes hosted here: they are never queried. */
  isLocal: (id: string) => boolean;
  /** More remote peers to query each round (e.g. remote peers registered at local seeds). */
  extraPeers?: () => Addr[];
  /** Pause between the end of one round and the start of the next, ms (default 1000). */
  intervalMs?: number;
  /** Connect timeout and time for one node's whole answer, ms (default 2000). */
  timeoutMs?: number;
  /** Peers queried at once (default 8). */
  concurrency?: number;
  /**
   * Limits of every connection the observer dials, merged over {@link DEFAULT_LIMITS} (the
   * connect and request timeouts come from `timeoutMs`); `transport` carries the network key.
   * `maxNeighbours` also bounds the neighbours kept from one peer's answer.
   */
  limits?: Partial<Limits>;
  /** Remote peers tracked at most; the rest of a seed's list is left out of the view (default 1000). */
  maxRemotePeers?: number;
  /** New connections to remote peers a round, at most (default 32). */
  maxDialsPerRound?: number;
  /** New connections to remote peers a second, at most (default 32). */
  maxDialsPerSecond?: number;
  /** Backoff after an address's first failure, ms (default 1000); doubles per failure. */
  backoffMinMs?: number;
  /** Longest backoff, ms (default 60 000). */
  backoffMaxMs?: number;
  clock?: Clock;
}

/** What an observer has done so far (counts since it was made). */
export interface ObserverStats {
  /** Connections opened (or tried) to seeds and peers. */
  dials: number;
  /** Queries or dials that failed. */
  failures: number;
  /** Peer queries not made because the address was backing off after a failure. */
  backedOff: number;
  /** Peer queries put off to a later round because the dial budget was spent. */
  deferred: number;
  /** Listed remote peers left out because `maxRemotePeers` were tracked already. */
  capped: number;
}

/** A failed address: when it may be dialled again, and what went wrong last. */
interface Backoff {
  failures: number;
  until: number;
  error: string;
}

/** Observes remote seeds and their peers, round after round. */
export class RemoteObserver {
  private readonly seedAddrs = new Map<string, Addr>();
  /** One open query connection per remote node, reused across rounds. */
  private readonly pool = new Map<string, Connection>();
  private readonly clock: Clock;
  private readonly limits: Limits;
  private readonly backoff = new Map<string, Backoff>();
  /** When each tracked peer was last dialled, ms: the longest-waiting are dialled first. */
  private readonly lastDial = new Map<string, number>();
  private readonly counters: ObserverStats = { dials: 0, failures: 0, backedOff: 0, deferred: 0, capped: 0 };
  private tokens: number;
  private tokensAt: number;
  private timer: TimerHandle | undefined;
  private round: Promise<RemoteView | undefined> | undefined;
  private closed = false;

  constructor(private readonly opts: ObserverOptions) {
    this.clock = opts.clock ?? systemClock;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.tokens = this.dialsPerSecond;
    this.tokensAt = this.clock.now();
  }

  /** Starts watching a seed (idempotent); the first round follows after the interval. */
  add(seed: Addr): void {
    if (this.closed) return;
    this.seedAddrs.set(addrKey(seed), { host: seed.host, port: seed.port });
    if (this.timer === undefined && this.round === undefined) this.schedule();
  }

  /** True when seed `id` is watched. */
  has(id: string): boolean {
    return this.seedAddrs.has(id);
  }

  /** The watched seeds' ids. */
  seeds(): string[] {
    return [...this.seedAddrs.keys()];
  }

  /** What the observer has done so far (a copy). */
  stats(): ObserverStats {
    return { ...this.counters };
  }

  /**
   * Runs a round now (or joins the one in progress) and resolves with its view; undefined after
   * `close()`. The periodic rounds go on after it.
   */
  refresh(): Promise<RemoteView | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.round ??= this.runRound().finally(() => {
      this.round = undefined;
      this.schedule();
    });
    return this.round;
  }

  /** Stops the rounds and closes every query connection. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const c of this.pool.values()) c.destroy();
    this.pool.clear();
  }

  private get maxRemotePeers(): number {
    return this.opts.maxRemotePeers ?? OBSERVER_BOUNDS.maxRemotePeers;
  }

  private get dialsPerSecond(): number {
    return this.opts.maxDialsPerSecond ?? OBSERVER_BOUNDS.maxDialsPerSecond;
  }

  private schedule(): void {
    if (this.closed || this.seedAddrs.size === 0 || this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.opts.intervalMs ?? 1000);
  }

  private async runRound(): Promise<RemoteView | undefined> {
    const fetched = await Promise.all([...this.seedAddrs].map(([id, addr]) => this.querySeed(id, addr)));
    const targets = this.trackedPeers(fetched);
    // a seed's list is cut to the tracked peers (local nodes and watched seeds it lists stay)
    const keep = (id: string): boolean => targets.has(id) || this.opts.isLocal(id) || this.seedAddrs.has(id);
    const seeds = fetched.map((s) => (s.ok ? { ...s, peers: s.peers.filter((p) => keep(addrKey(p))) } : s));
    const now = this.clock.now();
    for (const [id, b] of this.backoff) if (!targets.has(id) && b.until <= now) this.backoff.delete(id);
    for (const id of this.lastDial.keys()) if (!targets.has(id)) this.lastDial.delete(id);

    const pooled: Array<[string, Addr]> = [];
    const toDial: Array<[string, Addr]> = [];
    const backedOff: RemotePeerResult[] = [];
    for (const [id, addr] of targets) {
      const open = this.pool.get(id);
      const b = this.backoff.get(id);
      if (open && !open.isClosed) pooled.push([id, addr]);
      else if (b && b.until > now) backedOff.push({ id, ok: false, error: b.error });
      else toDial.push([id, addr]);
    }
    this.counters.backedOff += backedOff.length;
    toDial.sort((a, b) => (this.lastDial.get(a[0]) ?? 0) - (this.lastDial.get(b[0]) ?? 0));
    const allowed = this.takeDials(Math.min(toDial.length, this.opts.maxDialsPerRound ?? OBSERVER_BOUNDS.maxDialsPerRound));
    this.counters.deferred += toDial.length - allowed;
    const queue: Array<[string, Addr, boolean]> = [...pooled.map(([id, a]): [string, Addr, boolean] => [id, a, false]), ...toDial.slice(0, allowed).map(([id, a]): [string, Addr, boolean] => [id, a, true])];
    const answered = await mapLimited(queue, this.opts.concurrency ?? 8, ([id, addr, mayDial]) => this.queryPeer(id, addr, mayDial));
    const peers = [...answered.filter((r): r is RemotePeerResult => r !== undefined), ...backedOff];
    // connections to nodes no longer watched are closed
    for (const [id, c] of this.pool) {
      if (!targets.has(id) && !this.seedAddrs.has(id)) {
        c.destroy();
        this.pool.delete(id);
      }
    }
    if (this.closed) return undefined;
    const view: RemoteView = { seeds, peers };
    try {
      this.opts.onView(view);
    } catch (e) {
      console.error('remote view handler failed:', e);
    }
    return view;
  }

  /** The remote peers to query this round: listed by a seed (or `extraPeers`), not local, at most `maxRemotePeers`. */
  private trackedPeers(seeds: RemoteSeedResult[]): Map<string, Addr> {
    const targets = new Map<string, Addr>();
    const add = (a: Addr): void => {
      const id = addrKey(a);
      if (targets.has(id) || this.opts.isLocal(id) || this.seedAddrs.has(id)) return;
      if (targets.size >= this.maxRemotePeers) {
        this.counters.capped++;
        return;
      }
      targets.set(id, { host: a.host, port: a.port });
    };
    // peers already tracked keep their place, so a seed cannot push them out with new names
    for (const s of seeds) if (s.ok) for (const p of s.peers) if (this.lastDial.has(addrKey(p)) || this.pool.has(addrKey(p))) add(p);
    for (const s of seeds) if (s.ok) for (const p of s.peers) add(p);
    for (const a of this.opts.extraPeers?.() ?? []) add(a);
    return targets;
  }

  /** Takes up to `want` dials from the per-second budget; returns how many were granted. */
  private takeDials(want: number): number {
    const now = this.clock.now();
    const rate = this.dialsPerSecond;
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAt) / 1000) * rate);
    this.tokensAt = now;
    const granted = Math.max(0, Math.min(want, Math.floor(this.tokens)));
    this.tokens -= granted;
    return granted;
  }

  private querySeed(id: string, addr: Addr): Promise<RemoteSeedResult> {
    return this.ask(id, addr, 'seed', true, async (conn, timeout) => ({
      id,
      ok: true,
      peers: await fetchPeerList(conn, addr, timeout, this.clock, this.maxRemotePeers),
    }));
  }

  /** Queries a peer; undefined when its connection closed and it may not be dialled this round. */
  private async queryPeer(id: string, addr: Addr, mayDial: boolean): Promise<RemotePeerResult | undefined> {
    const open = this.pool.get(id);
    if (!mayDial && (!open || open.isClosed)) {
      this.counters.deferred++;
      return undefined;
    }
    if (mayDial) this.lastDial.set(id, this.clock.now());
    const r = await this.ask(id, addr, 'peer', mayDial, async (conn, timeout) => {
      const answer = await fetchNeighbours(conn, addr, timeout, this.clock);
      const max = this.limits.maxNeighbours;
      return { id, ok: true as const, answer: answer.neighbours.length > max ? { ...answer, neighbours: answer.neighbours.slice(0, max) } : answer };
    });
    if (r.ok) this.backoff.delete(id);
    else {
      const failures = (this.backoff.get(id)?.failures ?? 0) + 1;
      const min = this.opts.backoffMinMs ?? OBSERVER_BOUNDS.backoffMinMs;
      const delay = Math.min(this.opts.backoffMaxMs ?? OBSERVER_BOUNDS.backoffMaxMs, min * 2 ** Math.min(failures - 1, 30));
      this.backoff.set(id, { failures, until: this.clock.now() + delay, error: r.error });
    }
    return r;
  }

  /** One query over the node's (cached) connection; a failure drops the connection and says who did not answer. */
  private async ask<R>(
    id: string,
    addr: Addr,
    role: 'seed' | 'peer',
    mayDial: boolean,
    query: (conn: Connection, timeoutMs: number) => Promise<R>,
  ): Promise<R | { id: string; ok: false; error: string }> {
    const timeout = this.opts.timeoutMs ?? 2000;
    try {
      return await query(await this.connection(id, addr, timeout, mayDial), timeout);
    } catch (e) {
      this.counters.failures++;
      this.drop(id);
      return { id, ok: false, error: `remote ${role} ${id} does not answer: ${(e as Error).message}` };
    }
  }

  private async connection(id: string, addr: Addr, timeoutMs: number, mayDial: boolean): Promise<Connection> {
    const known = this.pool.get(id);
    if (known && !known.isClosed) return known;
    if (!mayDial) throw new Error('its connection closed');
    this.counters.dials++;
    const conn = await dialNode(addr, timeoutMs, this.clock, this.limits);
    if (this.closed) {
      conn.destroy();
      throw new Error('observer closed');
    }
    this.pool.set(id, conn);
    return conn;
  }

  private drop(id: string): void {
    this.pool.get(id)?.destroy();
    this.pool.delete(id);
  }
}

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
