/**
 * A TCP listener that wraps every accepted socket in a {@link Connection}, enforces the
 * connection limit, and can close everything it accepted, gracefully or at once.
 */
import net from 'node:net';
import type { Clock } from '../clock';
import type { Addr } from '../protocol/addr';
import { Connection } from './connection';
import type { Limits } from './limits';
import { plainTcp } from './transport';

/** Accepts framed connections for one node. */
export class FramedServer {
  private readonly server: net.Server;
  private readonly conns = new Set<Connection>();
  private listening = false;

  /**
   * @param onConnection called with each accepted connection (within the limit); it sets the
   *   connection's callbacks.
   */
  /** Called for each inbound stream refused at its handshake (a node without the network key). */
  onRefused: (remote: string, why: string) => void = () => {};

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
    if (this.conns.size >= this.limits.maxConnections) {
      conn.sendError('busy', `too many connections (limit ${this.limits.maxConnections})`);
      conn.end();
      return;
    }
    this.conns.add(conn);
    conn.whenClosed(() => this.conns.delete(conn));
    this.onConnection(conn);
  }
}
