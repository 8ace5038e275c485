/**
 * The gossip forward path against its floor: frames per second per core of
 * - a bare Node.js TCP relay (read a length-prefixed frame, write it to k sockets: nothing else);
 * - a real peer forwarding new gossip messages to k neighbours (parse, validate, hash, Message
 *   List, rate limits, encode once, write to k links).
 * The relay runs in its own child process, the source and the k sinks in this one; "per core" is
 * frames written by the relay ÷ the relay process's CPU seconds (user + system) while it relays.
 *
 * `npx tsx bench/relay.ts [--messages 20000] [--fanout 3] [--json]`. Prints a table (or one JSON
 * line with --json); `npm run bench` runs it and writes bench/results/relay.json.
 */
import { fork } from 'node:child_process';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { NodeEvent } from '../src/core/events';
import type { GossipEngine } from '../src/core/peer/gossip';
import { messageId } from '../src/core/peer/messageList';
import { PeerNode } from '../src/core/peer/peerNode';
import type { Addr } from '../src/core/protocol/addr';
import { encodeMessage } from '../src/core/protocol/codec';
import { encodeFrame } from '../src/core/protocol/frame';
import { formatGossip } from '../src/core/protocol/report';
import { SeedNode } from '../src/core/seed/seedNode';

/** One relay's measurement. */
export interface RelayRow {
  relay: 'bare TCP relay' | 'gossip peer';
  fanout: number;
  messages: number;
  /** Frames the relay wrote (messages × fanout). */
  framesOut: number;
  /** The relay process's CPU time while relaying, s. */
  cpuSeconds: number;
  /** framesOut ÷ cpuSeconds. */
  framesPerCoreSecond: number;
  wallSeconds: number;
}

/** The result: both rows and the ratio of the gossip peer to the floor. */
export interface RelayBenchResult {
  rows: RelayRow[];
  /** Gossip peer frames per core-second ÷ bare relay's. */
  ratio: number;
}

/** Limits for the relay peer: the rate limits out of the way (one origin makes every message). */
const OPEN_LIMITS = { originBurst: 1e9, originRatePerSec: 1e9, maxOrigins: 1e6, newOriginsPerSec: 1e9, maxWriteBufferBytes: 256 * 1024 * 1024 };
const CHUNK = 1000;

// ---- the child: one relay ----------------------------------------------------------------------

type ChildCmd = { cmd: 'start-bare' } | { cmd: 'start-gossip' } | { cmd: 'measure' } | { cmd: 'stop' };

async function child(): Promise<void> {
  let cpu0 = process.cpuUsage();
  const send = (m: unknown): void => void process.send!(m);
  let seed: SeedNode | undefined;
  let peer: PeerNode | undefined;
  let server: net.Server | undefined;
  process.on('message', async (m: ChildCmd) => {
    if (m.cmd === 'start-bare') {
      const sinks: net.Socket[] = [];
      server = net.createServer((s) => {
        s.setNoDelay(true);
        s.once('data', (first: Buffer) => {
          if (first[0] === 0x4b /* K */) {
            sinks.push(s);
            return;
          }
          // the source: relay every complete frame to every sink
          let buf: Buffer = first.subarray(1);
          const relay = (chunk: Buffer): void => {
            buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
            for (const k of sinks) k.cork();
            while (buf.length >= 4) {
              const len = buf.readUInt32BE(0);
              if (buf.length < 4 + len) break;
              const frame = buf.subarray(0, 4 + len);
              for (const k of sinks) k.write(frame);
              buf = buf.subarray(4 + len);
            }
            for (const k of sinks) k.uncork();
          };
          relay(Buffer.alloc(0));
          s.on('data', relay);
        });
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      send({ port: (server.address() as net.AddressInfo).port });
    } else if (m.cmd === 'start-gossip') {
      seed = new SeedNode({ host: '127.0.0.1', port: 0, limits: OPEN_LIMITS });
      const seedAddr = await seed.start();
      peer = new PeerNode({ host: '127.0.0.1', port: 0, seeds: [seedAddr], gossipCount: 0, livenessIntervalMs: 3_600_000, neighbours: 0, limits: OPEN_LIMITS });
      const addr = await peer.start();
      send({ seed: seedAddr, peer: addr });
    } else if (m.cmd === 'measure') {
      const u = process.cpuUsage(cpu0);
      cpu0 = process.cpuUsage();
      send({ cpuSeconds: (u.user + u.system) / 1e6 });
    } else if (m.cmd === 'stop') {
      await peer?.stop();
      await seed?.stop();
      server?.close();
      send({ stopped: true });
      process.exit(0);
    }
  });
  send({ ready: true });
}

// ---- the driver ----------------------------------------------------------------------------------

function ask<T>(c: ReturnType<typeof fork>, m: ChildCmd): Promise<T> {
  return new Promise((resolve) => {
    c.once('message', (r) => resolve(r as T));
    c.send(m);
  });
}

async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

function startChild(): Promise<ReturnType<typeof fork>> {
  const c = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => c.once('message', () => resolve(c)));
}

/** Frames of `n` distinct gossip messages from `origin`, encoded as our peers encode them. */
function gossipFrames(origin: Addr, n: number): Buffer[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const text = formatGossip(now, origin, i + 1);
    const id = messageId(text);
    return encodeFrame(encodeMessage({ type: 'gossip', id, text, origin, seq: i + 1, createdAt: now, hops: 0 }));
  });
}

