/**
 * The cost of the network key: the same measurements over plain TCP and over TLS-PSK
 * (`--network-key-file`), both ends in this one process on loopback.
 *
 * - **Relay**: one node sends gossip frames (encoded once, as a forwarder does) to another over
 *   one framed connection as fast as the receiver decodes them: frames per second received.
 * - **Round trip**: sequential requests and answers on one connection: latency p50/p99.
 * - **Dial**: opening a connection, TCP and (with the key) the TLS handshake: p50/p99.
 * - **Network**: 1 seed + 50 peers joining and gossiping fast: join time, propagation latency
 *   p50/p99 from origin to every receiver.
 *
 * Every measurement runs 3 rounds per transport, alternating, after a warm-up of both.
 * `npx tsx bench/networkKey.ts [--frames 200000 --trips 2000 --dials 200 --peers 50 --reps 3]` prints a markdown table, writes bench/results/networkKey.json, and
 * prints the JSON as its last line (for bench/run.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock';
import { NetworkHost } from '../src/core/runtime/network';
import { GossipStats, quantile } from '../src/core/runtime/stats';
import type { Connection } from '../src/core/net/connection';
import { dial } from '../src/core/net/connection';
import type { Limits } from '../src/core/net/limits';
import { DEFAULT_LIMITS } from '../src/core/net/limits';
import { pskTransport } from '../src/core/net/secure';
import { FramedServer } from '../src/core/net/server';
import { messageId } from '../src/core/peer/messageList';
import { encodeMessage } from '../src/core/protocol/codec';
import { encodeFrame } from '../src/core/protocol/frame';

/** One transport's figures. Times in ms. */
export interface KeyBenchRow {
  /** `plain TCP` or `TLS-PSK (<cipher>)`. */
  transport: string;
  relay: { frames: number; frameBytes: number; framesPerSec: number; mibPerSec: number };
  roundTripMs: { p50: number; p99: number; samples: number };
  dialMs: { p50: number; p99: number; samples: number };
  network: { peers: number; joinMs: number; messages: number; coverageMin: number; latencyMs: { p50: number; p99: number } };
}

/** The whole result: plain and keyed rows. */
export interface KeyBenchResult {
  rows: KeyBenchRow[];
}

const KEY = Buffer.from('bench network key: 0123456789abcdef0123456789abcdef');
/** Frames in flight at most in the relay (well under the 4 MiB write buffer). */
const WINDOW = 4096;

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** A gossip frame as a forwarder sends it: ~270 bytes. */
function gossipFrame(seq: number): Buffer {
  const text = `${Date.now()}:127.0.0.1:7001:${seq}`;
  return encodeFrame(
    encodeMessage({ type: 'gossip', id: messageId(text), text, origin: { host: '127.0.0.1', port: 7001 }, seq, createdAt: Date.now(), hops: 0 }),
  );
}

/** A listener on loopback that counts gossip and answers `get-peers` with an empty list. */
async function receiver(limits: Limits): Promise<{ server: FramedServer; port: number; received: () => number }> {
  let received = 0;
  const server = new FramedServer(systemClock, limits, (conn) => {
    conn.onMessage = (m) => {
      if (m.type === 'gossip') received++;
      else if (m.type === 'get-peers') conn.send({ type: 'peer-list', rid: m.rid, seed: { host: '127.0.0.1', port: 1 }, offset: 0, total: 0, peers: [] });
    };
  });
  const { port } = await server.listen('127.0.0.1', 0);
  return { server, port, received: () => received };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Sends `frames` gossip frames with at most {@link WINDOW} in flight; frames per second received. */
async function relay(conn: Connection, received: () => number, frames: number): Promise<KeyBenchRow['relay']> {
  const pool = Array.from({ length: 64 }, (_, i) => gossipFrame(i));
  const start = received();
  const t0 = performance.now();
  let sent = 0;
  while (received() - start < frames) {
    while (sent < frames && sent - (received() - start) < WINDOW) {
      const batchEnd = Math.min(frames, sent + 256);
      for (; sent < batchEnd; sent++) if (!conn.sendFrame(pool[sent & 63]!)) throw new Error('relay: the connection dropped a frame');
    }
    await tick();
  }
  const seconds = (performance.now() - t0) / 1000;
  return { frames, frameBytes: pool[0]!.length, framesPerSec: Math.round(frames / seconds), mibPerSec: round((frames * pool[0]!.length) / seconds / 2 ** 20, 1) };
}

/** Sequential request/answer round trips, ms each. */
async function roundTrips(conn: Connection, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await conn.request({ type: 'get-peers', offset: 0, limit: 1 });
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Sequential dials (connect + handshake), each closed at once; ms each. */
async function dials(port: number, limits: Limits, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const c = await dial('127.0.0.1', port, systemClock, limits);
    samples.push(performance.now() - t0);
    c.destroy();
  }
  return samples;
}

/** p50 and p99 of samples (nearest rank), ms. */
function percentiles(samples: number[]): { p50: number; p99: number; samples: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(quantile(sorted, 0.5), 3), p99: round(quantile(sorted, 0.99), 3), samples: sorted.length };
}

