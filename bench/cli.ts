/**
 * What the gossip-lab command costs to start: `gossip-lab --help` (wall and CPU time) and one
 * `gossip-lab peer` process joining a seed (CPU seconds to join, resident memory once joined and
 * at its peak), for the one-file build (dist/gossip-lab.mjs, copied alone into a temporary
 * directory with no node_modules) and for the TypeScript sources run through tsx (development),
 * beside Node.js itself (an empty script) and the Python reference (0.2 CPU-s, ~20 MB per peer).
 *
 * `npx tsx bench/cli.ts [--runs 5] [--bundle FILE]` (FILE: an already built bundle instead of
 * building one) prints a markdown table, writes bench/results/cli.json and
 * prints the JSON as its last line (for bench/run.ts). CPU and memory of a child are read from
 * /proc on Linux; elsewhere from a preload that reports them when the child exits.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Python reference implementation's figures (issue 8). */
export const PYTHON_REFERENCE = { peerCpuS: 0.2, peerRssMb: 20 };
/** The targets: `--help` under 0.3 s, a peer process under 50 MB. */
export const TARGETS = { helpWallS: 0.3, peerRssMb: 50 };

/** One way of running the CLI, measured. */
export interface CliBenchRow {
  /** `bundle`, `tsx` or `node` (an empty script: Node's own floor). */
  variant: string;
  label: string;
  /** `--help`: median over the runs. */
  help: { wallS: number; cpuS: number; maxRssMb: number } | null;
  /** One peer joining one seed. */
  peer: { joinCpuS: number; rssMb: number; peakRssMb: number; joinWallS: number } | null;
}

export interface CliBenchResult {
  runs: number;
  bundleKiB: number;
  rows: CliBenchRow[];
  python: typeof PYTHON_REFERENCE;
  targets: typeof TARGETS;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
};
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** A preload that writes the process's CPU time and peak RSS to $GOSSIP_LAB_BENCH_REPORT at exit. */
function writeReporter(dir: string): string {
  const file = path.join(dir, 'report.cjs');
  writeFileSync(
    file,
    `const fs = require('fs');
process.on('exit', () => {
  const c = process.cpuUsage(); const r = process.resourceUsage();
  try { fs.writeFileSync(process.env.GOSSIP_LAB_BENCH_REPORT, JSON.stringify({ cpuS: (c.user + c.system) / 1e6, maxRssMb: r.maxRSS / 1024 })); } catch {}
});\n`,
  );
  return file;
}

/** CPU seconds and RSS (now, peak) of a running process, from /proc (Linux), or undefined. */
function procStats(pid: number): { cpuS: number; rssMb: number; peakRssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return { cpuS: ticks / hz, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Runs `args` to its end `runs` times: median wall time, CPU time and peak RSS. */
function measureHelp(command: string[], env: NodeJS.ProcessEnv, reporter: string, dir: string, runs: number): CliBenchRow['help'] {
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  const report = path.join(dir, 'help.json');
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-r', reporter, ...command], { cwd: dir, env: { ...env, GOSSIP_LAB_BENCH_REPORT: report }, encoding: 'utf8' });
    wall.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`${command.join(' ')} exited ${r.status}: ${r.stderr}`);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { cpuS: number; maxRssMb: number };
    cpu.push(rep.cpuS);
    rss.push(rep.maxRssMb);
  }
  return { wallS: round(median(wall)), cpuS: round(median(cpu)), maxRssMb: round(median(rss), 1) };
}

