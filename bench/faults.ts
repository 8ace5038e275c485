/**
 * The faults benchmark (issue 10): for each failure detector (`assignment`, `swim`) and each
 * fault — none, 10 % frame loss, 200 ± 100 ms jitter, both cores overloaded by busy loops, a
 * partition healed after 30 s, 20 % of peers killed — a network of N peers in shard processes
 * (the product's runtime) with liveness every second, measured for:
 * - detection time (kill → first dead-node report) p50/p99 against its floor (assignment: misses
 *   × interval; swim: the suspicion period + one interval);
 * - false dead reports (about peers alive when reported) per peer-hour;
 * - the time until the live peers are one component again (after the kill, after the partition
 *   heals, after the fault window ends);
 * - how long seeds still list a killed peer after it was first reported;
 * - the coverage of messages created after that (min and mean).
 *
 * Run: `tsx bench/faults.ts [--peers 100,300] [--json]`; `npm run bench` runs it and writes
 * bench/results/faults.json.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { NodeEvent } from '../src/core/events';
import type { ChaosPlan } from '../src/core/runtime/chaos';
import { FaultWatch, componentCount, listedDead, runChaos, spread } from '../src/core/runtime/chaos';
import type { Spread } from '../src/core/runtime/chaos';
import type { DetectorKind } from '../src/core/peer/swim';
import { DEFAULT_SWIM } from '../src/core/peer/swim';
import { seededRandom } from '../src/core/random';
import { ShardedNetwork } from '../src/core/runtime/shard/shardedNetwork';

/** The shard script, from the sources (tsx). */
const SHARD_ENTRY = fileURLToPath(new URL('../src/core/runtime/shard/shardEntry.ts', import.meta.url));
/** The liveness (and swim probe) interval of every run, ms. */
const T = 1_000;
const MISSES = 3;
/** How long loss, jitter and overload last, ms. */
const WINDOW_MS = 20_000;
/** The partition lasts this long (the issue's 30 s). */
const PARTITION_MS = 30_000;

/** The faults measured. */
export const FAULTS = ['none', 'loss 10%', 'jitter 200±100 ms', 'overload', 'partition 30 s', 'kill 20%'] as const;
export type FaultName = (typeof FAULTS)[number];

/** One run's figures. */
export interface FaultBenchRow {
  peers: number;
  detector: DetectorKind;
  fault: FaultName;
  /** Detection floor, ms. */
  floorMs: number;
  detection: Spread;
  /** Killed peers never reported. */
  undetected: number;
  falseReports: number;
  falselyReportedPeers: number;
  falseReportsPerPeerHour: number;
  suspicions: number;
  /** ms from the kill / the heal / the window's end until one component (null: never within 30 s). */
  oneComponentMs: number | null;
  /** Components among the live peers 2 s before the partition healed (null: no partition). */
  componentsInPartition: number | null;
  /** Seed entries still naming a killed peer 30 s after the kill. */
  killedStillListed: number;
  /** ms from the last killed peer's first report until no seed lists any killed peer (null: not within 30 s). */
  seedsCleanAfterReportMs: number | null;
  coverageAfter: { messages: number; min: number | null; mean: number | null };
  joinMs: number;
}

