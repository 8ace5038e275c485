/**
 * A peer's neighbour links: the table of neighbours and the link handshake both ways — dialling
 * a candidate (`peer-hello` with a fresh proof, the new connection held until wired so nothing
 * the acceptor sends early is lost), accepting one (a reach-check of the dialler's claimed
 * address, the `maxNeighbours` bound, bans, the crossed-dial tie-break), restoring a link whose
 * connection dropped, and cutting an abusive neighbour. See docs/PROTOCOL.md §Joining and §Trust.
 */
import type { Clock } from '../clock';
import type { LinkDownReason, NodeEvent } from '../events';
import type { NodeLogger } from '../log';
import type { DistributiveOmit } from '../nodeBase';
import type { Connection, Violation } from '../net/connection';
import { dial } from '../net/connection';
import type { Limits } from '../net/limits';
import { CheckGate, GateFullError, verifyClaim } from '../net/reachCheck';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { Message, MessageOf } from '../protocol/messages';
import type { ClaimBook } from './claims';
import type { Neighbour } from './liveness';

/** What the link table needs from its peer. */
export interface LinkHost {
  clock: Clock;
  limits: Limits;
  log: NodeLogger;
  /** The claims the peer made, shared with its seed client. */
  claims: ClaimBook;
  /** The peer's listening address, and its key. */
  self(): Addr;
  id(): string;
  /** The peer runs (started, not stopped). */
  running(): boolean;
  /** stop() or kill() was called. */
  leaving(): boolean;
  /** The peer is closing its sockets. */
  halting(): boolean;
  /** Handles a message that arrived on the link to `key`. */
  handle(conn: Connection, m: Message, key: string): void;
  /** The Message List's check of a raw frame before it is parsed (true: a copy, dropped). */
  prefilter(payload: Buffer): boolean;
  violation(conn: Connection, v: Violation): void;
  event(e: DistributiveOmit<NodeEvent, 'at' | 'node'>): void;
  /** The degree changed: tell the seeds (resolves with the failures). */
  degreeChanged(): Promise<string[]>;
  /** A link's connection closed without a goodbye (the neighbour stays until liveness decides). */
  connectionLost(key: string): void;
}

/** One peer's neighbours and their links. */
export class LinkTable {
  private readonly map = new Map<string, Neighbour>();
  /** Peers this one is dialling now (for the crossed-dial tie-break). */
  private readonly dialling = new Set<string>();
  /** Reach-checks of dialling peers running now (bounded). */
  private readonly checks: CheckGate<void>;
  /** Neighbours cut for abuse, and until when (clock ms) a `peer-hello` of theirs is rejected. */
  private readonly banned = new Map<string, number>();

  constructor(private readonly host: LinkHost) {
    this.checks = new CheckGate(host.limits.maxPendingChecks);
  }

  /** Number of neighbours (the degree). */
  get size(): number {
    return this.map.size;
  }

  /** The neighbours' address keys. */
  keys(): string[] {
    return [...this.map.keys()];
  }

  /** The neighbours. */
  values(): IterableIterator<Neighbour> {
    return this.map.values();
  }

  /** True while peer `key` is refused for abuse (this peer neither accepts nor dials it). */
  isBanned(key: string): boolean {
    const until = this.banned.get(key);
    return until !== undefined && until > this.host.clock.now();
  }

  /** True while `n` is still the record of its neighbour. */
  isCurrent(n: Neighbour): boolean {
    return this.map.get(n.key) === n;
  }

  /** True when `key` is a neighbour whose link's connection is open. */
  isOpen(key: string): boolean {
    const c = this.map.get(key)?.conn;
    return c !== undefined && c !== null && !c.isClosed;
  }

  /** True when `conn` is the connection of the link to `key` (not a spare one). */
  isLinkConnection(key: string, conn: Connection): boolean {
    return this.map.get(key)?.conn === conn;
  }

  /** Neighbours whose link's connection is open now (the degree gossip can use). */
  get openCount(): number {
    let k = 0;
    for (const n of this.map.values()) if (n.conn && !n.conn.isClosed) k++;
    return k;
  }

  /** The neighbours with an open link now. */
  open(): Array<{ key: string; conn: Connection }> {
    const out: Array<{ key: string; conn: Connection }> = [];
    for (const n of this.map.values()) if (n.conn && !n.conn.isClosed) out.push({ key: n.key, conn: n.conn });
    return out;
  }

