/**
 * The transport seam: how a node opens and accepts the byte streams its framed connections run
 * on. {@link plainTcp} is plain TCP; a network key swaps in an authenticated, encrypted transport
 * (see `secure.ts`). Everything above it — framing, requests, the node state machines — sees a
 * `net.Socket` that is ready for frames either way.
 */
import net from 'node:net';

/** Opens and accepts the sockets of one node. */
export interface Transport {
  /** A short name for logs and errors (`tcp`, `tls-psk`). */
  readonly name: string;
  /**
   * Opens a stream to `host:port` and resolves once it is ready for frames (any handshake done).
   * @throws Error naming the address and the cause (ECONNREFUSED, a timeout after `timeoutMs`,
   *   a refused handshake) when it cannot.
   */
  connect(host: string, port: number, timeoutMs: number): Promise<net.Socket>;
  /**
   * Creates a listener (not yet listening) that hands every stream ready for frames to
   * `onSocket`; streams that fail their handshake are closed without reaching it, and reported
   * to `onRefused` (the remote as `ip:port`, and why).
   */
  createServer(onSocket: (socket: net.Socket) => void, onRefused?: (remote: string, why: string) => void): net.Server;
}

/**
 * The first byte of a TLS handshake record (content type 22). A plain frame never starts with
 * it: its first byte is the top byte of a length of at most 64 KiB, 0x00. So one byte tells an
 * unkeyed node that a keyed one dialled it, and a keyed node that an unkeyed one did.
 */
export const TLS_HANDSHAKE_BYTE = 0x16;

/** Plain TCP: the open assignment network. */
export const plainTcp: Transport = {
  name: 'tcp',
  connect(host, port, timeoutMs) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
    });
  },
  createServer(onSocket) {
    return net.createServer(onSocket);
  },
};
