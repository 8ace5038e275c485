/**
 * `npm run bench`: every benchmark, tables printed and JSON written to bench/results/.
 * The UI benchmark needs the built renderer (`npm run bench` builds it) and Debian's Chromium.
 *
 * Options:
 * - `--core 100,300,1000`: peer counts of the node benchmark at the default rates (`none` skips);
 * - `--sustained 1000`: peer counts also run at a rate one process sustains (each peer sends one
 *   message, the network's first messages spread over 120 s) (`none` skips);
 * - `--quick`: faster protocol timing for the node benchmark;
 * - `--topology on|none`: gossip over Gnutella's 2002 network (the largest part that fits);
 * - `--network-key on|none`: the cost of the network key (TLS-PSK against plain TCP);
 * - `--ui-peers 100,500,1000` and `--ui-sustained 1000`: the UI benchmark, likewise;
 * - `--seconds 15`: the UI measuring window;
 * - `--cli on|none`: the command line's start-up cost (bench/cli.ts).
 * - `--relay on|none`: the gossip forward path against a bare TCP relay (bench/relay.ts).
 * - `--faults 100,300|none`: failure detectors under faults at these peer counts (bench/faults.ts).
 * - `--replay 200|none`: writing, opening and seeking a recording of this many MB (bench/replay.ts).
 * - `--layout 500,1000|none`: the graph's layout of the first N Gnutella nodes (bench/layout.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliBenchResult } from './cli';
import type { RelayBenchResult } from './relay';
import { formatRelayTable } from './relay';
import { formatCliTable } from './cli';
import type { CoreBenchResult } from './core';
import { formatCoreTable } from './core';
import type { KeyBenchResult } from './networkKey';
import { formatNetworkKeyTable } from './networkKey';
import type { TopologyBenchResult } from './topology';
import { formatTopologyTable } from './topology';
import { benchUi, formatUiTable } from './ui';
import type { FaultBenchRow } from './faults';
import { formatFaultsTable } from './faults';
import type { ReplayBenchResult } from './replay';
import { formatReplayTable } from './replay';
import type { UiBenchResult } from './ui';

const { values } = parseArgs({
  options: {
    core: { type: 'string', default: '100,300,1000' },
    sustained: { type: 'string', default: '1000' },
    quick: { type: 'boolean', default: false },
    topology: { type: 'string', default: 'on' },
    'network-key': { type: 'string', default: 'on' },
    'ui-peers': { type: 'string', default: '100,500,1000' },
    'ui-sustained': { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '15' },
    cli: { type: 'string', default: 'on' },
    relay: { type: 'string', default: 'on' },
    faults: { type: 'string', default: '100,300' },
    replay: { type: 'string', default: '200' },
    layout: { type: 'string', default: '500,1000' },
  },
});
const sizes = (text: string): number[] => (text === 'none' ? [] : text.split(',').map(Number));
/** A rate one process sustains at 1,000 peers: one message per peer, first messages spread over 120 s. */
const SUSTAINED = { gossipCount: 1, gossipIntervalMs: 120_000 };

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
mkdirSync('bench/results', { recursive: true });

/** Runs a benchmark script in its own process (so its RSS is its own) and parses its JSON line. */
function runScript<T>(script: string, args: string[]): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

const core: CoreBenchResult[] = [];
for (const n of sizes(values.core)) {
  console.error(`node benchmark: ${n} peers at the default rates …`);
  core.push(runScript<CoreBenchResult>('bench/core.ts', ['--peers', String(n), ...(values.quick ? ['--quick'] : [])]));
}
for (const n of sizes(values.sustained)) {
  console.error(`node benchmark: ${n} peers at a sustained rate …`);
  core.push(runScript<CoreBenchResult>('bench/core.ts', ['--peers', String(n), '--gossip-count', String(SUSTAINED.gossipCount), '--gossip-interval', String(SUSTAINED.gossipIntervalMs)]));
}
if (core.length) {
  writeFileSync('bench/results/core.json', JSON.stringify({ machine, core }, null, 2) + '\n');
  console.log('\nNodes (3 seeds + N peers in one process, loopback)\n');
  console.log(formatCoreTable(core));
}