/** 1 seed + `peers` peers gossiping fast; join time and propagation latency. */
async function network(limits: Partial<Limits>, peers: number): Promise<KeyBenchRow['network']> {
  const host = new NetworkHost({ randomSeed: 42, limits, timing: { neighbours: 3, gossipIntervalMs: 100, gossipCount: 10, livenessIntervalMs: 1000 } });
  const stats = new GossipStats();
  host.on((e) => stats.record(e));
  try {
    await host.addSeed();
    const t0 = performance.now();
    await host.addPeers(peers, { autoGossip: false });
    const joinMs = Math.round(performance.now() - t0);
    host.startGossip();
    await new Promise((r) => setTimeout(r, 100 * 10 + 500));
    await stats.quiet(1_000, 30_000);
    const g = stats.summary(new Set(host.peers().map((p) => p.id)));
    return { peers, joinMs, messages: g.messages, coverageMin: Math.min(...g.coverage), latencyMs: { p50: g.latencyMs.p50, p99: g.latencyMs.p99 } };
  } finally {
    await host.stopAll();
  }
}

/** One round of the connection measurements over one transport. */
interface ConnRound {
  cipher: string | undefined;
  relay: KeyBenchRow['relay'];
  trips: number[];
  dials: number[];
}

/** Relay, round trips and dials over one transport (`transport` undefined: plain TCP). */
async function measureConn(transport: Limits['transport'], o: { frames: number; trips: number; dials: number }): Promise<ConnRound> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...(transport ? { transport } : {}) };
  const r = await receiver(limits);
  try {
    const conn = await dial('127.0.0.1', r.port, systemClock, limits);
    const cipher = (conn as unknown as { socket: { getCipher?: () => { name: string } } }).socket.getCipher?.().name;
    const relayed = await relay(conn, r.received, o.frames);
    const trips = await roundTrips(conn, o.trips);
    conn.destroy();
    return { cipher, relay: relayed, trips, dials: await dials(r.port, limits, o.dials) };
  } finally {
    await r.server.destroy();
  }
}

/**
 * Both transports, `reps` rounds each, alternating (plain, keyed, plain, …) after a warm-up of
 * each, so neither gains from the other's JIT warm-up or a quieter moment: the relay rate is the
 * median round's, the connection latencies pool every round's samples, and the network figures
 * are the round's with the median gossip latency p50.
 */
async function benchAll(o: { frames: number; trips: number; dials: number; peers: number; reps: number }): Promise<KeyBenchRow[]> {
  const transports = [undefined, pskTransport(KEY)];
  const small = { frames: Math.min(o.frames, 20_000), trips: 200, dials: 20 };
  for (const t of transports) await measureConn(t, small);
  const rounds: ConnRound[][] = [[], []];
  for (let i = 0; i < o.reps; i++) for (const [k, t] of transports.entries()) rounds[k]!.push(await measureConn(t, o));
  for (const t of transports) await network(t ? { transport: t } : {}, Math.min(o.peers, 10));
  const netRounds: Array<Array<KeyBenchRow['network']>> = [[], []];
  for (let i = 0; i < o.reps; i++) for (const [k, t] of transports.entries()) netRounds[k]!.push(await network(t ? { transport: t } : {}, o.peers));
  // the network round with the median p50 latency
  const nets = netRounds.map((rs) => [...rs].sort((a, b) => a.latencyMs.p50 - b.latencyMs.p50)[rs.length >> 1]!);
  return transports.map((t, k) => {
    const rs = rounds[k]!;
    const byRate = [...rs].sort((a, b) => a.relay.framesPerSec - b.relay.framesPerSec);
    return {
      transport: t ? `TLS-PSK (${rs[0]?.cipher ?? 'tls'})` : 'plain TCP',
      relay: byRate[byRate.length >> 1]!.relay,
      roundTripMs: percentiles(rs.flatMap((r) => r.trips)),
      dialMs: percentiles(rs.flatMap((r) => r.dials)),
      network: nets[k]!,
    };
  });
}

/** The result as a markdown table: plain and keyed side by side, and the keyed cost. */
export function formatNetworkKeyTable(result: KeyBenchResult): string {
  const head = ['transport', 'relay frames/s (MiB/s)', 'round trip p50/p99 ms', 'dial p50/p99 ms', `network: join s`, 'gossip latency p50/p99 ms', 'coverage'];
  const lines = result.rows.map((r) => [
    r.transport,
    `${r.relay.framesPerSec.toLocaleString('en')} (${r.relay.mibPerSec})`,
    `${r.roundTripMs.p50} / ${r.roundTripMs.p99}`,
    `${r.dialMs.p50} / ${r.dialMs.p99}`,
    `${(r.network.joinMs / 1000).toFixed(2)} (${r.network.peers} peers)`,
    `${r.network.latencyMs.p50} / ${r.network.latencyMs.p99}`,
    String(r.network.coverageMin),
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({
    options: {
      frames: { type: 'string', default: '200000' },
      trips: { type: 'string', default: '2000' },
      dials: { type: 'string', default: '200' },
      peers: { type: 'string', default: '50' },
      reps: { type: 'string', default: '3' },
    },
  });
  const o = { frames: Number(values.frames), trips: Number(values.trips), dials: Number(values.dials), peers: Number(values.peers), reps: Number(values.reps) };
  const rows = await benchAll(o);
  const result: KeyBenchResult = { rows };
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, openssl: process.versions.openssl, date: new Date().toISOString() };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/networkKey.json', JSON.stringify({ machine, networkKey: result }, null, 2) + '\n');
  console.error(formatNetworkKeyTable(result));
  console.log(JSON.stringify(result));
  process.exit(0);
}
