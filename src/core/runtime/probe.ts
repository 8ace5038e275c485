/**
 * The observer's side of the wire: fetching a seed's whole peer list (`get-peers`, paged) and a
 * peer's neighbours (`neighbours-query`, paged) over a {@link Connection}, within a deadline, with
 * errors worded for a user ("no seed answers at 1.2.3.4:5: connect ECONNREFUSED").
 */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { Connection } from '../net/connection';
import { RemoteError, RequestFailedError, dial } from '../net/connection';
import type { Limits } from '../net/limits';
import { DEFAULT_LIMITS } from '../net/limits';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { PeerEntry } from '../protocol/messages';
import { MAX_PAGE } from '../protocol/messages';

/** Most entries a remote list may claim; more is treated as an invalid answer. */
export const MAX_REMOTE_LIST = 100_000;

/** A peer's answer to `neighbours-query`, all pages joined. */
export interface NeighboursAnswer {
  /** The peer's id as it states it. */
  peer: string;
  degree: number;
  /** Its neighbours' ids. */
  neighbours: string[];
  /** The seeds it registered with (ids). */
  seeds: string[];
}

/** A remote node could not be reached or did not answer as expected; `message` is for the user. */
export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/**
 * Opens a connection to a node for queries.
 * @param timeoutMs connect and per-request timeout, ms (overrides those two fields of `limits`)
 * @param limits merged over {@link DEFAULT_LIMITS}: frame size, write buffer, `transport` (network key), …
 * @throws ProbeError `connect ECONNREFUSED`, `connect timed out after … ms`, …
 */
export async function dialNode(addr: Addr, timeoutMs: number, clock: Clock = systemClock, limits: Partial<Limits> = {}): Promise<Connection> {
  try {
    return await dial(addr.host, addr.port, clock, { ...DEFAULT_LIMITS, ...limits, connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs });
  } catch (e) {
    throw new ProbeError(describeDialError(e));
  }
}

/**
 * Fetches a seed's whole peer list, page by page, within `timeoutMs` in all.
 * @param maxEntries stop asking for more pages once this many entries are in (the list is then
 *   cut to it); default {@link MAX_REMOTE_LIST}
 * @throws ProbeError when the node does not answer as a seed, answers invalid data, or is too slow.
 */
export async function fetchPeerList(conn: Connection, seed: Addr, timeoutMs: number, clock: Clock = systemClock, maxEntries = MAX_REMOTE_LIST): Promise<PeerEntry[]> {
  const key = addrKey(seed);
  const deadline = clock.now() + timeoutMs;
  const out: PeerEntry[] = [];
  for (let offset = 0, pages = 0; ; pages++) {
    const m = await ask(conn, key, 'a seed', { type: 'get-peers', offset, limit: MAX_PAGE }, deadline, clock);
    if (m.type !== 'peer-list') throw new ProbeError(`${key} is not a seed: it answered get-peers with ${m.type}`);
    if (m.total > MAX_REMOTE_LIST || m.offset !== offset || pages > MAX_REMOTE_LIST / MAX_PAGE) {
      throw new ProbeError(`${key} sent an invalid peer list (offset ${m.offset}, total ${m.total})`);
    }
    out.push(...m.peers);
    offset += m.peers.length;
    if (out.length >= maxEntries) return out.slice(0, maxEntries);
    if (m.peers.length === 0 || offset >= m.total) return out;
  }
}

/**
 * Asks a peer for its neighbours (all pages) and the seeds it registered with, within `timeoutMs`.
 * @throws ProbeError when the peer does not answer as a peer, answers invalid data, or is too slow.
 */
export async function fetchNeighbours(conn: Connection, peer: Addr, timeoutMs: number, clock: Clock = systemClock): Promise<NeighboursAnswer> {
  const key = addrKey(peer);
  const deadline = clock.now() + timeoutMs;
  const neighbours: string[] = [];
  let first: { peer: string; degree: number; seeds: string[] } | undefined;
  for (let offset = 0, pages = 0; ; pages++) {
    const m = await ask(conn, key, 'a peer', { type: 'neighbours-query', offset }, deadline, clock);
    if (m.type !== 'neighbours') throw new ProbeError(`${key} is not a peer: it answered neighbours-query with ${m.type}`);
    if (m.total > MAX_REMOTE_LIST || m.offset !== offset || pages > MAX_REMOTE_LIST / MAX_PAGE) {
      throw new ProbeError(`${key} sent an invalid neighbour list (offset ${m.offset}, total ${m.total})`);
    }
    first ??= { peer: addrKey(m.peer), degree: m.degree, seeds: m.seeds.map(addrKey) };
    neighbours.push(...m.neighbours.map(addrKey));
    offset += m.neighbours.length;
    if (m.neighbours.length === 0 || offset >= m.total) return { ...first, neighbours };
  }
}

/**
 * Dials a seed, fetches its peer list, and closes: the check that an address really is a seed.
 * @param timeoutMs connect and per-request timeout, and the time for the whole list, ms
 * @param limits merged over {@link DEFAULT_LIMITS} for the dial (e.g. `transport`)
 * @throws ProbeError worded for the user: `no seed answers at …: connect ECONNREFUSED`, `… is not a seed: …`.
 */
export async function probeSeed(seed: Addr, timeoutMs: number, clock: Clock = systemClock, limits: Partial<Limits> = {}): Promise<PeerEntry[]> {
  const key = addrKey(seed);
  let conn: Connection;
  try {
    conn = await dialNode(seed, timeoutMs, clock, limits);
  } catch (e) {
    throw new ProbeError(`no seed answers at ${key}: ${(e as Error).message}`);
  }
  try {
    return await fetchPeerList(conn, seed, timeoutMs, clock);
  } finally {
    conn.end();
  }
}

/** `connect ECONNREFUSED` / `connect timed out after 3000 ms` from a {@link dial} error. */
export function describeDialError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const failed = /failed: (.+)$/.exec(text);
  if (failed) return `connect ${failed[1]}`;
  const timed = /timed out after (\d+) ms/.exec(text);
  if (timed) return `connect timed out after ${timed[1]} ms`;
  return text;
}

type Body = Parameters<Connection['request']>[0];
type Answer = Awaited<ReturnType<Connection['request']>>;

/** One request with the time left before `deadline`; errors reworded. Invalid answers fail at once. */
async function ask(conn: Connection, key: string, role: string, body: Body, deadline: number, clock: Clock): Promise<Answer> {
  const left = deadline - clock.now();
  if (left <= 0) throw new ProbeError(`${key} did not answer ${body.type} in time`);
  let violation: ((e: Error) => void) | undefined;
  const invalid = new Promise<never>((_, reject) => (violation = reject));
  invalid.catch(() => {});
  conn.onViolation = (v) => violation?.(new ProbeError(`${key} sent an invalid answer to ${body.type} (${v.code}: ${v.message})`));
  try {
    return await Promise.race([conn.request(body, left), invalid]);
  } catch (e) {
    if (e instanceof ProbeError) throw e;
    if (e instanceof RemoteError) throw new ProbeError(`${key} is not ${role}: it answered ${body.type} with ${e.message}`);
    if (e instanceof RequestFailedError && /no answer within/.test(e.message)) {
      throw new ProbeError(`${key} did not answer ${body.type} within ${Math.round(left)} ms`);
    }
    if (e instanceof RequestFailedError) throw new ProbeError(`${key} closed the connection without answering ${body.type}`);
    throw new ProbeError(`${key}: ${(e as Error).message}`);
  } finally {
    conn.onViolation = () => {};
  }
}
