/**
 * Tools of the adversarial suite (test/adversarial/): an attacker's raw connections (optionally
 * from another loopback source IP), frame builders with the protocol version, registrations of
 * addresses the attacker really owns (proven through a claimant listener), a seed stand-in that
 * answers slowly, a listener that counts the dials a node makes to made-up addresses, and the
 * checks every attack test shares (error frames, event logs, gossip coverage).
 *
 * Nothing here validates what a node sends beyond what a test asserts: the attacker speaks raw
 * frames, exactly what a modified node could send.
 */
import net from 'node:net';
import { expect } from 'vitest';
import type { NodeEvent, NodeEventType } from '../../src/core/events';
import type { NodeLogger } from '../../src/core/log';
import type { PeerNode } from '../../src/core/peer/peerNode';
import type { Addr } from '../../src/core/protocol/addr';
import { addrKey } from '../../src/core/protocol/addr';
import type { ErrorCode } from '../../src/core/protocol/messages';
import { PROTOCOL_VERSION, messageSchemas } from '../../src/core/protocol/messages';
import type { Token } from '../../src/core/protocol/proof';
import { newNonce, newToken } from '../../src/core/protocol/proof';
import type { Frame } from './rawClient';
import { RawClient, frame, onFrames } from './rawClient';
import { waitFor } from './waitFor';

/** The protocol version every attacker frame carries. */
export const V = PROTOCOL_VERSION;

/** A fresh random 64-hex string: a guessed token, a made-up proof. */
export const randomHex = newNonce;

/** The events of type `T` in `events`. */
export function ofType<T extends NodeEventType>(events: readonly NodeEvent[], type: T): Array<Extract<NodeEvent, { type: T }>> {
  return events.filter((e): e is Extract<NodeEvent, { type: T }> => e.type === type);
}

/** Subscribes to `source` and returns the array every event is pushed to. */
export function recordEvents(source: { on(l: (e: NodeEvent) => void): unknown }): NodeEvent[] {
  const events: NodeEvent[] = [];
  source.on((e) => events.push(e));
  return events;
}

/** A logger that keeps every line (for asserting what a node said). */
export function linesLogger(): NodeLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
}

/**
 * Asserts that `f` is a valid `error` frame with `code`, a non-empty message, and `rid` when one
 * is given (no rid when `rid` is null).
 * @returns the error's message.
 */
export function expectError(f: Frame, code: ErrorCode, rid?: number | null): string {
  const parsed = messageSchemas.error.safeParse(f);
  expect(parsed.success, `not a valid error frame: ${JSON.stringify(f)}`).toBe(true);
  expect(f.code, JSON.stringify(f)).toBe(code);
  expect(typeof f.message === 'string' && f.message.length > 0, JSON.stringify(f)).toBe(true);
  if (rid === null) expect(f).not.toHaveProperty('rid');
  else if (rid !== undefined) expect(f.rid, JSON.stringify(f)).toBe(rid);
  return f.message as string;
}

/** Builds a message of the current version. */
export function msg(type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { v: V, type, ...fields };
}

/**
 * Connects a raw client to `port` on `host` from `localAddress` (another loopback IP, to stand
 * for a second machine: per-source-IP bounds count it apart).
 */
export function connectFrom(port: number, localAddress: string, host = '127.0.0.1', timeoutMs = 5_000): Promise<RawClient> {
  return RawClient.connect(port, host, timeoutMs, localAddress);
}

/** An attacker's raw connections, all destroyed by {@link Attacker.destroyAll}. */
export class Attacker {
  readonly clients = new Set<RawClient>();
  private rid = 1;

  /** A fresh request id. */
  nextRid(): number {
    return this.rid++;
  }

  /** A raw connection to `port` (from `from`, a loopback source IP, when given). */
  async connect(port: number, from?: string, host = '127.0.0.1'): Promise<RawClient> {
    const c = from ? await connectFrom(port, from, host) : await RawClient.connect(port, host);
    this.clients.add(c);
    return c;
  }

  /**
   * Registers `claimed` at the seed over `client`, with a fresh token. The claimant listening at
   * `claimed` must confirm the seed's reach-check for this to succeed.
   * @returns the token (its secret speaks for the entry afterwards) and the seed's answer.
   */
  async register(client: RawClient, claimed: Addr, timeoutMs = 5_000): Promise<{ token: Token; answer: Frame; rid: number }> {
    const token = newToken();
    const rid = this.nextRid();
    const answer = await client.request(msg('register', { rid, peer: claimed, proof: token.proof }), timeoutMs);
    return { token, answer, rid };
  }

  /** Destroys every connection the attacker opened. */
  destroyAll(): void {
    for (const c of this.clients) c.destroy();
    this.clients.clear();
  }
}

/** A seed's table as comparable data: `host:port degree`, in the seed's order. */
export function tableOf(seed: { peers(): Array<Addr & { degree: number }> }): string[] {
  return seed.peers().map((e) => `${addrKey(e)} ${e.degree}`);
}

/**
 * Waits until every live peer of `peers` holds every message generated by them (coverage 1.0):
 * the `gossip-generated` events of `events` from `origins` (default: the ids of `peers`) must
 * number `expected`, and each id be in every peer's Message List.
 */
export async function expectCoverage(peers: readonly PeerNode[], events: readonly NodeEvent[], expected: number, origins?: readonly string[], timeoutMs = 20_000): Promise<void> {
  const from = new Set(origins ?? peers.map((p) => p.id));
  const ids = (): string[] => ofType(events, 'gossip-generated').filter((e) => from.has(e.node)).map((e) => e.id);
  await waitFor(() => ids().length >= expected, { what: `${expected} honest messages to be made (have ${ids().length})`, timeoutMs });
  const live = peers.filter((p) => p.running);
  await waitFor(() => live.every((p) => ids().every((id) => p.messageList.has(id))), {
    what: 'every honest message at every live honest peer (coverage 1.0)',
    timeoutMs,
  });
  expect(ids()).toHaveLength(expected);
}

