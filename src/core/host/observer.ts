/**
 * Watches networks that run elsewhere through their seeds. Every round (default every second)
 * it fetches each remote seed's peer list, then asks every listed peer that is not local for its
 * neighbours (`neighbours-query`), a few at a time, each within a timeout, and hands the whole
 * result to its owner as one {@link RemoteView}. Rounds never overlap; a failure is part of the
 * view, never a thrown error. Pure Node: sockets and timers only.
 */
import type { Clock, TimerHandle } from '../clock';
import { systemClock } from '../clock';
import type { Connection } from '../net/connection';
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
  clock?: Clock;
}

/** Observes remote seeds and their peers, round after round. */
export class RemoteObserver {
  private readonly seedAddrs = new Map<string, Addr>();
  /** One open query connection per remote node, reused across rounds. */
  private readonly pool = new Map<string, Connection>();
  private readonly clock: Clock;
  private timer: TimerHandle | undefined;
  private round: Promise<RemoteView | undefined> | undefined;
  private closed = false;

  constructor(private readonly opts: ObserverOptions) {
    this.clock = opts.clock ?? systemClock;
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

  private schedule(): void {
    if (this.closed || this.seedAddrs.size === 0 || this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.opts.intervalMs ?? 1000);
  }

  private async runRound(): Promise<RemoteView | undefined> {
    const seeds = await Promise.all([...this.seedAddrs].map(([id, addr]) => this.querySeed(id, addr)));
    const targets = new Map<string, Addr>();
    for (const s of seeds) if (s.ok) for (const p of s.peers) targets.set(addrKey(p), { host: p.host, port: p.port });
    for (const a of this.opts.extraPeers?.() ?? []) targets.set(addrKey(a), a);
    for (const id of [...targets.keys()]) if (this.opts.isLocal(id) || this.seedAddrs.has(id)) targets.delete(id);
    const peers = await mapLimited([...targets], this.opts.concurrency ?? 8, ([id, addr]) => this.queryPeer(id, addr));
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

  private querySeed(id: string, addr: Addr): Promise<RemoteSeedResult> {
    return this.ask(id, addr, 'seed', async (conn, timeout) => ({ id, ok: true, peers: await fetchPeerList(conn, addr, timeout, this.clock) }));
  }

  private queryPeer(id: string, addr: Addr): Promise<RemotePeerResult> {
    return this.ask(id, addr, 'peer', async (conn, timeout) => ({ id, ok: true, answer: await fetchNeighbours(conn, addr, timeout, this.clock) }));
  }

  /** One query over the node's (cached) connection; a failure drops the connection and says who did not answer. */
  private async ask<R>(id: string, addr: Addr, role: 'seed' | 'peer', query: (conn: Connection, timeoutMs: number) => Promise<R>): Promise<R | { id: string; ok: false; error: string }> {
    const timeout = this.opts.timeoutMs ?? 2000;
    try {
      return await query(await this.connection(id, addr, timeout), timeout);
    } catch (e) {
      this.drop(id);
      return { id, ok: false, error: `remote ${role} ${id} does not answer: ${(e as Error).message}` };
    }
  }

  private async connection(id: string, addr: Addr, timeoutMs: number): Promise<Connection> {
    const known = this.pool.get(id);
    if (known && !known.isClosed) return known;
    const conn = await dialNode(addr, timeoutMs, this.clock);
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
