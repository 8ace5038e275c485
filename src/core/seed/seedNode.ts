/**
 * A seed node: the bootstrap service of the network. It registers peers once they prove they
 * listen where they say, serves its peer list with each peer's last reported degree, applies a
 * peer's own degree updates, and removes a peer that leaves or that a registered peer reports
 * dead and its own probe cannot reach. It logs every connection request and every dead-node
 * report. See docs/PROTOCOL.md §Seeds and §Trust.
 */
import { NodeBase } from '../nodeBase';
import type { NodeOptions } from '../nodeBase';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { ErrorCode, Message, MessageOf, PeerEntry } from '../protocol/messages';
import { MAX_PAGE } from '../protocol/messages';
import { formatDeadNode } from '../protocol/report';
import type { Connection } from '../net/connection';
import { FramedServer } from '../net/server';
import { CheckGate, GateFullError, probeLiveness, verifyClaim } from '../net/reachCheck';
import { proofOf } from '../protocol/proof';
import { PeerTable } from './peerTable';
import { every } from '../clock';

/** Options of a seed node (see {@link NodeOptions}). */
export type SeedOptions = NodeOptions;

/** A running seed. Create, `start()`, and later `stop()` or `kill()`. */
export class SeedNode extends NodeBase {
  readonly role = 'seed' as const;
  private readonly table: PeerTable;
  private readonly server: FramedServer;
  /** Reachability checks of registrations running now (bounded). */
  private readonly checks: CheckGate<void>;
  /** The seed's own liveness probes of peers reported dead (bounded, one per peer). */
  private readonly probes: CheckGate<boolean>;
  /** Peers that answered a dead-node probe, and until when (ms) a hint about them is not probed again. */
  private readonly answeredProbe = new Map<string, number>();
  private stopLeaseSweep: (() => void) | undefined;

  constructor(opts: SeedOptions) {
    super(opts);
    this.server = new FramedServer(this.clock, this.limits, (c) => this.accept(c));
    this.server.onRefused = (remote, why) => this.log.warn(`refused ${remote}: ${why}`);
    this.server.onBusy = (remote, why) => this.log.warn(`refused connection from ${remote}: ${why}`);
    this.table = new PeerTable(this.limits, () => this.clock.now());
    this.checks = new CheckGate(this.limits.maxPendingChecks);
    this.probes = new CheckGate(this.limits.maxPendingChecks);
  }

  /** Connections open to this seed now (peers dial in to register, report, and close when idle). */
  get connections(): number {
    return this.server.size;
  }

  /** The peers registered here, in registration order. */
  peers(): PeerEntry[] {
    return this.table.page(0, this.table.size);
  }

  /**
   * Binds the listening socket and starts serving.
   * @returns the bound address (the real port when 0 was asked).
   * @throws Error when it cannot listen (address in use, not local).
   */
  async start(): Promise<Addr> {
    if (this.state.code !== 'new') throw new Error(`seed ${this.id} was already started`);
    this.state = { code: 'starting' };
    try {
      this.self = await this.server.listen(this.self.host, this.self.port);
    } catch (e) {
      this.state = { code: 'stopped', reason: 'failed' };
      throw e;
    }
    this.state = { code: 'running', addr: this.addr, since: this.clock.now() };
    this.stopLeaseSweep = every(this.clock, Math.max(1, Math.min(this.limits.registrationCheckMs, this.limits.registrationLeaseMs)), () => this.sweepLeases());
    this.log.info(`seed listening on ${this.id}`);
    this.event({ type: 'node-up', role: 'seed' });
    return this.addr;
  }

  /** Stops serving: connections are ended gracefully, the listener closed. */
  async stop(): Promise<void> {
    if (this.state.code !== 'running') return;
    this.state = { code: 'stopped', reason: 'stopped' };
    this.stopLeaseSweep?.();
    await this.server.close();
    this.log.info(`seed ${this.id} stopped`);
    this.event({ type: 'node-down', role: 'seed', reason: 'stopped' });
    this.releaseFaults();
  }

  /** Crashes: every socket destroyed at once, nothing said to anyone. */
  async kill(): Promise<void> {
    if (this.state.code !== 'running') return;
    this.state = { code: 'stopped', reason: 'killed' };
    this.stopLeaseSweep?.();
    await this.server.destroy();
    this.event({ type: 'node-down', role: 'seed', reason: 'killed' });
    this.releaseFaults();
  }

