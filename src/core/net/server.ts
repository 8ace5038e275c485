/**
 * A TCP listener that wraps every accepted socket in a {@link Connection}, enforces the
 * connection limit, and can close everything it accepted, gracefully or at once.
 */
import net from 'node:net';
import type { Clock } from '../clock';
import type { Addr } from '../protocol/addr';
import { Connection } from './connection';
import type { Limits } from './limits';
import { TLS_HANDSHAKE_BYTE, plainTcp } from './transport';

/** Accepts framed connections for one node. */
export class FramedServer {
  private readonly server: net.Server;
  private readonly conns = new Set<Connection>();
  /** Open inbound connections per source IP. */
  private readonly perIp = new Map<string, number>();
  /** Called for each connection refused as over a connection bound (already answered `busy`). */
  onBusy: (remote: string, why: string) => void = () => {};
  private listening = false;

  /**
   * Called for each inbound stream refused at its handshake: a node without the network key (or
   * with another one) reaching a keyed node, or a keyed node reaching this unkeyed one.
   */
  onRefused: (remote: string, why: string) => void = () => {};

  /**
   * @param onConnection called with each accepted connection (within the limit); it sets the
   *   connection's callbacks.
   */
  constructor(
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly onConnection: (conn: Connection) => void,
  ) {
    this.server = (limits.transport ?? plainTcp).createServer(
      (socket) => this.accept(socket),
      (remote, why) => this.onRefused(remote, why),
    );
    this.server.on('error', () => {});
  }

  /** Inbound connections now open. */
  get size(): number {
    return this.conns.size;
  }

  /**
   * Starts listening. Port 0 picks a free port.
   * @returns the address actually bound.
   * @throws Error (EADDRINUSE, EADDRNOTAVAIL, …) when it cannot bind.
   */
  listen(host: string, port: number): Promise<Addr> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(new Error(`cannot listen on ${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      this.server.once('error', onError);
      this.server.listen({ host, port, backlog: 1024 }, () => {
        this.server.off('error', onError);
        this.listening = true;
        const a = this.server.address() as net.AddressInfo;
        resolve({ host, port: a.port });
      });
    });
  }

  /** Stops accepting and ends every open connection gracefully. Resolves when the listener is closed. */
  async close(): Promise<void> {
    for (const c of this.conns) c.end();
    await this.closeListener();
  }

  /** Stops accepting and destroys every open connection (a crash). */
  async destroy(): Promise<void> {
    for (const c of this.conns) c.destroy();
    await this.closeListener();
  }

  private closeListener(): Promise<void> {
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const conn = new Connection(socket, this.clock, this.limits, true);
    const ip = conn.remoteIp;
    const fromIp = this.perIp.get(ip) ?? 0;
    const refusal =
      this.conns.size >= this.limits.maxConnections
        ? `this node is full: ${this.limits.maxConnections} connections open`
        : fromIp >= this.limits.maxConnectionsPerIp
          ? `this node is full for ${ip}: ${this.limits.maxConnectionsPerIp} connections open from that address`
          : undefined;
    if (refusal) {
      conn.sendError('busy', refusal);
      conn.end();
      this.onBusy(conn.remote, refusal);
      return;
    }
    this.conns.add(conn);
    this.perIp.set(ip, fromIp + 1);
    conn.whenClosed(() => {
      this.conns.delete(conn);
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.perIp.set(ip, left);
      else this.perIp.delete(ip);
    });
    conn.setIdleTimeout(this.limits.idleTimeoutMs);
    if ((this.limits.transport ?? plainTcp) === plainTcp) this.refuseTls(socket, conn);
    this.onConnection(conn);
  }

  /**
   * An unkeyed node's answer to a keyed one: when the first bytes open a TLS handshake, the
   * connection is refused (a plain `error bad-frame`, which the keyed dialler's TLS reads as "not
   * TLS") before it reads them as a frame. One listener per connection, gone after the first read.
   */
  private refuseTls(socket: net.Socket, conn: Connection): void {
    socket.prependOnceListener('data', (first: Buffer) => {
      if (first[0] !== TLS_HANDSHAKE_BYTE || first[1] !== 0x03) return; // not a TLS record (version 3.x)
      conn.sendError('bad-frame', 'this node does not use a network key');
      conn.end(); // closed before the connection reads the handshake as a frame
      this.onRefused(conn.remote, 'it uses a network key and this node has none (it opened a TLS handshake)');
    });
  }
}
