/**
 * The one-file CLI (scripts/build-cli.mjs → gossip-lab.mjs), run from a directory that holds
 * nothing but it (no node_modules, no checkout): `--help`, a seed and a peer that joins it; a
 * peer started before its seed, retrying and saying so until the seed listens; the warning for a
 * peer that announces a loopback address to seeds on other hosts; `net` exiting 1 when peers
 * failed to join. Every wait has a deadline; every child is SIGKILLed in afterEach if still running.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/ports';
import { readText } from '../helpers/processes';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let dir: string;
let bundle: string;

interface Child {
  proc: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  done: boolean;
}
const children = new Set<Child>();

/** Runs `node gossip-lab.mjs …` in the bundle's directory, with no NODE_PATH to find packages by. */
function cli(args: string[]): Child {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  const proc = spawn(process.execPath, [bundle, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const c: Child = { proc, stdout: '', stderr: '', done: false, exit: undefined as never };
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (c.stdout += s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (c.stderr += s));
  c.exit = new Promise((resolve) =>
    proc.once('close', (code) => {
      c.done = true;
      resolve(code);
    }),
  );
  children.add(c);
  return c;
}

async function exitCode(c: Child, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      c.exit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not exit within ${ms} ms; stdout: ${c.stdout}\nstderr: ${c.stderr}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `file` matches `re`; fails early if the process ends. */
async function logMatch(c: Child, file: string, re: RegExp, timeoutMs = 20_000): Promise<string> {
  let text = '';
  await waitFor(
    async () => {
      text = await readText(file);
      if (re.test(text)) return true;
      if (c.done) throw new Error(`exited before ${re}; stderr: ${c.stderr}\nlog:\n${text}`);
      return false;
    },
    { timeoutMs, intervalMs: 25, what: `${re} in ${path.basename(file)}` },
  );
  return text;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gossip-lab-bundle-'));
  bundle = path.join(dir, 'gossip-lab.mjs');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs'), '--outfile', bundle], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);

afterEach(async () => {
  for (const c of children) if (!c.done) c.proc.kill('SIGKILL');
  await Promise.all([...children].map((c) => c.exit));
  children.clear();
  for (const f of readdirSync(dir)) if (f !== 'gossip-lab.mjs') rmSync(path.join(dir, f), { recursive: true, force: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the one-file CLI, alone in a directory', () => {
  it('is one file with nothing beside it, and --help lists the commands and the peer’s --join-timeout', async () => {
    expect(readdirSync(dir)).toEqual(['gossip-lab.mjs']);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    const help = cli(['--help']);
    expect(await exitCode(help, 15_000)).toBe(0);
    for (const cmd of ['seed', 'peer', 'net', 'fit']) expect(help.stdout).toMatch(new RegExp(`^\\s+${cmd} `, 'm'));
    const peerHelp = cli(['peer', '--help']);
    expect(await exitCode(peerHelp, 15_000)).toBe(0);
    expect(peerHelp.stdout).toMatch(/--join-timeout <seconds>/);
    const bad = cli(['peer', '--config', 'x', '--join-timeout', 'soon']);
    expect(await exitCode(bad, 15_000)).toBe(2);
    expect(bad.stderr).toMatch(/--join-timeout/);
  });

  it('runs a seed and a peer that joins it (logs to console and file, no warning on loopback with loopback seeds); SIGINT stops both with 0', async () => {
    const [port] = await freePorts(1);
    writeFileSync(path.join(dir, 'config.txt'), `127.0.0.1:${port}\n`);
    const seed = cli(['seed', '--host', '127.0.0.1', '--port', String(port), '--log', 'seed.txt']);
    await logMatch(seed, path.join(dir, 'seed.txt'), new RegExp(`seed listening on 127\\.0\\.0\\.1:${port}`));
    const peer = cli(['peer', '--host', '127.0.0.1', '--port', '0', '--config', 'config.txt', '--log', 'peer.txt', '--gossip-count', '1', '--gossip-interval', '100']);
    const text = await logMatch(peer, path.join(dir, 'peer.txt'), /joined: seeds 127\.0\.0\.1:\d+/);
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO \(peer 127\.0\.0\.1:0\): peer listening on 127\.0\.0\.1:\d+$/m);
    expect(text).not.toMatch(/cannot reach/);
    await waitFor(() => /joined: /.test(peer.stdout), { timeoutMs: 5_000, what: 'the console copy of the log' });
    await logMatch(seed, path.join(dir, 'seed.txt'), /registered peer 127\.0\.0\.1:\d+/);
    peer.proc.kill('SIGINT');
    expect(await exitCode(peer, 15_000)).toBe(0);
    seed.proc.kill('SIGINT');
    expect(await exitCode(seed, 15_000)).toBe(0);
    expect(await readText(path.join(dir, 'peer.txt'))).toMatch(/peer 127\.0\.0\.1:\d+ stopped\n$/);
  });

  it('a peer started before its seed retries, saying which seed and why, when it retries and when it gives up, and joins once the seed listens', async () => {
    const [port] = await freePorts(1);
    writeFileSync(path.join(dir, 'config.txt'), `127.0.0.1:${port}\n`);
    const peer = cli(['peer', '--port', '0', '--config', 'config.txt', '--log', 'peer.txt', '--join-timeout', '60', '--gossip-count', '0']);
    const early = await logMatch(
      peer,
      path.join(dir, 'peer.txt'),
      new RegExp(`WARN .*seed 127\\.0\\.0\\.1:${port} not reachable yet \\(ECONNREFUSED\\); retrying in [\\d.]+ s, giving up in [\\d.]+ s`),
    );
    expect(early).not.toMatch(/joined: /);
    // the retries go on: a second message
    await logMatch(peer, path.join(dir, 'peer.txt'), /not reachable yet[^\n]*\n(?:.*\n)*.*not reachable yet/);
    const seed = cli(['seed', '--port', String(port), '--log', 'seed.txt']);
    await logMatch(seed, path.join(dir, 'seed.txt'), /seed listening on/);
    await logMatch(peer, path.join(dir, 'peer.txt'), new RegExp(`joined: seeds 127\\.0\\.0\\.1:${port}`), 20_000);
    expect(peer.done).toBe(false);
  });

  it('a peer that announces a loopback address while its seeds are on other hosts is warned that other machines cannot reach it', async () => {
    // 192.0.2.1 (TEST-NET-1) is never reachable; one short attempt, then exit 1
    writeFileSync(path.join(dir, 'config.txt'), '192.0.2.1:6000\n');
    const peer = cli(['peer', '--host', '127.0.0.1', '--port', '0', '--config', 'config.txt', '--log', 'peer.txt', '--join-timeout', '0', '--limit', 'connectTimeoutMs=300']);
    expect(await exitCode(peer, 20_000)).toBe(1);
    const text = await readText(path.join(dir, 'peer.txt'));
    const warning = /WARN \(peer 127\.0\.0\.1:0\): --host 127\.0\.0\.1 is a loopback address, but the seed list names seeds on other hosts \(192\.0\.2\.1:6000\): nodes on other machines cannot reach this node at 127\.0\.0\.1/;
    expect(text).toMatch(warning);
    expect(peer.stdout).toMatch(warning);
    // the warning comes before the node starts
    expect(text.search(warning)).toBeLessThan(text.search(/peer listening on/));
    // --join-timeout 0: one attempt, no retry
    expect(text).not.toMatch(/retrying in/);
    expect(text).toMatch(/peer could not start: could not register with a majority of seeds/);
  });

  it('net exits 1, and its summary counts them, when peers failed to join (a seed full at --limit maxPeers=2)', async () => {
    const net = cli(['net', '--seeds', '1', '--peers', '4', '--limit', 'maxPeers=2', '--duration', '0', '--gossip-count', '0']);
    expect(await exitCode(net, 40_000)).toBe(1);
    expect(net.stdout).toMatch(/^nodes +1 seeds, 2 peers/m);
    expect(net.stdout).toMatch(/^failures +2 peers failed to join; 0 live peers reported dead/m);
    expect(net.stderr).toMatch(/gossip-lab: 2 of 4 peers failed to join/);
    const json = cli(['net', '--seeds', '1', '--peers', '3', '--limit', 'maxPeers=2', '--duration', '0', '--gossip-count', '0', '--json']);
    expect(await exitCode(json, 40_000)).toBe(1);
    const summary = JSON.parse(json.stdout) as { peers: number; joinFailed: number; falseDeadReports: { reports: number; peers: number } };
    expect(summary).toMatchObject({ peers: 2, joinFailed: 1, falseDeadReports: { reports: 0, peers: 0 } });
  }, 90_000);

  it('net exits 0 with "failures none" when every peer joined and nobody was reported dead', async () => {
    const net = cli(['net', '--seeds', '2', '--peers', '5', '--duration', '0', '--gossip-count', '1', '--gossip-interval', '50']);
    expect(await exitCode(net, 40_000)).toBe(0);
    expect(net.stdout).toMatch(/^failures +none/m);
  }, 60_000);
});
