/**
 * Large recordings: how fast a recording is written, how fast the app's reader opens (scans) it,
 * how much memory opening takes against the file's size, and how long a seek takes — on a
 * synthetic run of N nodes (node, link, gossip and message events, a keyframe every 10 s)
 * written by the host's own Recorder and read by the renderer's own reader from a file-backed
 * Blob (`fs.openAsBlob`: the file is not loaded, as with a file the user drops on the window).
 *
 * Run: `npx tsx bench/replay.ts [--mb 200] [--nodes 1000] [--json]`.
 */
import { openAsBlob, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../src/core/clock';
import { Recorder } from '../src/host/recorder';
import { ReplayPlayer } from '../src/renderer/src/recording/player';
import { scanRecording } from '../src/renderer/src/recording/scan';
import { blobSource } from '../src/renderer/src/recording/source';
import type { Snapshot, UiEvent, UiNode } from '../src/shared/types';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, nodes: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } } });
const targetBytes = Number(values.mb) * 1024 * 1024;
const N = Number(values.nodes);

/** The bench's result (also its JSON). */
export interface ReplayBenchResult {
  nodes: number;
  fileMB: number;
  events: number;
  writeMBps: number;
  scanS: number;
  scanMBps: number;
  /** Heap and RSS growth while scanning (peak − before), MB. */
  scanHeapMB: number;
  scanRssMB: number;
  keyframes: number;
  seekMs: { p50: number; p99: number; max: number };
}

async function main(): Promise<ReplayBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gossip-lab-bench-replay-'));
  const path = join(dir, 'big.glrec.jsonl');
  try {
    let now = 1_700_000_000_000;
    const clock: Clock = { now: () => now, setTimeout: () => 0 as never, clearTimeout: () => {} };
    const nodes: UiNode[] = Array.from({ length: N }, (_, i) => ({ id: `10.0.${i >> 8}.${i & 255}:7000`, role: 'peer', origin: 'local', life: 'up', degree: 3 }));
    const links: Array<[string, string]> = nodes.slice(1).map((n, i) => [nodes[Math.floor(i / 2)]!.id, n.id]);
    const snap = (): Snapshot => ({
      nodes,
      links,
      timing: { livenessIntervalMs: 13000, livenessMisses: 3, gossipIntervalMs: 5000, gossipCount: 10, neighbours: 2 },
      report: { scope: 'both', degrees: nodes.map((n) => n.degree), fit: null, histogram: [], ccdf: [], fitLine: [] },
      messages: [],
      messageTotal: 0,
      remoteSeeds: [],
      topology: null,
      networkKey: false,
      runtime: { shards: 0, active: 0, running: 0, crashed: 0, defaultShards: 1 },
      detector: 'assignment',
      faults: { rules: {}, paused: [] },
      suspicions: [],
      recording: { on: true, active: null, stopped: null },
    } as Snapshot);
    const rec = new Recorder({ path, source: 'app', description: 'bench', clock, snapshot: snap, maxBytes: targetBytes + 1024 * 1024 });
    const w0 = performance.now();
    let events = 0;
    let k = 0;
    while (rec.bytes < targetBytes && rec.open) {
      now += 50;
      const batch: UiEvent[] = [];
      for (let i = 0; i < 40; i++, k++) {
        const a = nodes[k % N]!.id;
        const b = nodes[(k * 7 + 1) % N]!.id;
        batch.push({ kind: 'gossip', id: (k % 997).toString(16).padStart(64, '0'), node: a, from: b, hops: 1 + (k % 6), at: now });
      }
      batch.push({ kind: 'message', message: { id: (k % 997).toString(16).padStart(64, '0'), origin: nodes[0]!.id, text: `${now}:10.0.0.0:${k}`, at: now - 1000, reached: k % N }, total: k });
      batch.push({ kind: 'node', node: { ...nodes[k % N]!, degree: 2 + (k % 5) } });
      events += batch.length;
      rec.record(batch);
    }
    rec.close();
    const writeS = (performance.now() - w0) / 1000;
    const size = statSync(path).size;

    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let heapPeak = heap0;
    let rssPeak = rss0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed);
      rssPeak = Math.max(rssPeak, m.rss);
    }, 20);
    const source = blobSource(await openAsBlob(path), 'big');
    const s0 = performance.now();
    const index = await scanRecording(source, { onBatch: () => {} });
    const scanS = (performance.now() - s0) / 1000;
    clearInterval(sampler);

    let drawn = 0;
    const player = new ReplayPlayer(source, index, { snapshot: (s) => (drawn = s.nodes.length), events: (b) => (drawn += b.length * 0), cursor: () => {} }, { now: () => 0, every: () => () => {} });
    const seeks: number[] = [];
    let x = 12345;
    for (let i = 0; i < 40; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const t = index.start + (x / 2 ** 31) * (index.end - index.start);
      const t0 = performance.now();
      await player.seek(t);
      seeks.push(performance.now() - t0);
    }
    player.close();
    if (drawn !== N) throw new Error(`a seek drew ${drawn} nodes, not ${N}`);
    seeks.sort((a, b) => a - b);
    const q = (p: number): number => +seeks[Math.min(seeks.length - 1, Math.ceil(p * seeks.length) - 1)]!.toFixed(1);
    const mb = (b: number): number => +(b / 1024 / 1024).toFixed(1);
    return {
      nodes: N,
      fileMB: mb(size),
      events,
      writeMBps: +(mb(size) / writeS).toFixed(1),
      scanS: +scanS.toFixed(2),
      scanMBps: +(mb(size) / scanS).toFixed(1),
      scanHeapMB: mb(heapPeak - heap0),
      scanRssMB: mb(rssPeak - rss0),
      keyframes: index.keyframes.length,
      seekMs: { p50: q(0.5), p99: q(0.99), max: +seeks.at(-1)!.toFixed(1) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as a table. */
export function formatReplayTable(r: ReplayBenchResult): string {
  return [
    'file     nodes  events     write     open (scan)         memory while opening      keyframes  seek p50 / p99 / max',
    `${`${r.fileMB} MB`.padEnd(8)} ${String(r.nodes).padEnd(6)} ${String(r.events).padEnd(10)} ${`${r.writeMBps} MB/s`.padEnd(9)} ${`${r.scanS} s (${r.scanMBps} MB/s)`.padEnd(19)} ${`heap +${r.scanHeapMB} MB, RSS +${r.scanRssMB} MB`.padEnd(25)} ${String(r.keyframes).padEnd(10)} ${r.seekMs.p50} / ${r.seekMs.p99} / ${r.seekMs.max} ms`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const r = await main();
  console.log(values.json ? JSON.stringify(r) : formatReplayTable(r));
}