/** Runs one (N, detector, fault) cell. */
export async function benchFault(peers: number, detector: DetectorKind, fault: FaultName, seed = 1): Promise<FaultBenchRow> {
  const net = await ShardedNetwork.start({
    shards: 2,
    timing: { neighbours: 2, gossipIntervalMs: 1_000, gossipCount: 100_000, livenessIntervalMs: T, livenessMisses: MISSES },
    randomSeed: seed,
    faults: true,
    // the registration check and lease scaled like the liveness interval (defaults 60 s / 180 s
    // at 13 s): a killed peer whose neighbours all died too is dropped by its seeds' lease
    limits: { registrationCheckMs: 5_000, registrationLeaseMs: 15_000 },
    detector: { detector },
    receiptSample: 1_000_000, // every first receipt as an event: coverage is counted here
    entry: SHARD_ENTRY,
    execArgv: ['--import', 'tsx'],
  });
  const watch = new FaultWatch();
  net.on((e: NodeEvent) => watch.record(e));
  let busy: ChildProcess[] = [];
  try {
    for (let i = 0; i < 3; i++) await net.addSeed(0);
    const t0 = performance.now();
    await net.addPeers(peers, { autoGossip: false });
    const joinMs = Math.round(performance.now() - t0);
    await net.startGossip({ origins: 10 });
    const started = Date.now();
    await sleep(3_000);

    const plan: ChaosPlan = {};
    if (fault === 'loss 10%') plan.network = { loss: 0.1 };
    if (fault === 'jitter 200±100 ms') plan.network = { delayMs: 200, jitterMs: 100 };
    if (fault === 'partition 30 s') plan.partition = { atMs: 0, forMs: PARTITION_MS };
    if (fault === 'kill 20%') plan.churn = { fraction: 0.2, atMs: 0 };
    if (fault === 'overload') busy = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    const chaos = runChaos(net, plan, seededRandom(seed), Date.now);
    let componentsInPartition: number | null = null;
    if (plan.partition) {
      await sleep(PARTITION_MS - 2_000);
      componentsInPartition = componentCount(await net.nodes());
    }
    const log = await chaos;
    for (const k of log.killed) watch.killed(k.id, k.at);
    const killed = new Set(log.killed.map((k) => k.id));

    // the fault's window; then measure from its end (the kill, the heal)
    if (fault === 'loss 10%' || fault === 'jitter 200±100 ms' || fault === 'overload' || fault === 'none') await sleep(WINDOW_MS);
    if (fault === 'loss 10%' || fault === 'jitter 200±100 ms') await net.setFaults({});
    for (const b of busy) b.kill('SIGKILL');
    busy = [];
    const from = fault === 'kill 20%' ? log.killed[0]?.at ?? Date.now() : Date.now();

    let oneComponentMs: number | null = null;
    let seedsClean: number | null = null;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (oneComponentMs === null || (killed.size > 0 && seedsClean === null))) {
      const nodes = await net.nodes();
      if (oneComponentMs === null && componentCount(nodes) === 1) oneComponentMs = Date.now() - from;
      if (killed.size > 0 && seedsClean === null && listedDead(nodes, killed) === 0) seedsClean = Date.now();
      await sleep(250);
    }
    const detection = watch.detectionTimes();
    const lastFirstReport = watch.lastFirstReport() ?? null;
    const stillListed = killed.size > 0 ? listedDead(await net.nodes(), killed) : 0;

    // messages created from now on, once the network is whole again
    watch.trackMessagesFrom(Date.now());
    await sleep(5_000);
    await net.stopGossip();
    await net.quiet(1_000, 15_000);
    const live = new Set((await net.nodes()).filter((n) => n.role === 'peer' && n.running).map((n) => n.id));
    const cov = watch.coverageSince(live);
    const hours = (peers * (Date.now() - started)) / 3_600_000;
    const floorMs = detector === 'swim' ? (DEFAULT_SWIM.suspicionMultiplier + 1) * T : MISSES * T;
    return {
      peers,
      detector,
      fault,
      floorMs,
      detection: spread(detection),
      undetected: watch.undetected().length,
      falseReports: watch.falseReports,
      falselyReportedPeers: watch.falselyReported.size,
      falseReportsPerPeerHour: Math.round((watch.falseReports / hours) * 10) / 10,
      suspicions: watch.suspicions,
      oneComponentMs,
      killedStillListed: stillListed,
      componentsInPartition,
      seedsCleanAfterReportMs: seedsClean !== null && lastFirstReport !== null ? Math.max(0, seedsClean - lastFirstReport) : null,
      coverageAfter: {
        messages: cov.length,
        min: cov.length ? Math.round(Math.min(...cov) * 1000) / 1000 : null,
        mean: cov.length ? Math.round((cov.reduce((a, b) => a + b, 0) / cov.length) * 1000) / 1000 : null,
      },
      joinMs,
    };
  } finally {
    for (const b of busy) b.kill('SIGKILL');
    await net.stopAll();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The results as a Markdown table. */
export function formatFaultsTable(rows: FaultBenchRow[]): string {
  const ms = (x: number | null): string => (x === null ? '–' : x >= 10_000 ? `${(x / 1000).toFixed(0)} s` : `${(x / 1000).toFixed(1)} s`);
  const lines = [
    '| N | detector | fault | detection p50 / p99 (floor) | false reports / peer-hour | suspicions | one component after | seeds clean after report | coverage after (min / mean) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const det = r.detection.n ? `${ms(r.detection.p50)} / ${ms(r.detection.p99)} (${ms(r.floorMs)})${r.undetected ? `, ${r.undetected} undetected` : ''}` : '–';
    lines.push(
      `| ${r.peers} | ${r.detector} | ${r.fault} | ${det} | ${r.falseReportsPerPeerHour} (${r.falseReports} about ${r.falselyReportedPeers} peers) | ${r.suspicions} | ${ms(r.oneComponentMs)}${r.componentsInPartition !== null ? ` (${r.componentsInPartition} during)` : ''} | ${r.seedsCleanAfterReportMs !== null ? ms(r.seedsCleanAfterReportMs) : r.killedStillListed ? `${r.killedStillListed} entries left` : '–'} | ${r.coverageAfter.min ?? '–'} / ${r.coverageAfter.mean ?? '–'} (${r.coverageAfter.messages} msgs) |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('faults.ts')) {
  const { values } = parseArgs({
    options: { peers: { type: 'string', default: '100,300' }, faults: { type: 'string' }, detectors: { type: 'string', default: 'assignment,swim' }, json: { type: 'boolean', default: false } },
  });
  const wanted = values.faults ? FAULTS.filter((f) => values.faults!.split(',').some((w) => f.startsWith(w))) : [...FAULTS];
  const rows: FaultBenchRow[] = [];
  for (const n of values.peers.split(',').map(Number)) {
    for (const fault of wanted) {
      for (const d of values.detectors.split(',') as DetectorKind[]) {
        console.error(`faults benchmark: ${n} peers, ${d}, ${fault} …`);
        const row = await benchFault(n, d, fault);
        console.error(`  ${JSON.stringify(row)}`);
        rows.push(row);
      }
    }
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.log(formatFaultsTable(rows));
  process.exit(0);
}