/** What the seed stand-in saw. */
export interface FakeSeed {
  addr: Addr;
  /** Registered peers, in order, with the last degree acked. */
  peers: Map<string, Addr & { degree: number }>;
  /** Every request received, by type. */
  received: Array<Record<string, unknown>>;
  /** `dead-node` reports received. */
  deadReports: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A TCP server speaking the seed side of the protocol without any checks: `register` is answered
 * `registered` at once (no reach-check), `get-peers` with everyone registered, `dead-node` and
 * `unregister` with `ack`; a `degree` update is applied and acknowledged only after
 * `degreeAckDelayMs` — a seed slow to answer.
 */
export async function fakeSeed(degreeAckDelayMs: number, host = '127.0.0.1'): Promise<FakeSeed> {
  const peers = new Map<string, Addr & { degree: number }>();
  const received: Array<Record<string, unknown>> = [];
  const deadReports: Array<Record<string, unknown>> = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let self: Addr = { host, port: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const send = (m: Record<string, unknown>): void => {
      if (!socket.destroyed) socket.write(frame({ v: V, ...m }));
    };
    onFrames(socket, (m) => {
      received.push(m);
      const rid = m.rid;
      switch (m.type) {
        case 'register': {
          const p = m.peer as Addr;
          const key = addrKey(p);
          if (!peers.has(key)) peers.set(key, { host: p.host, port: p.port, degree: 0 });
          send({ type: 'registered', rid, seed: self, peers: peers.size });
          break;
        }
        case 'get-peers': {
          const all = [...peers.values()];
          const offset = m.offset as number;
          send({ type: 'peer-list', rid, seed: self, offset, total: all.length, peers: all.slice(offset, offset + (m.limit as number)) });
          break;
        }
        case 'degree': {
          const t = setTimeout(() => {
            timers.delete(t);
            const e = peers.get(addrKey(m.peer as Addr));
            if (e) e.degree = m.degree as number;
            send({ type: 'ack', rid });
          }, degreeAckDelayMs);
          timers.add(t);
          break;
        }
        case 'dead-node':
          deadReports.push(m);
          send({ type: 'ack', rid, detail: 'removed' });
          break;
        case 'unregister':
          peers.delete(addrKey(m.peer as Addr));
          send({ type: 'ack', rid, detail: 'removed' });
          break;
        default:
          if (typeof rid === 'number') send({ type: 'error', rid, code: 'unexpected-message', message: `fake seed does not take ${String(m.type)}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  self = { host, port: (server.address() as net.AddressInfo).port };
  return {
    addr: self,
    peers,
    received,
    deadReports,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What {@link dialCounter} saw. */
export interface DialCounter {
  /** The port every made-up address uses. */
  port: number;
  /** Dials received, by the address dialled (`ip:port`), in order. */
  dials: string[];
  /** How long a reach-check is held before it is denied, ms (may be changed between phases). */
  holdMs: number;
  /** Dials whose reach-check is not answered yet: the checks the dialler is still running. */
  readonly pending: number;
  /** Most such dials at once so far. */
  readonly maxPending: number;
  /** Reach-checks received (each answered `not-claimed` after `holdMs`). */
  checks: Array<{ to: string; verifier: Addr }>;
  /** Liveness requests received (never answered). */
  readonly liveness: number;
  close(): Promise<void>;
}

/**
 * One listener on 0.0.0.0 that stands for every made-up address `127.a.b.c:port`: each dial is
 * counted under the address it was made to (the socket's local address), a reach-check is denied
 * (`not-claimed`) after `holdMs` — as an innocent host would, slowly — and the connection closed.
 */
export async function dialCounter(holdMs: number): Promise<DialCounter> {
  const dials: string[] = [];
  const checks: DialCounter['checks'] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let pending = 0;
  let maxPending = 0;
  let liveness = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let answered = false;
    const settle = (): void => {
      if (answered) return;
      answered = true;
      pending--;
    };
    pending++;
    maxPending = Math.max(maxPending, pending);
    const to = `${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}`;
    dials.push(to);
    socket.on('close', () => {
      sockets.delete(socket);
      settle();
    });
    socket.on('error', () => {});
    onFrames(socket, (m) => {
      if (m.type === 'reach-check') {
        checks.push({ to, verifier: m.verifier as Addr });
        const t = setTimeout(() => {
          timers.delete(t);
          settle();
          if (!socket.destroyed) socket.end(frame({ v: V, type: 'error', rid: m.rid, code: 'not-claimed', message: 'I never dialled you' }));
        }, counter.holdMs);
        timers.add(t);
      } else if (m.type === 'liveness') liveness++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const counter: DialCounter = {
    port: (server.address() as net.AddressInfo).port,
    dials,
    checks,
    holdMs,
    get pending() {
      return pending;
    },
    get maxPending() {
      return maxPending;
    },
    get liveness() {
      return liveness;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return counter;
}

/**
 * Waits until `snapshot()` (compared as JSON) has not changed for `quietMs`: a network whose
 * joins, degree updates and links have settled.
 * @returns the settled snapshot.
 */
export async function settled<T>(snapshot: () => T, quietMs = 400, timeoutMs = 15_000): Promise<T> {
  let last = JSON.stringify(snapshot());
  let since = Date.now();
  await waitFor(
    () => {
      const now = JSON.stringify(snapshot());
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    { what: `a snapshot unchanged for ${quietMs} ms`, timeoutMs, intervalMs: 20 },
  );
  return snapshot();
}
