/**
 * `gossip-lab net --edges FILE [--nodes K]`: the edge list a network is wired from — read,
 * parsed, cut to its first K nodes, checked against the process's open-file limit — and the
 * lines that set the file's own degree fit beside the live network's.
 */
import { readFile } from 'node:fs/promises';
import type { PowerLawFit } from '../../core/analysis/powerlaw';
import { checkShardedTopologyFds, checkTopologyFds, currentFdBudget } from '../../core/runtime/fdBudget';
import type { FdBudget, FdVerdict } from '../../core/runtime/fdBudget';

/** The most shard processes `net --edges` picks by itself to fit a graph's open files. */
const MAX_AUTO_SHARDS = 16;
/** Descriptors a fresh shard process has open before its nodes start (stdio, IPC, the runtime). */
const SHARD_BASE_FDS = 40;

/** The open-file budget of each of `shards` fresh shard processes: this process's limits, little in use. */
function shardBudgets(shards: number, budget: FdBudget = currentFdBudget()): FdBudget[] {
  return Array.from({ length: shards }, () => ({ ...budget, inUse: SHARD_BASE_FDS }));
}
import { safeFit } from '../../core/analysis/powerlaw';
import { firstNodes } from '../../core/topology/edgeList';
import type { Topology } from '../../core/topology/edgeList';
import { EdgeListError, parseEdgeList, topologyDegrees } from '../../core/topology/edgeList';
import { UsageError } from '../usage';

/** The edge list of a run and what is started of it. */
export interface EdgesPlan {
  /** Shard processes to run the nodes in (more than asked when the graph needed them). */
  shards: number;
  /** Why the shard count changed, when it did. */
  shardsNote: string;
  /** The subgraph started: the first `nodes` nodes and the edges among them. */
  started: Topology;
  report: EdgesReport;
}

/** The edge list's numbers, for the summary (`edges` in `--json`). */
export interface EdgesReport {
  file: string;
  /** The whole file: nodes, links and the power-law fit of its degrees. */
  nodes: number;
  links: number;
  fit: PowerLawFit | null;
  /** What was started (the whole file unless --nodes): the subgraph's size and fit. */
  started: { nodes: number; links: number; fit: PowerLawFit | null };
}

/**
 * Reads `file` and plans the run: the first `nodes` nodes (all by default), checked against the
 * open-file limit with `seeds` seeds started in this process.
 * @param budget the limits and use (default: this process's, now)
 * @throws UsageError (exit 2) when the file cannot be read or has a bad line (file:line), when
 *   `nodes` exceeds the file's node count, or when the peers cannot fit the open-file limit.
 */
export async function planEdges(
  file: string,
  nodes: number | undefined,
  seeds: number,
  sharding: { shards: number; shardsGiven: boolean } = { shards: 0, shardsGiven: true },
  budget?: FdBudget,
): Promise<EdgesPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let topology: Topology;
  try {
    topology = parseEdgeList(text, file);
  } catch (e) {
    if (e instanceof EdgeListError) throw new UsageError(e.message);
    throw e;
  }
  const n = topology.ids.length;
  const k = nodes ?? n;
  if (k > n) throw new UsageError(`--nodes ${k} is more than the ${n} nodes of ${file}`);
  const counts = { total: seeds, local: seeds, toStart: seeds };
  // with shards, each shard needs its own nodes' descriptors within its own limit; when the
  // user left --shards at its default and the graph does not fit, more shards are used
  let shards = sharding.shards;
  let shardsNote = '';
  const check = (k2: number, s: number, c = counts, b = budget): FdVerdict =>
    s > 0 ? checkShardedTopologyFds(topology, k2, c, (m) => `--nodes ${m}`, shardBudgets(s, b)) : checkTopologyFds(topology, k2, c, (m) => `--nodes ${m}`, b);
  let verdict = check(k, shards);
  if (!verdict.ok && shards > 0 && !sharding.shardsGiven) {
    for (let s = shards + 1; s <= MAX_AUTO_SHARDS; s++) {
      if (check(k, s).ok) {
        shardsNote = `${k} nodes do not fit the open-file limit of ${shards} shard processes: using ${s} shards (one open-file limit each); pass --shards to choose`;
        shards = s;
        verdict = check(k, s);
        break;
      }
    }
  }
  if (!verdict.ok) {
    let message = verdict.message;
    if (seeds > 1) {
      const one = check(k, shards, { total: 1, local: 1, toStart: 1 });
      if (one.ok) message += ` With --seeds 1 (one seed connection per peer) all ${k} nodes fit.`;
    }
    throw new UsageError(message);
  }
  const started = firstNodes(topology, k);
  const fit = safeFit(topologyDegrees(topology));
  return {
    started,
    shards,
    shardsNote,
    report: {
      file,
      nodes: n,
      links: topology.edges.length,
      fit,
      started: { nodes: k, links: started.edges.length, fit: k === n ? fit : safeFit(topologyDegrees(started)) },
    },
  };
}

/** `alpha 2.530 ± 0.120, x_min 2, KS D 0.0410, tail 20 of 30`, as the net summary prints a fit. */
export function formatFitLine(fit: PowerLawFit | null): string {
  return fit
    ? `alpha ${fit.alpha.toFixed(3)} ± ${fit.sigma.toFixed(3)}, x_min ${fit.xmin}, KS D ${fit.D.toFixed(4)}, tail ${fit.nTail} of ${fit.n}`
    : 'not enough distinct degrees to fit';
}

/**
 * The lines that follow the net summary: the file, what was started of it, how many of its links
 * the live network has, and the file's own fit (and the started subgraph's) beside the live one.
 * @param live the live network's peers, links and fit (from the summary)
 */
export function formatEdgesReport(r: EdgesReport, live: { peers: number; links: number }): string {
  const whole = r.started.nodes === r.nodes;
  const lines = [
    `edge list    ${r.file}: ${r.nodes} nodes, ${r.links} links${whole ? '' : `; started the first ${r.started.nodes} nodes (${r.started.links} links among them)`}`,
    `wired        ${live.links} of ${r.started.links} links, ${live.peers} of ${r.started.nodes} peers live`,
    `file fit     ${formatFitLine(r.fit)}`,
  ];
  if (!whole) lines.push(`started fit  ${formatFitLine(r.started.fit)}`);
  return lines.join('\n');
}