  /**
   * The lease: peers not heard from for `registrationLeaseMs` are probed (through the same
   * bounded gate as dead-node reports), and removed when the probe fails; one that answers keeps
   * its place until its next check. A live peer refreshes its lease at every degree update and
   * every registration check (`registrationCheckMs`).
   */
  private sweepLeases(): void {
    const now = this.clock.now();
    for (const key of this.table.silentSince(now - this.limits.registrationLeaseMs)) {
      const entry = this.table.get(key)!;
      this.probes
        .run(key, () => probeLiveness({ host: entry.host, port: entry.port }, this.addr, this.limits.deadProbeTimeoutMs, this.clock, this.limits))
        .then((alive) => {
          if (!this.running || this.table.get(key) !== entry) return;
          if (alive) {
            entry.heardAt = this.clock.now();
            return;
          }
          this.table.delete(key);
          this.log.info(`removed ${key}: not heard from for ${Math.round((this.clock.now() - entry.heardAt) / 1000)} s and the seed's own probe failed`);
          this.event({ type: 'peer-removed', peer: key, reason: 'dead' });
        })
        .catch(() => {}); // the gate is full: the next sweep tries again
    }
  }

  private accept(conn: Connection): void {
    this.log.info(`connection request from ${conn.remote}`);
    conn.onViolation = (v) => this.violation(conn, v);
    conn.onMessage = (m) => this.handle(conn, m);
  }

  private handle(conn: Connection, m: Message): void {
    if (!this.running) {
      if ('rid' in m && m.type !== 'error') conn.sendError('shutting-down', 'seed is stopping', m.rid);
      return;
    }
    switch (m.type) {
      case 'register':
        void this.register(conn, m);
        return;
      case 'unregister': {
        const key = addrKey(m.peer);
        if (!this.authorised(conn, key, m.token, m.rid, 'unregister')) return;
        this.table.delete(key);
        this.log.info(`peer ${key} left`);
        conn.send({ type: 'ack', rid: m.rid, detail: 'removed' });
        this.event({ type: 'peer-removed', peer: key, reason: 'left' });
        return;
      }
      case 'get-peers':
        conn.send({ type: 'peer-list', rid: m.rid, seed: this.addr, offset: m.offset, total: this.table.size, peers: this.table.page(m.offset, Math.min(m.limit, MAX_PAGE)) });
        return;
      case 'degree': {
        const key = addrKey(m.peer);
        if (!this.authorised(conn, key, m.token, m.rid, 'degree')) return;
        // a peer cannot have more neighbours than there are other peers. Every peer registers at
        // a majority of the seeds, so this seed lists more than half of the network in
        // expectation: twice its list (plus slack for small networks) bounds any honest degree
        if (m.degree > believableDegree(this.table.size) || m.degree > this.limits.maxNeighbours) {
          const why = `degree ${m.degree} is not believable: this seed lists ${this.table.size} peers, so a degree above ${Math.min(believableDegree(this.table.size), this.limits.maxNeighbours)} cannot be`;
          conn.sendError('bad-message', why, m.rid);
          this.violation(conn, { code: 'bad-message', message: why });
          return;
        }
        this.table.setDegree(key, m.degree);
        conn.send({ type: 'ack', rid: m.rid });
        this.event({ type: 'peer-degree', peer: key, degree: m.degree });
        return;
      }
      case 'dead-node':
        this.deadNode(conn, m);
        return;
      case 'error':
        this.log.warn(`error from ${conn.remote}: ${m.code}: ${m.message}`);
        return;
      default: {
        const msg = `a seed does not take ${m.type}`;
        conn.sendError('unexpected-message', msg, 'rid' in m ? m.rid : undefined);
        this.violation(conn, { code: 'unexpected-message', message: msg });
      }
    }
  }

  /**
   * Registers `m.peer` once it proves it listens there: the seed dials the address back and asks,
   * with the registration's proof, whether the node there is registering with it (a reach-check).
   * Bounded: the table, the entries per source IP, and the checks running at once.
   */
  private async register(conn: Connection, m: MessageOf<'register'>): Promise<void> {
    const key = addrKey(m.peer);
    const known = this.table.get(key);
    if (known && known.proof === m.proof) {
      known.heardAt = this.clock.now();
      conn.send({ type: 'registered', rid: m.rid, seed: this.addr, peers: this.table.size });
      this.log.info(`registered peer ${key} again (connection from ${conn.remote})`);
      return;
    }
    const full = this.table.refusal(key, conn.remoteIp);
    if (full) {
      this.refuse(conn, 'busy', full, m.rid);
      return;
    }
    try {
      await this.checks.run(`${key} ${m.proof}`, () => verifyClaim(m.peer, m.proof, this.addr, this.clock, this.limits));
    } catch (e) {
      this.refuse(conn, e instanceof GateFullError ? 'busy' : 'unverified', `registration of ${key} refused: ${(e as Error).message}`, m.rid);
      return;
    }
    if (!this.running) return;
    const stillFull = this.table.refusal(key, conn.remoteIp);
    if (stillFull) {
      this.refuse(conn, 'busy', stillFull, m.rid);
      return;
    }
    const again = this.table.has(key);
    this.table.put(key, m.peer, m.proof, conn.remoteIp);
    this.log.info(`registered peer ${key} (connection from ${conn.remote}, reachability checked)${again ? ' again' : ''}`);
    conn.send({ type: 'registered', rid: m.rid, seed: this.addr, peers: this.table.size });
    if (!again) this.event({ type: 'peer-registered', peer: key });
  }

