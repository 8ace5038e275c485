/**
 * `gossip-lab net --edges FILE` as a real OS process: peers wired exactly as a 30-node edge list
 * says (every link of the file, no other; the live degrees are the file's), every message
 * reaching every peer, `--nodes K` starting the subgraph of the first K nodes, `--origins K`
 * limiting who creates messages; and exit 2 with the reason for a missing file, a bad line
 * (file:line), `--edges` with `--peers`, `--nodes` out of range or without `--edges`, and an
 * open-file limit too small for the topology (the process runs under `ulimit -n 256`).
 */
import { availableParallelism } from 'node:os';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitPowerLaw } from '../../src/core/analysis/powerlaw';
import { firstNodes } from '../../src/core/topology/edgeList';
import { parseEdgeList, topologyDegrees } from '../../src/core/topology/edgeList';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/gossip-lab.mjs');
const FIXTURE = path.join(ROOT, 'test/fixtures/topology-30.txt');
const TOPOLOGY = parseEdgeList(readFileSync(FIXTURE, 'utf8'), FIXTURE);
const FAST = ['--gossip-interval', '100', '--gossip-count', '2', '--liveness-interval', '1000', '--duration', '3'];

/** A finished CLI run. */
interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();
let dir: string;

/**
 * Runs `gossip-lab …args` to its end (killed after `ms`). With `fdLimit`, under a shell that
 * first lowers the soft open-file limit (`ulimit -n`), as a user would.
 */
function cli(args: string[], opts: { ms?: number; fdLimit?: number } = {}): Promise<Run> {
  const argv = [BIN, ...args];
  const child =
    opts.fdLimit === undefined
      ? spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `ulimit -n ${opts.fdLimit} && exec "$0" "$@"`, process.execPath, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.ms ?? 45_000);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