async function bare(messages: number, fanout: number): Promise<RelayRow> {
  const c = await startChild();
  const { port } = await ask<{ port: number }>(c, { cmd: 'start-bare' });
  let received = 0;
  const sinks = await Promise.all(
    Array.from({ length: fanout }, async () => {
      const s = net.connect(port, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      s.write('K');
      let buf: Buffer = Buffer.alloc(0);
      s.on('data', (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
          buf = buf.subarray(4 + buf.readUInt32BE(0));
          received++;
        }
      });
      return s;
    }),
  );
  await new Promise((r) => setTimeout(r, 100));
  const source = net.connect(port, '127.0.0.1');
  await new Promise((r) => source.once('connect', r));
  source.write('S');
  const frames = gossipFrames({ host: '127.0.0.1', port: 9 }, messages);
  await ask(c, { cmd: 'measure' });
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i += CHUNK) {
    source.write(Buffer.concat(frames.slice(i, i + CHUNK)));
    await waitUntil(() => received >= (i + 1) * fanout - 2 * CHUNK * fanout);
  }
  await waitUntil(() => received >= messages * fanout);
  const wall = (performance.now() - t0) / 1000;
  const { cpuSeconds } = await ask<{ cpuSeconds: number }>(c, { cmd: 'measure' });
  source.destroy();
  for (const s of sinks) s.destroy();
  await ask(c, { cmd: 'stop' });
  return row('bare TCP relay', fanout, messages, cpuSeconds, wall);
}

async function gossip(messages: number, fanout: number): Promise<RelayRow> {
  const c = await startChild();
  const { seed, peer } = await ask<{ seed: Addr; peer: Addr }>(c, { cmd: 'start-gossip' });
  const opts = { host: '127.0.0.1', port: 0, seeds: [seed], gossipCount: 0, livenessIntervalMs: 3_600_000, fixedNeighbours: [peer], autoGossip: false, limits: OPEN_LIMITS };
  let received = 0;
  const sinks = Array.from({ length: fanout }, () => new PeerNode({ ...opts }));
  for (const s of sinks) {
    s.on((e: NodeEvent) => void (e.type === 'gossip-received' && received++));
    await s.start();
  }
  const source = new PeerNode({ ...opts });
  await source.start();
  const link = (source as unknown as { gossip: GossipEngine }).gossip.links()[0]!;
  const frames = gossipFrames(source.addr, messages);
  await ask(c, { cmd: 'measure' });
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i += CHUNK) {
    for (const f of frames.slice(i, i + CHUNK)) link.conn.sendFrame(f);
    await waitUntil(() => received >= (i + 1) * fanout - 2 * CHUNK * fanout);
  }
  await waitUntil(() => received >= messages * fanout);
  const wall = (performance.now() - t0) / 1000;
  const { cpuSeconds } = await ask<{ cpuSeconds: number }>(c, { cmd: 'measure' });
  await Promise.all([source.stop(), ...sinks.map((s) => s.stop())]);
  await ask(c, { cmd: 'stop' });
  return row('gossip peer', fanout, messages, cpuSeconds, wall);
}

function row(relay: RelayRow['relay'], fanout: number, messages: number, cpuSeconds: number, wall: number): RelayRow {
  const framesOut = messages * fanout;
  return { relay, fanout, messages, framesOut, cpuSeconds: round(cpuSeconds), framesPerCoreSecond: Math.round(framesOut / cpuSeconds), wallSeconds: round(wall) };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Runs both relays. */
export async function benchRelay(messages: number, fanout: number): Promise<RelayBenchResult> {
  const floor = await bare(messages, fanout);
  const ours = await gossip(messages, fanout);
  return { rows: [floor, ours], ratio: round(ours.framesPerCoreSecond / floor.framesPerCoreSecond) };
}

/** The result as a markdown table. */
export function formatRelayTable(r: RelayBenchResult): string {
  const lines = ['| relay | fanout | messages | frames out | CPU s | frames per core-second | wall s |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const x of r.rows) lines.push(`| ${x.relay} | ${x.fanout} | ${x.messages} | ${x.framesOut} | ${x.cpuSeconds} | ${x.framesPerCoreSecond.toLocaleString('en')} | ${x.wallSeconds} |`);
  lines.push('', `gossip peer ÷ bare relay: ${(r.ratio * 100).toFixed(0)} % (target ≥ 50 %)`);
  return lines.join('\n');
}

if (process.argv.includes('--child')) {
  void child();
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, fanout: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, child: { type: 'boolean', default: false } } });
  const r = await benchRelay(Number(values.messages), Number(values.fanout));
  console.log(values.json ? JSON.stringify(r) : formatRelayTable(r));
}