  /**
   * A dead-node report. It is never believed: the seed acts only when its own liveness probe of
   * the reported peer fails too. From a peer registered here it must carry that peer's token
   * (else `forbidden`); from anyone else — a peer registered at other seeds reports to every seed
   * of its list, since the dead peer registered with another majority — it is a hint for the same
   * probe, taken only about a peer this seed lists, at most one probe per peer at a time, and not
   * again within `deadProbeTimeoutMs` of a probe the peer answered. The report is acknowledged at
   * once (`checking`); the assignment's `Dead Node:` line is logged when the removal happens; a
   * report about a live peer changes nothing and is logged as refused.
   */
  private deadNode(conn: Connection, m: MessageOf<'dead-node'>): void {
    const reporter = addrKey(m.reporter);
    const key = addrKey(m.dead);
    const line = formatDeadNode(m.dead, m.timestamp, m.reporter);
    const registered = this.table.has(reporter);
    if (registered && !this.authorised(conn, reporter, m.token, m.rid, 'dead-node', `report from ${reporter} refused`)) {
      this.log.warn(`refused report (${line}): the token is not ${reporter}'s`);
      this.event({ type: 'report-refused', peer: key, reporter, why: `the token is not ${reporter}'s` });
      return;
    }
    const answeredUntil = this.answeredProbe.get(key);
    if (!registered && answeredUntil !== undefined && answeredUntil > this.clock.now() && this.table.has(key)) {
      conn.send({ type: 'ack', rid: m.rid, detail: 'refused: the peer answered a probe just now' });
      return;
    }
    if (!this.table.has(key)) {
      conn.send({ type: 'ack', rid: m.rid, detail: 'unknown peer' });
      this.log.info(`${line} (${key} was not in the list)`);
      return;
    }
    if (key === reporter) {
      conn.send({ type: 'ack', rid: m.rid, detail: 'refused: a peer cannot report itself' });
      return;
    }
    conn.send({ type: 'ack', rid: m.rid, detail: 'checking' });
    const entry = this.table.get(key)!;
    this.probes
      .run(key, () => probeLiveness(m.dead, this.addr, this.limits.deadProbeTimeoutMs, this.clock, this.limits))
      .then((alive) => {
        if (!this.running) return;
        if (alive) {
          if (this.answeredProbe.size >= this.limits.maxPeers) this.answeredProbe.delete(this.answeredProbe.keys().next().value!);
          this.answeredProbe.set(key, this.clock.now() + this.limits.deadProbeTimeoutMs);
          const why = `${key} answered the seed's own liveness probe`;
          this.log.warn(`refused report (${line}): ${why}`);
          this.event({ type: 'report-refused', peer: key, reporter, why });
          return;
        }
        // removed only if it is still the registration the probe checked
        if (this.table.get(key) !== entry) return;
        this.table.delete(key);
        this.log.info(`${line} (removed ${key}: the seed's own probe failed too)`);
        this.event({ type: 'peer-removed', peer: key, reason: 'dead', reporter });
      })
      .catch((e: unknown) => {
        // the probe gate is full: the report is dropped, and a later report will be checked
        this.log.warn(`report (${line}) not checked: ${(e as Error).message}`);
      });
  }

  /**
   * True when `token` is the registration token of peer `key`; otherwise answers the request
   * (`not-registered` or `forbidden`) and returns false.
   */
  private authorised(conn: Connection, key: string, token: string, rid: number, what: string, prefix = `${what} for ${key} refused`): boolean {
    const entry = this.table.get(key);
    if (!entry) {
      conn.sendError('not-registered', `peer ${key} is not registered here`, rid);
      return false;
    }
    if (proofOf(token) !== entry.proof) {
      this.refuse(conn, 'forbidden', `${prefix}: only the registered node may speak for ${key}`, rid);
      return false;
    }
    return true;
  }

  private refuse(conn: Connection, code: ErrorCode, why: string, rid: number): void {
    conn.sendError(code, why, rid);
    this.violation(conn, { code, message: why });
  }
}

/**
 * The largest degree a seed listing `listed` peers can believe: 2 × listed + 2. Each peer
 * registers at ⌊n/2⌋ + 1 of the n seeds, so a seed lists more than half the network's peers in
 * expectation, and no peer has more neighbours than there are other peers; the slack covers
 * small networks, where one seed's share varies most.
 */
export function believableDegree(listed: number): number {
  return 2 * listed + 2;
}