/** The one JSON object a `--json` run printed. */
function json(run: Run): Record<string, unknown> & {
  peers: number;
  links: number;
  messages: number;
  coverage: number[];
  degrees: number[];
  fit: unknown;
  edges: { file: string; nodes: number; links: number; fit: unknown; started: { nodes: number; links: number; fit: unknown } };
} {
  expect(run, run.stderr).toMatchObject({ code: 0, signal: null });
  return JSON.parse(run.stdout) as never;
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gossip-lab-edges-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('gossip-lab net --edges', () => {
  it('wires the peers exactly as the file says and floods every message to every peer; the live fit is the file’s', async () => {
    const s = json(await cli(['net', '--edges', FIXTURE, '--origins', '5', '--json', ...FAST]));
    expect(s.peers).toBe(TOPOLOGY.ids.length);
    expect(s.links).toBe(TOPOLOGY.edges.length);
    expect(sorted(s.degrees)).toEqual(sorted(topologyDegrees(TOPOLOGY)));
    // 5 origins × 2 messages, each reaching all 30 peers
    expect(s.messages).toBe(10);
    expect(s.coverage).toEqual(new Array(10).fill(1));
    const fileFit = fitPowerLaw(topologyDegrees(TOPOLOGY));
    expect(s.edges).toEqual({
      file: FIXTURE,
      nodes: TOPOLOGY.ids.length,
      links: TOPOLOGY.edges.length,
      fit: fileFit,
      started: { nodes: TOPOLOGY.ids.length, links: TOPOLOGY.edges.length, fit: fileFit },
    });
    expect(s.fit).toEqual(fileFit);
  }, 60_000);

  it('--nodes K starts the subgraph of the first K nodes; every peer gossips without --origins; text shows both fits', async () => {
    const sub = firstNodes(TOPOLOGY, 12);
    const run = await cli(['net', '--edges', FIXTURE, '--nodes', '12', ...FAST]);
    expect(run, run.stderr).toMatchObject({ code: 0, signal: null });
    expect(run.stdout).toContain(`links        ${sub.edges.length}\n`);
    expect(run.stdout).toContain('messages     24: 24 reached every live peer');
    expect(run.stdout).toContain(`edge list    ${FIXTURE}: 30 nodes, ${TOPOLOGY.edges.length} links; started the first 12 nodes (${sub.edges.length} links among them)`);
    expect(run.stdout).toContain(`wired        ${sub.edges.length} of ${sub.edges.length} links, 12 of 12 peers live`);
    const fileFit = fitPowerLaw(topologyDegrees(TOPOLOGY))!;
    expect(run.stdout).toContain(`file fit     alpha ${fileFit.alpha.toFixed(3)} ± ${fileFit.sigma.toFixed(3)}, x_min ${fileFit.xmin}`);
    expect(run.stdout).toMatch(/^started fit {2}/m);
  }, 60_000);
});

describe('gossip-lab net --edges: bad input exits 2 before starting anything', () => {
  it('names the problem: missing file, bad line, --peers, --nodes, --origins', async () => {
    const bad = path.join(dir, 'bad.txt');
    await writeFile(bad, '# a comment\n1 2\n2 3 4\n');
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '# nothing\n');
    const cases: Array<{ name: string; args: string[]; stderr: Array<string | RegExp> }> = [
      { name: 'missing', args: ['--edges', path.join(dir, 'nope.txt')], stderr: ['cannot read', 'nope.txt', 'ENOENT'] },
      { name: 'a directory', args: ['--edges', dir], stderr: ['cannot read', 'EISDIR'] },
      { name: 'bad line', args: ['--edges', bad], stderr: [`${bad}:3: expected two node ids, found 3 fields`] },
      { name: 'no edges', args: ['--edges', empty], stderr: [`${empty}: no edges found`] },
      { name: 'with --peers', args: ['--edges', FIXTURE, '--peers', '5'], stderr: ['--edges and --peers exclude each other'] },
      { name: '--nodes too many', args: ['--edges', FIXTURE, '--nodes', '31'], stderr: [`--nodes 31 is more than the 30 nodes of ${FIXTURE}`] },
      { name: '--nodes 0', args: ['--edges', FIXTURE, '--nodes', '0'], stderr: ['--nodes', /out of range/] },
      { name: '--nodes alone', args: ['--nodes', '5'], stderr: ['--nodes needs --edges FILE'] },
      { name: '--origins too many', args: ['--edges', FIXTURE, '--nodes', '4', '--origins', '5'], stderr: ['--origins 5 is more than the 4 peers started'] },
    ];
    const runs = await Promise.all(cases.map(async (c) => ({ c, run: await cli(['net', ...c.args, '--duration', '0']) })));
    for (const { c, run } of runs) {
      expect({ name: c.name, code: run.code, stdout: run.stdout }).toEqual({ name: c.name, code: 2, stdout: '' });
      for (const s of c.stderr) {
        if (typeof s === 'string') expect(run.stderr, c.name).toContain(s);
        else expect(run.stderr, c.name).toMatch(s);
      }
    }
  }, 60_000);

  it('refuses a topology the open-file limit cannot hold: what it needs, what there is, how to raise it or split it', async () => {
    // 30 nodes, 59 links, 3 local seeds: 30 + 2·59 + 30·2·2 + 3 + 64 = 335 descriptors, more than 256
    const run = await cli(['net', '--edges', FIXTURE, '--duration', '0', '--shards', '0'], { fdLimit: 256 });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`not enough open files for 30 nodes and ${TOPOLOGY.edges.length} links in one process`);
    expect(run.stderr).toContain('they need about 335 file descriptors');
    expect(run.stderr).toContain('this process may open at most 256 (ulimit -n)');
    expect(run.stderr).toContain('ulimit -n');
    expect(run.stderr).toMatch(/start only the first nodes of the graph: --nodes \d+ fits now/);

    // the number it suggests does fit under the same limit
    const k = Number(/--nodes (\d+) fits now/.exec(run.stderr)![1]);
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(30);
    const ok = await cli(['net', '--edges', FIXTURE, '--nodes', String(k), '--gossip-count', '0', '--duration', '0', '--json', '--shards', '0'], { fdLimit: 256 });
    expect(json(ok)).toMatchObject({ peers: k, links: firstNodes(TOPOLOGY, k).edges.length });
  }, 60_000);

  it('in shard processes, each with its own open-file limit, starts a graph one process cannot hold: more shards when needed', async () => {
    // the same 335 descriptors under a limit of 200 per process: two shards' shares do not fit
    // either (each ~170 + what a fresh process holds), so the default shard count is raised
    // until every shard's share fits, and the run says so
    const run = await cli(['net', '--edges', FIXTURE, '--gossip-interval', '100', '--gossip-count', '2', '--duration', '1', '--json'], { fdLimit: 200 });
    expect(run.code, run.stderr).toBe(0);
    const out = json(run) as unknown as { peers: number; links: number; shards: number; coverage: number[] };
    // on a machine with many CPUs the default may fit already; on this 2-core one it is raised
    if (availableParallelism() <= 2) expect(run.stderr).toMatch(/using \d+ shards \(one open-file limit each\)/);
    expect(out).toMatchObject({ peers: 30, links: TOPOLOGY.edges.length });
    expect(out.shards).toBeGreaterThanOrEqual(Math.min(3, availableParallelism() + 1));
    expect(out.coverage.length).toBe(60);
    expect(out.coverage.every((c) => c === 1)).toBe(true);
  }, 90_000);
});
