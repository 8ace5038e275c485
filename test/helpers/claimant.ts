/**
 * A raw listener that plays the claimant's side of the reach-check: it answers every
 * `reach-check` it is sent with `reach-ok` (or, when `confirm` says no, with `error not-claimed`).
 * Tests use it to give a raw client a real listening address it can prove — the way an attacker
 * proves an address it really owns — and to count the checks a node makes.
 */
import net from 'node:net';
import { PROTOCOL_VERSION } from '../../src/core/protocol/messages';
import { frame, onFrames } from './rawClient';

/** One reach-check the listener received. */
export interface ReceivedCheck {
  proof: string;
  verifier: { host: string; port: number };
}

/** A running claimant listener. */
export interface Claimant {
  addr: { host: string; port: number };
  /** Every reach-check received so far. */
  checks: ReceivedCheck[];
  close(): Promise<void>;
}

/**
 * Listens on `host` (port 0: any free one) and answers reach-checks.
 * @param confirm decides each answer (default: confirm all)
 */
export async function listenAsClaimant(host = '127.0.0.1', confirm: (c: ReceivedCheck) => boolean = () => true): Promise<Claimant> {
  const checks: ReceivedCheck[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onFrames(socket, (msg) => {
      if (msg.type === 'reach-check') {
        const c = { proof: msg.proof as string, verifier: msg.verifier as ReceivedCheck['verifier'] };
        checks.push(c);
        socket.write(
          confirm(c)
            ? frame({ v: PROTOCOL_VERSION, type: 'reach-ok', rid: msg.rid })
            : frame({ v: PROTOCOL_VERSION, type: 'error', rid: msg.rid, code: 'not-claimed', message: 'no such claim' }),
        );
      } else if (msg.type === 'liveness') {
        socket.write(frame({ v: PROTOCOL_VERSION, type: 'liveness-reply', rid: msg.rid, timestamp: msg.timestamp, from: { host, port: (server.address() as net.AddressInfo).port } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    addr: { host, port },
    checks,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
