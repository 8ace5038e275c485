/**
 * The UI under load: the renderer in Chromium (through the browser harness) while N real peers
 * run and gossip (they join first; once the graph's layout has settled all start gossiping, and
 * the window opens 5 s later). Measures the frame rate, the delay from a core event to the
 * frame that shows it, the session's own event-loop delay (the process the user looks at: it
 * merges the nodes' events and serves the page) and how late the network runs. The nodes run in
 * `--shards K` shard processes (default: the machine's available parallelism; 0 = in the
 * session's process).
 *
 * Run: `npx electron-vite build && npx tsx bench/ui.ts [--peers 500] [--seconds 15] [--shards K]`
 * (or `npm run bench`, which runs every benchmark). Prints a table, writes bench/results/ui-N.json.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { quantile } from '../src/core/runtime/stats';
import { defaultShardCount } from '../src/core/runtime/shard/shardedNetwork';
import type { PeerTiming } from '../src/core/peer/options';
import { startWebServer } from '../src/web/server';

/** Debian's Chromium and the flags this machine's closed network needs. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One UI measurement. */
export interface UiBenchResult {
  peers: number;
  seeds: number;
  /** Shard processes that ran the nodes (0: the session's own process). */
  shards: number;
  /** The session process's event-loop delay over the window (monitorEventLoopDelay, 10 ms resolution), ms. */
  sessionLoopMs: { p50: number; p99: number; max: number };
  /** The session's own load readings over the window (LoadMonitor, once a second): worst p99 delay, ms, and mean utilisation. */
  sessionLoad: { worstP99Ms: number; utilization: number };
  /** How late the network ran (the load readings' networkLateMs): median and worst reading, ms. */
  networkLateMs: { p50: number; max: number } | null;
  timing: PeerTiming;
  /** Time for every peer to join, ms. */
  joinMs: number;
  /** Time until the graph showed every node, from the start of the joins, ms. */
  drawnMs: number;
  /** Time until the layout had settled (none running or queued for 1 s), from the start of the joins, ms. */
  settledMs: number;
  windowS: number;
  fps: number;
  /** Frame durations, ms. */
  frameMs: { p50: number; p95: number; p99: number; max: number };
  /** Core event → painted frame, ms; null when the host delivered no gossip event in the window. */
  eventToScreenMs: { p50: number; p95: number; p99: number; samples: number } | null;
  /** Gossip events the host delivered in the window. */
  hostGossipEvents: number;
  /** Core event → the batch leaving the host, ms: the host's share of the delay. */
  hostLagMs: { p50: number; p95: number };
}

interface PageWindow {
  __gossipLab?: { cy: { nodes(): { length: number } } | null; metrics: { drain(): number[] } };
}

