/**
 * The `gossip-lab` command: run a seed, a peer, a whole network on loopback, or fit a power law.
 * Exit codes: 0 success, 1 runtime failure (cannot listen, cannot join; `net`: a peer failed to
 * join or a live peer was reported dead), 2 bad arguments or input.
 *
 * Each command's code is imported when the command runs, so `--help` (and a bad argument) loads
 * only commander and the option parsers — no protocol, zod, TLS or logging code.
 */
import { Command, CommanderError, Option } from 'commander';
import type { NetFlags } from './commands/net';
import type { FitFlags } from './commands/fit';
import { networkOptions } from './networkOptions';
import { hostOption, intIn, timingOptions } from './options';
import { detectorOption, faultOptions } from './faultOptions';
import { MAX_EDGES } from '../core/topology/edgeList';
import { UsageError } from './usage';
import { availableParallelism } from 'node:os';
import { SHARD_ENV } from '../core/runtime/shard/env';

/** Builds the command-line program; `exit` receives the exit code. */
export function buildProgram(exit: (code: number) => void): Command {
  const program = new Command('gossip-lab')
    .description('Run, watch and measure a seed/peer gossip network over real TCP sockets.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  const seed = program
    .command('seed')
    .description('run a seed node: registers peers, serves peer lists, removes dead peers')
    .addOption(hostOption())
    .requiredOption('--port <port>', 'port to listen on (0 = any free port)', intIn(0, 65535))
    .option('--log <file>', 'log file', 'outputfile.txt');
  for (const opt of networkOptions()) seed.addOption(opt);
  seed.action(async (o) => {
    const { runSeed } = await import('./commands/seed');
    exit(await runSeed(o));
  });

  const peer = program
    .command('peer')
    .description('run a peer node: joins through the seeds in --config, gossips, checks liveness')
    .addOption(hostOption())
    .option('--port <port>', 'port to listen on (0 = any free port)', intIn(0, 65535), 0)
    .requiredOption('--config <file>', 'seed list: one IP:Port a line')
    .option('--log <file>', 'log file', 'outputfile.txt')
    .addOption(new Option('--random-seed <n>', 'seed of the random choices, to reproduce a run').argParser(intIn(0, 2 ** 31 - 1)))
    .addOption(
      new Option('--join-timeout <seconds>', 'keep retrying to register with the seeds for this long, so seeds that start later are waited for (0: one attempt)')
        .default(60)
        .argParser(intIn(0, 86_400)),
    );
  for (const opt of timingOptions()) peer.addOption(opt);
  peer.addOption(detectorOption());
  for (const opt of networkOptions()) peer.addOption(opt);
  peer.action(async (o) => {
    const { runPeer } = await import('./commands/peer');
    exit(await runPeer(o));
  });

  const net = program
    .command('net')
    .description('run a whole network on loopback (in K shard processes; --shards 0: in this process) and print a summary')
    .addOption(hostOption())
    .option('--seeds <n>', 'seed nodes', intIn(1, 100), 3)
    .option('--peers <n>', 'peer nodes, joining by preferential attachment', intIn(1, 10_000), 20)
    .option('--edges <file>', 'wire the peers as this edge list says (one peer per node; instead of --peers)')
    .option('--nodes <k>', 'with --edges: start only the first K nodes, numbered breadth-first from the best-connected one (a connected piece)', intIn(1, 2 * MAX_EDGES))
    .option('--origins <k>', 'only K peers, chosen at random, create messages (all forward); default: every peer', intIn(0, 2 * MAX_EDGES))
    .option('--duration <seconds>', 'how long to run after every peer has joined', intIn(0, 86_400), 10)
    .option('--json', 'print one JSON object instead of text')
    .option('--log <file>', 'write every node’s log to this file')
    .addOption(new Option('--random-seed <n>', 'seed of the random choices, to reproduce a run').argParser(intIn(0, 2 ** 31 - 1)))
    .option('--record <file>', 'record the run to FILE (the app opens it on its timeline: Recordings → Open file…); never overwrites')
    .option('--record-max-mb <mb>', 'size limit of the recording, MiB (it stops with a message when reached)', intIn(1, 100_000), 256)
    .option('--repeat <r>', 'build R networks one after another (random seeds S, S+1, …) and report how much alpha varies between them', intIn(1, 1000))
    .addOption(
      new Option('--shards <k>', 'run the nodes in K processes (each its own CPU share and open-file limit, at a lower priority); 0: all in this process')
        .default(availableParallelism(), 'the number of CPUs')
        .argParser(intIn(0, 64)),
    );
  for (const opt of timingOptions()) net.addOption(opt);
  net.addOption(detectorOption());
  for (const opt of faultOptions()) net.addOption(opt);
  for (const opt of networkOptions()) net.addOption(opt);
  net.action(async (o: NetFlags, cmd: Command) => {
    const peersGiven = cmd.getOptionValueSource('peers') === 'cli';
    if (o.edges !== undefined && peersGiven) throw new UsageError('--edges and --peers exclude each other: with --edges there is one peer per node of the file (--nodes K starts the first K)');
    if (o.edges === undefined && o.nodes !== undefined) throw new UsageError('--nodes needs --edges FILE');
    const { formatNetSummary, netFailed, runNet } = await import('./commands/net');
    const edges = o.edges === undefined ? undefined : await import('./commands/netEdges');
    const plan = o.edges === undefined ? undefined : await edges!.planEdges(o.edges, o.nodes, o.seeds, { shards: o.shards ?? 0, shardsGiven: cmd.getOptionValueSource('shards') === 'cli' });
    if (plan && plan.shards !== (o.shards ?? 0)) {
      console.error(`gossip-lab: ${plan.shardsNote}`);
      o.shards = plan.shards;
    }
    const peers = plan ? plan.report.started.nodes : o.peers;
    if (o.origins !== undefined && o.origins > peers) throw new UsageError(`--origins ${o.origins} is more than the ${peers} peers started`);
    if (o.repeat !== undefined && o.repeat > 1) {
      if (plan) throw new UsageError('--repeat builds networks by preferential attachment: it does not take --edges');
      if (o.record !== undefined) throw new UsageError('--record records one network: it does not take --repeat');
      const { formatRepeat, runRepeat } = await import('./commands/netRepeat');
      const r = await runRepeat({ ...o, repeat: o.repeat }, (i) => console.error(`gossip-lab: network ${i + 1} of ${o.repeat} done`));
      console.log(o.json ? JSON.stringify(r) : formatRepeat(r));
      if (r.failedRuns > 0) console.error(`gossip-lab: ${r.failedRuns} of ${r.repeat} networks had peers fail to join or live peers reported dead`);
      exit(r.failedRuns > 0 ? 1 : 0);
      return;
    }
    const summary = await runNet(o, plan?.started);
    if (o.json) console.log(JSON.stringify(plan ? { ...summary, edges: plan.report } : summary));
    else console.log(plan ? `${formatNetSummary(summary)}\n${edges!.formatEdgesReport(plan.report, summary)}` : formatNetSummary(summary));
    const failed = netFailed(summary);
    if (failed) console.error(`gossip-lab: ${failed}`);
    exit(failed ? 1 : 0);
  });

  program
    .command('fit')
    .description('fit a discrete power law (Clauset, Shalizi & Newman 2009) to degrees or an edge list')
    .argument('<file>', 'JSON array of degrees, JSON object with "degrees", the app CSV export (peer,degree), or an edge list')
    .option('--json', 'print one JSON object (the fit’s keys n, alpha, xmin, D, nTail, sigma at the top level, and every test)')
    .option('--bootstrap <n>', 'goodness-of-fit p-value from N synthetic sets (CSN 2009 §4.1; e.g. 1000, 2500 for ±0.01); 0: skip', intIn(0, 100_000), 0)
    .addOption(new Option('--random-seed <n>', 'seed of the bootstrap, to reproduce its p-value').argParser(intIn(0, 2 ** 31 - 1)))
    .option('--m <m>', 'also print the α the app’s attachment rule predicts with m links per new peer: 3 + 1/m', intIn(1, 1000))
    .addOption(new Option('--binning <rule>', 'how the continuous alternatives are made discrete: floor (X = ⌊Y⌋) or round (X = round(Y), as R’s poweRlaw)').choices(['floor', 'round']).default('round'))
    .action(async (file: string, o: FitFlags) => {
      const { formatFitReport, runFitReport } = await import('./commands/fit');
      const report = await runFitReport(file, o);
      console.log(o.json ? JSON.stringify(report) : formatFitReport(report));
      exit(0);
    });

  return program;
}

/** Runs the CLI with `argv` (process.argv form); resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) {
      console.error(`gossip-lab: ${e.message}`);
      return 2;
    }
    // a runtime failure (cannot listen, …): its message; the stack only when asked for
    console.error(`gossip-lab: ${process.env.GOSSIP_LAB_DEBUG ? ((e as Error).stack ?? String(e)) : (e as Error).message}`);
    return 1;
  }
}

/**
 * The last resort: an exception no handler caught, or a rejected promise nobody awaited, is
 * logged and the process goes on serving — a bug in one handler must not take down a node (or,
 * under `net`, every node of the network). Set GOSSIP_LAB_DEBUG for the stack.
 */
export function keepServingOnUnexpectedErrors(): void {
  const report = (what: string, e: unknown): void => {
    const text = e instanceof Error ? (process.env.GOSSIP_LAB_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
    try {
      console.error(`gossip-lab: ${what} (the process keeps serving): ${text}`);
    } catch {
      // nowhere left to report it
    }
  };
  process.on('uncaughtException', (e) => report('unexpected error', e));
  process.on('unhandledRejection', (e) => report('unhandled rejection', e));
}

if (process.env[SHARD_ENV] === '1') {
  // forked by `net --shards K` as one of its shard processes: serve, and do nothing else
  keepServingOnUnexpectedErrors();
  void import('../core/runtime/shard/shardProcess').then((m) => m.runShardIfAsked());
} else {
  keepServingOnUnexpectedErrors();
  main(process.argv).then((code) => process.exit(code));
}