  /** Says goodbye (`bye`) on every link. */
  sayGoodbye(): void {
    for (const n of this.map.values()) n.conn?.send({ type: 'bye', from: this.host.self() });
  }

  /** Closes every link, gracefully or at once, and forgets them. */
  closeAll(graceful: boolean): void {
    for (const n of this.map.values()) {
      if (graceful) n.conn?.end();
      else n.conn?.destroy();
    }
    this.map.clear();
  }

  /**
   * A neighbour answered liveness but its link is gone (closed without a goodbye: a reset, a
   * dropped slow reader): the peer with the smaller id dials the link again, so gossip flows
   * once more; the other waits for that dial.
   */
  async relink(n: Neighbour): Promise<void> {
    if (this.host.id() > n.key || this.dialling.has(n.key) || !this.host.running() || this.host.leaving()) return;
    this.dialling.add(n.key);
    let conn: Connection | undefined;
    const proof = this.host.claims.nonceFor(n.addr, 2 * this.host.limits.requestTimeoutMs);
    try {
      conn = await dial(n.addr.host, n.addr.port, this.host.clock, this.host.limits);
      conn.hold();
      const answer = await conn.request({ type: 'peer-hello', from: this.host.self(), proof });
      if (answer.type !== 'peer-accept') throw new Error(answer.type === 'peer-reject' ? `rejected: ${answer.reason}` : `answered ${answer.type}`);
      if (!this.host.running() || this.map.get(n.key) !== n || (n.conn && !n.conn.isClosed)) {
        conn.destroy();
        return;
      }
      n.conn = conn;
      this.wire(n.key, conn);
      this.host.log.info(`link to ${n.key} restored`);
    } catch (e) {
      conn?.destroy();
      this.host.log.warn(`could not restore the link to ${n.key}: ${(e as Error).message}`);
    } finally {
      this.host.claims.release(proof);
      this.dialling.delete(n.key);
    }
  }

  /**
   * Dials one neighbour candidate and links to it.
   * @returns undefined when linked (or no longer needed), else why it failed, in words.
   */
  async dial(target: Addr): Promise<string | undefined> {
    const key = addrKey(target);
    if (this.map.has(key)) return undefined; // it dialled us while we were choosing
    let conn: Connection | undefined;
    this.dialling.add(key);
    const proof = this.host.claims.nonceFor(target, 2 * this.host.limits.requestTimeoutMs);
    try {
      conn = await dial(target.host, target.port, this.host.clock, this.host.limits);
      conn.hold();
      const answer = await conn.request({ type: 'peer-hello', from: this.host.self(), proof });
      if (answer.type !== 'peer-accept') {
        throw new Error(answer.type === 'peer-reject' ? `rejected: ${answer.reason}` : `answered ${answer.type}`);
      }
      if (this.host.halting()) {
        conn.destroy();
        return undefined;
      }
      if (this.host.leaving() || this.map.has(key)) {
        conn.send({ type: 'bye', from: this.host.self() });
        conn.end();
        return undefined;
      }
      this.add(target, conn, true);
      this.host.log.info(`linked to neighbour ${key} (degree ${answer.degree})`);
      return undefined;
    } catch (e) {
      conn?.destroy();
      const why = (e as Error).message;
      this.host.log.warn(`could not link to ${key}: ${why}`);
      return why;
    } finally {
      this.host.claims.release(proof);
      this.dialling.delete(key);
    }
  }

  /** Records a new link and wires its connection; resolves when the seeds heard the new degree. */
  private add(addr: Addr, conn: Connection, initiator: boolean): Promise<string[]> {
    const key = addrKey(addr);
    this.map.set(key, { addr: { host: addr.host, port: addr.port }, key, conn, misses: 0, awaiting: false, accepting: !initiator });
    this.wire(key, conn);
    this.host.event({ type: 'link-up', neighbour: key, initiator });
    return this.host.degreeChanged();
  }

  /** Removes the link to `key` (a dead neighbour's connection is destroyed, others ended). */
  remove(key: string, reason: LinkDownReason): void {
    const n = this.map.get(key);
    if (!n) return;
    this.map.delete(key);
    if (reason === 'dead') n.conn?.destroy();
    else n.conn?.end();
    this.host.event({ type: 'link-down', neighbour: key, reason });
    void this.host.degreeChanged();
  }

