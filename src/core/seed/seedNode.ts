/**
 * A seed node: the bootstrap service of the network. It registers peers, serves its peer list
 * with each peer's last reported degree, applies degree updates, and removes a peer reported dead
 * (or leaving). It logs every connection request and every dead-node report.
 */
import { NodeBase } from '../nodeBase';
import type { NodeOptions } from '../nodeBase';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { Message, PeerEntry } from '../protocol/messages';
import { MAX_PAGE } from '../protocol/messages';
import { formatDeadNode } from '../protocol/report';
import type { Connection } from '../net/connection';
import { FramedServer } from '../net/server';

/** Options of a seed node (see {@link NodeOptions}). */
export type SeedOptions = NodeOptions;

/** A running seed. Create, `start()`, and later `stop()` or `kill()`. */
export class SeedNode extends NodeBase {
  readonly role = 'seed' as const;
  private readonly peerTable = new Map<string, PeerEntry>();
  private readonly server: FramedServer;

  constructor(opts: SeedOptions) {
    super(opts);
    this.server = new FramedServer(this.clock, this.limits, (c) => this.accept(c));
  }

  /** Connections open to this seed now (peers dial in to register, report, and close when idle). */
  get connections(): number {
    return this.server.size;
  }

  /** The peers registered here, in registration order. */
  peers(): PeerEntry[] {
    return [...this.peerTable.values()].map((p) => ({ ...p }));
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
    this.log.info(`seed listening on ${this.id}`);
    this.event({ type: 'node-up', role: 'seed' });
    return this.addr;
  }

  /** Stops serving: connections are ended gracefully, the listener closed. */
  async stop(): Promise<void> {
    if (this.state.code !== 'running') return;
    this.state = { code: 'stopped', reason: 'stopped' };
    await this.server.close();
    this.log.info(`seed ${this.id} stopped`);
    this.event({ type: 'node-down', role: 'seed', reason: 'stopped' });
  }

  /** Crashes: every socket destroyed at once, nothing said to anyone. */
  async kill(): Promise<void> {
    if (this.state.code !== 'running') return;
    this.state = { code: 'stopped', reason: 'killed' };
    await this.server.destroy();
    this.event({ type: 'node-down', role: 'seed', reason: 'killed' });
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
      case 'register': {
        const key = addrKey(m.peer);
        const known = this.peerTable.get(key);
        if (!known) this.peerTable.set(key, { host: m.peer.host, port: m.peer.port, degree: 0 });
        this.log.info(`registered peer ${key} (connection from ${conn.remote})${known ? ' again' : ''}`);
        conn.send({ type: 'registered', rid: m.rid, seed: this.addr, peers: this.peerTable.size });
        if (!known) this.event({ type: 'peer-registered', peer: key });
        return;
      }
      case 'unregister': {
        const key = addrKey(m.peer);
        const had = this.peerTable.delete(key);
        this.log.info(`peer ${key} left${had ? '' : ' (was not registered)'}`);
        conn.send({ type: 'ack', rid: m.rid, detail: had ? 'removed' : 'unknown peer' });
        if (had) this.event({ type: 'peer-removed', peer: key, reason: 'left' });
        return;
      }
      case 'get-peers': {
        const all = [...this.peerTable.values()];
        const page = all.slice(m.offset, m.offset + Math.min(m.limit, MAX_PAGE));
        conn.send({ type: 'peer-list', rid: m.rid, seed: this.addr, offset: m.offset, total: all.length, peers: page });
        return;
      }
      case 'degree': {
        const key = addrKey(m.peer);
        const entry = this.peerTable.get(key);
        if (!entry) {
          conn.sendError('not-registered', `peer ${key} is not registered here`, m.rid);
          return;
        }
        entry.degree = m.degree;
        conn.send({ type: 'ack', rid: m.rid });
        this.event({ type: 'peer-degree', peer: key, degree: m.degree });
        return;
      }
      case 'dead-node': {
        const key = addrKey(m.dead);
        const line = formatDeadNode(m.dead, m.timestamp, m.reporter);
        const had = this.peerTable.delete(key);
        this.log.info(`${line}${had ? ` (removed ${key})` : ` (${key} was not in the list)`}`);
        conn.send({ type: 'ack', rid: m.rid, detail: had ? 'removed' : 'unknown peer' });
        if (had) this.event({ type: 'peer-removed', peer: key, reason: 'dead', reporter: addrKey(m.reporter) });
        return;
      }
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
}