/** Runs the UI benchmark with `peers` peers and 3 seeds for a `seconds`-long window. */
export async function benchUi(peers: number, seconds: number, timing: Partial<PeerTiming> = {}, shards = defaultShardCount(), shardNiceness?: number): Promise<UiBenchResult> {
  const exportDir = mkdtempSync(join(tmpdir(), 'gossip-lab-bench-'));
  const server = await startWebServer({ port: 0, exportDir, recordingsDir: join(exportDir, 'recordings'), session: { shards, ...(shardNiceness !== undefined ? { shardNiceness } : {}) } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => Boolean((window as PageWindow).__gossipLab?.cy));
    for (let i = 0; i < 3; i++) {
      const r = await server.session.execute('addSeed', {});
      if (!r.ok) throw new Error(`addSeed: ${r.error}`);
    }
    const applied = await server.session.execute('setTiming', timing);
    if (!applied.ok) throw new Error(`setTiming: ${applied.error}`);
    const runtime = await server.session.runtimeReady();
    const t0 = performance.now();
    // join first, then gossip (as `gossip-lab net` does): joins under a full gossip load measure
    // the host's saturation, not the UI
    await runtime.addPeers(peers, { autoGossip: false });
    const joinMs = performance.now() - t0;
    await page.waitForFunction((n) => ((window as PageWindow).__gossipLab?.cy?.nodes().length ?? 0) >= n, peers + 3, { timeout: 120_000, polling: 100 });
    const drawnMs = performance.now() - t0;
    // let the layout settle (no layout running or queued for 1 s), then start gossip and let it
    // reach its steady rate; the window measures the settled graph while the network gossips
    // a string, not a function: tsx would inject its `__name` helper into a serialised function
    await page.evaluate(`new Promise((resolve, reject) => {
      const start = performance.now();
      let idleSince = start;
      const check = () => {
        if (window.__gossipLab.layoutBusy()) idleSince = performance.now();
        if (performance.now() - idleSince >= 1000) resolve(true);
        else if (performance.now() - start > 300000) reject(new Error('the layout did not settle within 300 s'));
        else setTimeout(check, 50);
      };
      check();
    })`);
    const settledMs = performance.now() - t0;
    await runtime.startGossip();
    await page.waitForTimeout(5000);
    await page.evaluate(() => (window as PageWindow).__gossipLab!.metrics.drain());

    const hostLags: number[] = [];
    const loads: Array<{ p99: number; utilization: number; late: number | null }> = [];
    const offBatch = server.session.onBatch((batch) => {
      const now = Date.now();
      for (const e of batch) {
        if (e.kind === 'gossip') hostLags.push(now - e.at);
        else if (e.kind === 'load') loads.push({ p99: e.load.loopDelayP99Ms, utilization: e.load.utilization, late: e.load.networkLateMs ?? null });
      }
    });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // a string, not a function: tsx would inject its `__name` helper into a serialised function
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const end = last + ${seconds * 1000};
      requestAnimationFrame(function step(now) {
        out.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(step);
        else resolve(out);
      });
    })`)) as number[];
    loop.disable();
    offBatch();
    hostLags.sort((a, b) => a - b);
    const lates = loads.flatMap((l) => (l.late === null ? [] : [l.late])).sort((a, b) => a - b);
    const delays = (await page.evaluate(() => (window as PageWindow).__gossipLab!.metrics.drain())).sort((a, b) => a - b);
    const ft = frames.slice(1).sort((a, b) => a - b);
    const total = ft.reduce((s, x) => s + x, 0);
    const r1 = (x: number): number => Math.round(x * 10) / 10;
    return {
      peers,
      seeds: 3,
      shards: runtime.shardCount,
      sessionLoopMs: { p50: r1(loop.percentile(50) / 1e6), p99: r1(loop.percentile(99) / 1e6), max: r1(loop.max / 1e6) },
      sessionLoad: {
        worstP99Ms: Math.max(0, ...loads.map((l) => l.p99)),
        utilization: Math.round((loads.reduce((a, l) => a + l.utilization, 0) / Math.max(1, loads.length)) * 100) / 100,
      },
      networkLateMs: lates.length === 0 ? null : { p50: quantile(lates, 0.5), max: lates.at(-1)! },
      timing: server.session.snapshot().timing,
      joinMs: Math.round(joinMs),
      drawnMs: Math.round(drawnMs),
      settledMs: Math.round(settledMs),
      windowS: seconds,
      fps: r1((ft.length / total) * 1000),
      frameMs: { p50: r1(quantile(ft, 0.5)), p95: r1(quantile(ft, 0.95)), p99: r1(quantile(ft, 0.99)), max: r1(ft.at(-1) ?? NaN) },
      // the page's samples count only when the host delivered gossip in the window: a host too
      // busy to deliver any leaves the page showing an old state, which its samples do not show
      eventToScreenMs:
        hostLags.length === 0
          ? null
          : { p50: r1(quantile(delays, 0.5)), p95: r1(quantile(delays, 0.95)), p99: r1(quantile(delays, 0.99)), samples: delays.length },
      hostGossipEvents: hostLags.length,
      hostLagMs: { p50: r1(quantile(hostLags, 0.5)), p95: r1(quantile(hostLags, 0.95)) },
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(exportDir, { recursive: true, force: true });
  }
}

/** The results as a text table. */
export function formatUiTable(rows: UiBenchResult[]): string {
  const head = ['peers', 'shards', 'session loop p99 ms', 'session load p99 (worst) ms', 'network late p50 / max ms', 'gossip', 'join s', 'drawn s', 'settled s', 'fps', 'frame p95 ms', 'event→screen p50 ms', 'p95 ms', 'p99 ms', 'samples', 'of which host p50 ms', 'host p95 ms'];
  const lines = rows.map((r) => [
    r.peers,
    r.shards,
    r.sessionLoopMs.p99,
    r.sessionLoad.worstP99Ms,
    r.networkLateMs ? `${r.networkLateMs.p50} / ${r.networkLateMs.max}` : '—',
    `${r.timing.gossipCount} msgs/peer, every ${r.timing.gossipIntervalMs / 1000} s`,
    (r.joinMs / 1000).toFixed(1),
    (r.drawnMs / 1000).toFixed(1),
    (r.settledMs / 1000).toFixed(1),
    r.fps,
    r.frameMs.p95,
    r.eventToScreenMs?.p50 ?? '—',
    r.eventToScreenMs?.p95 ?? '—',
    r.eventToScreenMs?.p99 ?? '—',
    r.eventToScreenMs?.samples ?? `none (host delivered ${r.hostGossipEvents} gossip events)`,
    r.hostLagMs.p50,
    r.hostLagMs.p95,
  ]);
  return [head, ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n').replace(/\n/, `\n|${head.map(() => '---').join('|')}|\n`);
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({
    options: {
      peers: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '15' },
      shards: { type: 'string', default: String(defaultShardCount()) },
      niceness: { type: 'string' },
      'gossip-interval': { type: 'string' },
      'gossip-count': { type: 'string' },
    },
  });
  const peers = Number(values.peers);
  const timing: Partial<PeerTiming> = {};
  if (values['gossip-interval']) timing.gossipIntervalMs = Number(values['gossip-interval']);
  if (values['gossip-count']) timing.gossipCount = Number(values['gossip-count']);
  const result = await benchUi(peers, Number(values.seconds), timing, Number(values.shards), values.niceness === undefined ? undefined : Number(values.niceness));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/ui-${peers}-shards${result.shards}.json`, JSON.stringify(result, null, 2) + '\n');
  console.log(formatUiTable([result]));
}