if (values.topology !== 'none') {
  console.error('topology benchmark: Gnutella 08 …');
  const topology = runScript<TopologyBenchResult>('bench/topology.ts', []);
  writeFileSync('bench/results/topology.json', JSON.stringify({ machine, topology }, null, 2) + '\n');
  console.log('\nGossip over a real topology (peers wired as the edge list says, 3 seeds, one process)\n');
  console.log(formatTopologyTable([topology]));
}

if (values['network-key'] !== 'none') {
  console.error('network key benchmark: plain TCP against TLS-PSK …');
  const networkKey = runScript<KeyBenchResult>('bench/networkKey.ts', []);
  writeFileSync('bench/results/networkKey.json', JSON.stringify({ machine: { ...machine, openssl: process.versions.openssl }, networkKey }, null, 2) + '\n');
  console.log('\nThe network key: plain TCP against TLS-PSK (both ends in one process, loopback)\n');
  console.log(formatNetworkKeyTable(networkKey));
}

if (values.cli !== 'none') {
  console.error('CLI benchmark: --help and one peer process, the one-file build against the sources …');
  const cli = runScript<CliBenchResult>('bench/cli.ts', []);
  writeFileSync('bench/results/cli.json', JSON.stringify({ machine, cli }, null, 2) + '\n');
  console.log('\nThe command line: start-up and one peer process (the one-file build, the sources through tsx, Node itself, the Python reference)\n');
  console.log(formatCliTable(cli));
}

if (values.relay !== 'none') {
  console.error('relay benchmark: a bare TCP relay against a gossip peer forwarding …');
  const relay = runScript<RelayBenchResult>('bench/relay.ts', ['--json']);
  writeFileSync('bench/results/relay.json', JSON.stringify({ machine, relay }, null, 2) + '\n');
  console.log('\nThe forward path: frames per core-second of a gossip peer against a bare TCP relay (read a frame, write it to k sockets)\n');
  console.log(formatRelayTable(relay));
}

if (values.replay !== 'none') {
  console.error(`replay benchmark: a ${values.replay} MB recording …`);
  const replay = runScript<ReplayBenchResult>('bench/replay.ts', ['--mb', values.replay, '--json']);
  writeFileSync('bench/results/replay.json', JSON.stringify({ machine, replay }, null, 2) + '\n');
  console.log('\nRecordings: writing one, opening it in the app (one scan, not loaded), seeking (keyframe + batches)\n');
  console.log(formatReplayTable(replay));
}

if (values.layout !== 'none') {
  console.error(`layout benchmark: the first ${values.layout} Gnutella nodes …`);
  console.log('\nThe graph layout at scale (Gnutella 08, headless; bench/results/layout.json)\n');
  // prints its own table and writes its own results
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/layout.ts', '--nodes', values.layout], { stdio: ['ignore', 'inherit', 'inherit'] });
}

const ui: UiBenchResult[] = [];
const seconds = Number(values.seconds);
for (const n of sizes(values['ui-peers'])) {
  console.error(`UI benchmark: ${n} peers at the default rates …`);
  ui.push(await benchUi(n, seconds));
}
for (const n of sizes(values['ui-sustained'])) {
  console.error(`UI benchmark: ${n} peers at a sustained rate …`);
  ui.push(await benchUi(n, seconds, SUSTAINED));
}
if (ui.length) {
  writeFileSync('bench/results/ui.json', JSON.stringify({ machine, ui }, null, 2) + '\n');
  console.log('\nUI (renderer in Chromium via the browser harness, the nodes in the harness process)\n');
  console.log(formatUiTable(ui));
}
console.log('\nwritten: bench/results/');

if (values.faults !== 'none') {
  console.error(`faults benchmark: ${values.faults} peers …`);
  const rows = runScript<FaultBenchRow[]>('bench/faults.ts', ['--peers', values.faults, '--json']);
  writeFileSync('bench/results/faults.json', JSON.stringify({ machine, rows }, null, 2) + '\n');
  console.log('\nFailure detectors under faults (N peers in 2 shards, liveness every 1 s)\n');
  console.log(formatFaultsTable(rows));
}