/** Waits until `file` matches `re` (or the process ends, or 30 s pass); returns the match. */
async function waitForLine(file: string, re: RegExp, exited: () => boolean): Promise<RegExpExecArray> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const m = re.exec(text);
    if (m) return m;
    if (exited() || Date.now() > deadline) throw new Error(`no ${re} in ${file}:\n${text}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts a seed, then one peer; the peer's CPU time to join and its RSS once joined. */
async function measurePeer(cli: string[], env: NodeJS.ProcessEnv, reporter: string, dir: string): Promise<CliBenchRow['peer']> {
  const seedLog = path.join(dir, 'seed.txt');
  const peerLog = path.join(dir, 'peer.txt');
  rmSync(seedLog, { force: true });
  rmSync(peerLog, { force: true });
  const seed = spawn(process.execPath, [...cli, 'seed', '--port', '0', '--log', seedLog], { cwd: dir, env, stdio: 'ignore' });
  let seedDone = false;
  seed.once('exit', () => (seedDone = true));
  try {
    const port = Number((await waitForLine(seedLog, /seed listening on 127\.0\.0\.1:(\d+)/, () => seedDone))[1]);
    writeFileSync(path.join(dir, 'config.txt'), `127.0.0.1:${port}\n`);
    const report = path.join(dir, 'peer.json');
    rmSync(report, { force: true });
    const t0 = performance.now();
    const peer = spawn(process.execPath, ['-r', reporter, ...cli, 'peer', '--port', '0', '--config', 'config.txt', '--log', peerLog, '--gossip-count', '0'], {
      cwd: dir,
      env: { ...env, GOSSIP_LAB_BENCH_REPORT: report },
      stdio: 'ignore',
    });
    let peerDone = false;
    const exited = new Promise<void>((r) => peer.once('exit', () => r()));
    void exited.then(() => (peerDone = true));
    await waitForLine(peerLog, /joined: /, () => peerDone);
    const joinWallS = (performance.now() - t0) / 1000;
    const now = procStats(peer.pid!);
    peer.kill('SIGINT');
    await exited;
    const atExit = JSON.parse(readFileSync(report, 'utf8')) as { cpuS: number; maxRssMb: number };
    return {
      joinCpuS: round(now?.cpuS ?? atExit.cpuS, 2),
      rssMb: round(now?.rssMb ?? atExit.maxRssMb, 1),
      peakRssMb: round(now?.peakRssMb ?? atExit.maxRssMb, 1),
      joinWallS: round(joinWallS, 2),
    };
  } finally {
    seed.kill('SIGINT');
  }
}

/** Builds the bundle into `dir` (alone: no node_modules there) and measures every variant. */
export async function benchCli(runs = 5, prebuilt?: string): Promise<CliBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossip-lab-bench-cli-'));
  try {
    const bundle = path.join(dir, 'gossip-lab.mjs');
    if (prebuilt) copyFileSync(prebuilt, bundle);
    else {
      const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs'), '--outfile', bundle], { cwd: ROOT, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`the CLI build failed: ${built.stderr}`);
    }
    const bundleKiB = Math.round(readFileSync(bundle).length / 1024);
    const reporter = writeReporter(dir);
    const empty = path.join(dir, 'empty.mjs');
    writeFileSync(empty, '');
    const env = { ...process.env };
    delete env.GOSSIP_LAB_BUNDLE;
    const rows: CliBenchRow[] = [];
    rows.push({
      variant: 'bundle',
      label: `one-file build (node gossip-lab.mjs, ${bundleKiB} KiB, no node_modules)`,
      help: measureHelp([bundle, '--help'], env, reporter, dir, runs),
      peer: await measurePeer([bundle], env, reporter, dir),
    });
    const tsxEnv = { ...env, GOSSIP_LAB_TSX: '1' };
    const bin = path.join(ROOT, 'bin/gossip-lab.mjs');
    rows.push({
      variant: 'tsx',
      label: 'sources through tsx (GOSSIP_LAB_TSX=1 bin/gossip-lab.mjs)',
      help: measureHelp([bin, '--help'], tsxEnv, reporter, dir, runs),
      peer: await measurePeer([bin], tsxEnv, reporter, dir),
    });
    rows.push({ variant: 'node', label: 'Node.js itself (an empty script)', help: measureHelp([empty], env, reporter, dir, runs), peer: null });
    return { runs, bundleKiB, rows, python: PYTHON_REFERENCE, targets: TARGETS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The results as a markdown table, the Python reference beside them, and the targets. */
export function formatCliTable(r: CliBenchResult): string {
  const head = ['CLI', '--help wall s', '--help CPU s', 'peer: CPU s to join', 'peer: RSS MB joined (peak)', 'peer: join wall s'];
  const rows = r.rows.map((x) => [
    x.label,
    x.help ? String(x.help.wallS) : '—',
    x.help ? String(x.help.cpuS) : '—',
    x.peer ? String(x.peer.joinCpuS) : '—',
    x.peer ? `${x.peer.rssMb} (${x.peer.peakRssMb})` : x.help ? `(${x.help.maxRssMb} at exit)` : '—',
    x.peer ? String(x.peer.joinWallS) : '—',
  ]);
  rows.push(['Python reference (issue 8)', '—', '—', String(r.python.peerCpuS), `~${r.python.peerRssMb}`, '—']);
  const bundle = r.rows.find((x) => x.variant === 'bundle');
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'not measured' : ok ? 'met' : 'not met');
  const targets = [
    `--help under ${r.targets.helpWallS} s: ${verdict(bundle?.help ? bundle.help.wallS < r.targets.helpWallS : undefined)} (${bundle?.help?.wallS ?? '—'} s)`,
    `a peer process under ${r.targets.peerRssMb} MB: ${verdict(bundle?.peer ? bundle.peer.rssMb < r.targets.peerRssMb : undefined)} (${bundle?.peer?.rssMb ?? '—'} MB once joined, peak ${bundle?.peer?.peakRssMb ?? '—'} MB)`,
  ];
  return [[head, head.map(() => '---'), ...rows].map((c) => `| ${c.join(' | ')} |`).join('\n'), '', `Targets: ${targets.join('; ')}.`].join('\n');
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, bundle: { type: 'string' } } });
  const result = await benchCli(Number(values.runs), values.bundle === undefined ? undefined : path.resolve(values.bundle));
  console.log(formatCliTable(result));
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/results/cli.json'), JSON.stringify({ machine, cli: result }, null, 2) + '\n');
  console.log(JSON.stringify(result));
}