  private wire(key: string, conn: Connection): void {
    conn.remoteKey = key; // proven by the handshake's reach-check: injected link faults may use it
    conn.onMessage = (m) => this.host.handle(conn, m, key);
    conn.prefilter = (payload) => this.host.prefilter(payload);
    conn.onViolation = (v) => this.host.violation(conn, v);
    conn.onClose = () => {
      const n = this.map.get(key);
      if (n && n.conn === conn) {
        n.conn = null;
        if (this.host.running() && !this.host.leaving()) {
          this.host.log.warn(`link to ${key} closed without a goodbye; liveness will tell`);
          this.host.connectionLost(key);
        }
      }
    };
    conn.setIdleTimeout(0); // a link is watched by liveness, not by the idle timer
    conn.release(); // what the neighbour sent before the link was wired, in order
  }

  /**
   * A peer asks to link. It must prove it listens at the address it claims (a reach-check dialled
   * back to `from`); a full peer rejects it (`full`), as does one already linked to it.
   */
  async accept(conn: Connection, m: MessageOf<'peer-hello'>): Promise<void> {
    const key = addrKey(m.from);
    const bannedUntil = this.banned.get(key);
    if (bannedUntil !== undefined) {
      if (bannedUntil > this.host.clock.now()) {
        conn.send({ type: 'peer-reject', rid: m.rid, reason: 'banned: it forwarded more new messages than its origins may make' });
        return;
      }
      this.banned.delete(key);
    }
    if (this.map.size >= this.host.limits.maxNeighbours && !this.map.has(key)) {
      conn.send({ type: 'peer-reject', rid: m.rid, reason: `full: ${this.host.limits.maxNeighbours} neighbours` });
      return;
    }
    if (key !== this.host.id()) {
      try {
        await this.checks.run(`${key} ${m.proof}`, () => verifyClaim(m.from, m.proof, this.host.self(), this.host.clock, this.host.limits));
      } catch (e) {
        const code = e instanceof GateFullError ? 'busy' : 'unverified';
        const why = `link from ${key} refused: ${(e as Error).message}`;
        conn.sendError(code, why, m.rid);
        this.host.violation(conn, { code, message: why });
        return;
      }
      if (!this.host.running() || conn.isClosed) return;
    }
    const existing = this.map.get(key);
    const reason =
      key === this.host.id()
        ? 'cannot link to itself'
        : existing?.conn && !existing.conn.isClosed
          ? 'already neighbours'
          : // both dialled each other at once: the dial of the smaller id wins, one link remains
            this.dialling.has(key) && this.host.id() < key
            ? 'simultaneous dial: mine wins'
            : undefined;
    if (reason) {
      conn.send({ type: 'peer-reject', rid: m.rid, reason });
      return;
    }
    if (existing) this.map.delete(key); // it came back on a new connection
    this.host.log.info(`accepted neighbour ${key} (connection from ${conn.remote})`);
    // the degree reaches the seeds before the dialler hears yes, so the next joiner sees it; but a
    // slow seed must not make the dialler's request time out: wait at most half its timeout
    await this.withinMs(this.add(m.from, conn, false), this.host.limits.requestTimeoutMs / 2);
    conn.send({ type: 'peer-accept', rid: m.rid, peer: this.host.self(), degree: this.map.size });
    const accepted = this.map.get(key);
    if (accepted?.conn === conn) accepted.accepting = false;
  }

  /**
   * Cuts the link to a neighbour the gossip engine found abusive (it forwarded `throttleStrikes`
   * new messages over an origin's rate; see gossip.ts): `error rate-limited`, a warning, and the
   * link is removed (`link-down` reason `rejected`).
   */
  ban(key: string, why: string): void {
    const n = this.map.get(key);
    if (!n) return;
    n.conn?.sendError('rate-limited', why);
    this.host.log.warn(`dropping neighbour ${key} and refusing it for ${this.host.limits.messageTtlMs} ms: ${why}`);
    // it may not link again until the messages it flooded have left every Message List
    if (this.banned.size >= this.host.limits.maxNeighbours) this.banned.delete(this.banned.keys().next().value!);
    this.banned.set(key, this.host.clock.now() + this.host.limits.messageTtlMs);
    this.remove(key, 'rejected');
  }

  /** Resolves when `p` settles or after `ms`, whichever comes first; never rejects. */
  private withinMs(p: Promise<unknown>, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.host.clock.setTimeout(resolve, ms);
      p.then(
        () => (this.host.clock.clearTimeout(t), resolve()),
        () => (this.host.clock.clearTimeout(t), resolve()),
      );
    });
  }
}
