/**
 * A real gossip network over 4 "hosts": each host is its own Linux network namespace with its own
 * IPv4 address on a private bridge, and every node is a separate OS process of the CLI started
 * with `ip netns exec`:
 *
 *   host h1  10.231.0.11  seed :5000
 *   host h2  10.231.0.12  seed :5000
 *   host h3  10.231.0.13  peers :6001 and :6002
 *   host h4  10.231.0.14  peers :6001 and :6002
 *
 * Everything is asserted from the nodes' log files: registration with both seeds (⌊2/2⌋+1 = 2)
 * and the peer lists, links that cross hosts (with the TCP source address of each connection
 * being the other namespace's IP), gossip flooding, and the dead-node report of a SIGKILLed peer
 * from a neighbour on the other host, logged by both seeds.
 *
 * Join order is made deterministic without sleeps: each peer's `--config` is a named pipe, so the
 * process boots (in parallel with the others) and then blocks reading its seed list until the test
 * writes it. The test releases the peers one at a time, h3, h4, h3, h4, each after the previous one
 * logged `joined:`. So every joiner sees exactly the peers before it, and the second peer (on h4)
 * can only link to the first (on h3).
 *
 * Why `GOSSIP_COUNT` is large: the CLI starts gossiping the moment a peer has joined, and a message
 * is flooded over the links that exist when it is created, never again. The first peer's first
 * message goes to nobody (it has no neighbour yet), so "every message reaches every peer" cannot
 * hold for messages created before the last peer joined, and with a short run (say 3 messages,
 * 400 ms) an early peer may fall silent before a slow machine has started the last one. So every
 * peer gossips every 200 ms for the whole test, and the test asserts what must hold: every message
 * created after the network was whole reaches every other peer, exactly once; each peer creates
 * such messages, so every peer hears from every other peer.
 *
 * Logs go to a temporary directory, removed after a clean pass and kept (its path printed) after a
 * failure or with GOSSIP_LAB_KEEP_LOGS=1.
 *
 * Skipped, with the reason in the suite's title, without root, iproute2, mkfifo, or when a
 * namespace cannot be created. Teardown (afterAll, and a process-exit fallback) kills every child
 * and deletes the namespaces, veths and bridge, and fails the suite if any of them is left.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab, netnsUnavailable } from '../helpers/netns';
import { waitFor } from '../helpers/waitFor';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin', 'gossip-lab.mjs');

const GOSSIP_INTERVAL_MS = 200;
/** Enough for the whole test (200 s); the test never waits for the last one. */
const GOSSIP_COUNT = 1000;
const LIVENESS_INTERVAL_MS = 300;
const LIVENESS_MISSES = 2;

/** Booting 6 Node processes at once on a small, busy machine can be slow: all must be up by then. */
const BOOT_TIMEOUT_MS = 45_000;
/** Deadline of each later wait (a join, a delivery, a report). */
const STEP_TIMEOUT_MS = 15_000;
/** Timeout of each test: a few steps. */
const TEST_TIMEOUT_MS = 5 * STEP_TIMEOUT_MS;

interface NodeSpec {
  name: string;
  host: string;
  ip: string;
  port: number;
  key: string;
  log: string;
  child?: ChildProcess;
}

const HOSTS = [
  { name: 'h1', ip: '10.231.0.11' },
  { name: 'h2', ip: '10.231.0.12' },
  { name: 'h3', ip: '10.231.0.13' },
  { name: 'h4', ip: '10.231.0.14' },
];

function node(name: string, host: string, port: number): NodeSpec {
  const ip = HOSTS.find((h) => h.name === host)!.ip;
  return { name, host, ip, port, key: `${ip}:${port}`, log: '' };
}

const SEEDS: NodeSpec[] = [node('seed1', 'h1', 5000), node('seed2', 'h2', 5000)];
/** In join order: h3, h4, h3, h4. */
const PEERS: NodeSpec[] = [node('p3a', 'h3', 6001), node('p4a', 'h4', 6001), node('p3b', 'h3', 6002), node('p4b', 'h4', 6002)];
const CONFIG_TEXT = `# the two seeds, by their namespace addresses\n${SEEDS.map((s) => s.key).join('\n')}\n`;

/** Why the suite cannot run here, or undefined. Decided synchronously at module load. */
function unavailable(): string | undefined {
  const why = netnsUnavailable();
  if (why) return `needs root and iproute2 (ip netns): ${why}`;
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    return 'needs mkfifo (coreutils)';
  }
  return undefined;
}

const SKIP = unavailable();

/** The message part of each complete log line: `[time] LEVEL (name): <message>`. */
function messages(file: string): string[] {
  if (!existsSync(file)) return [];
  const out: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // '' after the last newline, or a line still being written
  for (const line of lines) {
    const m = /^\[[^\]]*\] [A-Z]+ \([^)]*\): (.*)$/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** The last lines of a log, for failure messages. */
function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return `(${file} does not exist)`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Waits for a log message matching `re`; returns the match. Times out naming the log's tail. */
async function waitForLine(n: NodeSpec, re: RegExp, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<RegExpExecArray> {
  let found: RegExpExecArray | null = null;
  try {
    await waitFor(
      () => {
        for (const m of messages(n.log)) if ((found = re.exec(m))) return true;
        return false;
      },
      { timeoutMs, intervalMs: 20, what: `${n.name} (${n.key}): ${what}` },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- ${n.log} ---\n${tail(n.log)}`);
  }
  return found!;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Waits until a peer has booted and is blocked reading its config pipe, and opens the pipe's write
 * end (a non-blocking open for writing fails with ENXIO while nobody reads). The peer then waits in
 * read() until {@link release} writes the seed list and closes the pipe.
 * @returns the write end's file descriptor
 */
async function openConfigPipe(n: NodeSpec, fifo: string, timeoutMs: number): Promise<number> {
  let fd = -1;
  await waitFor(
    () => {
      try {
        fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENXIO') return false;
        throw e;
      }
    },
    { timeoutMs, intervalMs: 20, what: `${n.name} to boot and read its config pipe` },
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n--- ${n.log}.out ---\n${tail(`${n.log}.out`)}`);
  });
  return fd;
}

/** Lets a peer start: writes its seed list into its config pipe and closes it (end of file). */
function release(fd: number): void {
  try {
    writeSync(fd, CONFIG_TEXT);
  } finally {
    closeSync(fd);
  }
}

/** Undirected links `a b` (sorted keys) from the peers' `linked to` / `accepted` lines. */
interface Links {
  dialled: Set<string>;
  accepted: Set<string>;
  /** `acceptor key` → `neighbour key` → the TCP source IP the acceptor saw. */
  sourceIp: Map<string, Map<string, string>>;
}

const pair = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

function readLinks(): Links {
  const links: Links = { dialled: new Set(), accepted: new Set(), sourceIp: new Map() };
  for (const p of PEERS) {
    const seen = new Map<string, string>();
    links.sourceIp.set(p.key, seen);
    for (const m of messages(p.log)) {
      const d = /^linked to neighbour (\S+) \(degree \d+\)$/.exec(m);
      if (d) links.dialled.add(pair(p.key, d[1]!));
      const a = /^accepted neighbour (\S+) \(connection from ([\d.]+):\d+\)$/.exec(m);
      if (a) {
        links.accepted.add(pair(p.key, a[1]!));
        seen.set(a[1]!, a[2]!);
      }
    }
  }
  return links;
}

const hostOf = (key: string): string => key.slice(0, key.lastIndexOf(':'));

describe.skipIf(SKIP !== undefined)(`gossip over 4 network-namespace hosts (2 seeds, 2×2 peers)${SKIP ? ` — skipped: ${SKIP}` : ''}`, () => {
  let lab: NetnsLab | undefined;
  let dir = '';
  let formedAt = 0;
  let failed = false;
  let formed = false;
  /** Write ends of config pipes not yet released. */
  const pipes = new Map<NodeSpec, number>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `gl-${process.pid}-`));
    lab = NetnsLab.create(HOSTS);
    const start = (n: NodeSpec, args: string[]): void => {
      n.log = join(dir, `${n.name}.log`);
      const out = openSync(`${n.log}.out`, 'a'); // console output and crashes, for diagnosis
      try {
        n.child = lab!.spawn(lab!.host(n.host), process.execPath, [BIN, ...args, '--host', n.ip, '--port', String(n.port), '--log', n.log], {
          cwd: ROOT,
          stdio: ['ignore', out, out],
        });
      } finally {
        closeSync(out);
      }
    };
    for (const s of SEEDS) start(s, ['seed']);
    const fifos = new Map<NodeSpec, string>();
    PEERS.forEach((p, i) => {
      const fifo = join(dir, p.name, 'config.txt');
      mkdirSync(dirname(fifo));
      execFileSync('mkfifo', [fifo], { timeout: 5_000 });
      fifos.set(p, fifo);
      start(p, [
        'peer',
        '--config', fifo,
        '--gossip-interval', String(GOSSIP_INTERVAL_MS),
        '--gossip-count', String(GOSSIP_COUNT),
        '--liveness-interval', String(LIVENESS_INTERVAL_MS),
        '--liveness-misses', String(LIVENESS_MISSES),
        '--random-seed', String(i + 1),
      ]);
    });
    const bootDeadline = Date.now() + BOOT_TIMEOUT_MS;
    const bootLeft = (): number => Math.max(1, bootDeadline - Date.now());
    for (const s of SEEDS) await waitForLine(s, new RegExp(`^seed listening on ${escape(s.key)}$`), 'listening', bootLeft());
    // every peer booted and waiting on its pipe first, so that joining is not slowed by booting
    for (const p of PEERS) pipes.set(p, await openConfigPipe(p, fifos.get(p)!, bootLeft()));
    let firstJoined = 0;
    for (const p of PEERS) {
      release(pipes.get(p)!);
      pipes.delete(p);
      await waitForLine(p, /^joined: /, 'joined');
      firstJoined ||= Date.now();
    }
    formedAt = Date.now(); // not before the last peer's links were all up (they are, when it logs joined)
    formed = true;
    console.log(`[netns] 4 peers joined one by one within ${formedAt - firstJoined} ms; logs in ${dir}`);
  }, BOOT_TIMEOUT_MS + PEERS.length * STEP_TIMEOUT_MS + 5_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  afterAll(async () => {
    const left = lab ? await lab.destroy(5_000) : [];
    for (const fd of pipes.values()) closeSync(fd);
    pipes.clear();
    if (dir && formed && !failed && left.length === 0 && !process.env.GOSSIP_LAB_KEEP_LOGS) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`[netns] kept the logs in ${dir}`);
    expect(left, 'namespaces or links left behind').toEqual([]);
  }, 30_000);

  it('registers every peer with both seeds (⌊2/2⌋+1 = 2) and hands it the peers joined before it', () => {
    PEERS.forEach((p, i) => {
      const m = messages(p.log);
      expect(m.filter((l) => l.startsWith('registered with seed ')).sort()).toEqual(SEEDS.map((s) => `registered with seed ${s.key}`).sort());
      const expected = PEERS.slice(0, i + 1).map((q) => q.key).sort();
      for (const s of SEEDS) {
        const list = m.find((l) => l.startsWith(`peer list from seed ${s.key}: `));
        expect(list, `${p.name} got a peer list from ${s.key}`).toBeDefined();
        const keys = list!.slice(`peer list from seed ${s.key}: `.length).split(', ').map((e) => e.replace(/\(\d+\)$/, ''));
        expect(keys.sort(), `${p.name}'s list from ${s.key}`).toEqual(expected);
      }
      expect(m.find((l) => l.startsWith('joined: '))).toMatch(new RegExp(`^joined: seeds (${SEEDS.map((s) => escape(s.key)).join('|')}), (${SEEDS.map((s) => escape(s.key)).join('|')});`));
    });
    for (const s of SEEDS) {
      const m = messages(s.log);
      for (const p of PEERS) {
        // the seed saw the registration come from the peer's own namespace address
        const lines = m.filter((l) => l.startsWith(`registered peer ${p.key} `));
        expect(lines, `${s.name} registered ${p.name} once`).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^registered peer ${escape(p.key)} \\(connection from ${escape(p.ip)}:\\d+, reachability checked\\)$`));
      }
    }
  });

  it('links peers across hosts, each link logged at both ends, into one connected network', () => {
    const links = readLinks();
    // every link has a dialler and an acceptor
    expect([...links.dialled].sort()).toEqual([...links.accepted].sort());
    // the second peer (h4) could only link to the first (h3)
    expect(links.dialled).toContain(pair(PEERS[1]!.key, PEERS[0]!.key));
    const cross = [...links.dialled].filter((l) => {
      const [a, b] = l.split(' ') as [string, string];
      return hostOf(a) !== hostOf(b);
    });
    expect(cross.length, 'links between h3 and h4').toBeGreaterThan(0);
    // each accepted connection came from the neighbour's own namespace address, over the bridge
    for (const [acceptor, from] of links.sourceIp) {
      for (const [neighbour, srcIp] of from) expect(srcIp, `${acceptor} accepted ${neighbour}`).toBe(hostOf(neighbour));
    }
    // connected
    const seen = new Set([PEERS[0]!.key]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const l of links.dialled) {
        const [a, b] = l.split(' ') as [string, string];
        if (seen.has(a) !== seen.has(b)) {
          seen.add(a);
          seen.add(b);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual(PEERS.map((p) => p.key).sort());
  });

  it('floods each peer’s gossip to every other peer on both hosts, exactly once each', async () => {
    const generated = (p: NodeSpec): string[] =>
      messages(p.log)
        .map((m) => /^generated "([^"]+)" → \d+ neighbours$/.exec(m)?.[1])
        .filter((t): t is string => t !== undefined);
    const receivedBy = (p: NodeSpec): Array<{ text: string; from: string }> =>
      messages(p.log)
        .map((m) => /^\S+ received "([^"]+)" from (\S+)$/.exec(m))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ text: m[1]!, from: m[2]! }));
    const createdAt = (text: string): number => Number(text.split(':')[0]);

    // every peer has created a message since the network was whole (it gossips every 200 ms) …
    for (const p of PEERS) {
      await waitFor(() => generated(p).some((t) => createdAt(t) >= formedAt), { timeoutMs: STEP_TIMEOUT_MS, what: `${p.name} to gossip after the network formed` });
    }
    // … and every message created since then, up to now, must reach all the other peers
    const late = PEERS.flatMap((p) => generated(p).filter((t) => createdAt(t) >= formedAt).map((text) => ({ origin: p, text })));
    const missing = (): string[] => {
      const got = new Map(PEERS.map((q) => [q, new Set(receivedBy(q).map((r) => r.text))]));
      return late.flatMap(({ origin, text }) => PEERS.filter((q) => q !== origin && !got.get(q)!.has(text)).map((q) => `${q.name} lacks "${text}"`));
    };
    await waitFor(() => missing().length === 0, { timeoutMs: STEP_TIMEOUT_MS, what: 'every late message at every other peer' }).catch((e: Error) => {
      throw new Error(`${e.message}: ${missing().join('; ')}`);
    });

    const links = readLinks();
    for (const p of PEERS) {
      // its own messages, numbered 1, 2, 3, … in the classic `<ts>:<IP>:<Port>:<n>` form
      generated(p).forEach((t, i) => expect(t).toMatch(new RegExp(`^\\d+:${escape(p.key)}:${i + 1}$`)));
      const got = receivedBy(p);
      // the Message List logs a message once, however many copies arrive; never the peer's own
      expect(new Set(got.map((r) => r.text)).size, `${p.name} logged each message once`).toBe(got.length);
      expect(got.filter((r) => r.text.includes(`:${p.key}:`))).toEqual([]);
      // it came over a link
      for (const r of got) expect(links.dialled, `${p.name} got "${r.text}" from a neighbour`).toContain(pair(p.key, r.from));
      // it heard from every other peer, on its own host and on the other one, since the network formed
      for (const q of PEERS) {
        if (q !== p) expect(got.some((r) => r.text.includes(`:${q.key}:`) && createdAt(r.text) >= formedAt), `${p.name} heard from ${q.name}`).toBe(true);
      }
    }
  }, TEST_TIMEOUT_MS);

  it('reports a SIGKILLed peer dead from its neighbour on the other host, and both seeds log the report', async () => {
    const [victim, witness] = PEERS as [NodeSpec, NodeSpec]; // h3's first peer and h4's first peer
    expect(readLinks().dialled).toContain(pair(victim.key, witness.key));
    expect(victim.child!.exitCode, `${victim.name} still running`).toBeNull();
    const killedAt = Date.now();
    const gone = new Promise<void>((res) => victim.child!.once('exit', () => res()));
    expect(victim.child!.kill('SIGKILL')).toBe(true);
    await gone;

    const re = new RegExp(`^Dead Node:${escape(victim.ip)}:${victim.port}:(\\d+):${escape(witness.ip)}$`);
    const [report, ts] = await waitForLine(witness, re, `Dead Node for ${victim.key}`);
    expect(Number(ts)).toBeGreaterThanOrEqual(killedAt);
    for (const s of SEEDS) {
      await waitForLine(s, new RegExp(`^${escape(report)} \\(`), `${witness.name}'s report`);
      // the first report to reach the seed removed the dead peer from its list
      await waitForLine(s, new RegExp(`^Dead Node:${escape(victim.ip)}:${victim.port}:\\d+:[\\d.]+ \\(removed ${escape(victim.key)}: the seed's own probe failed too\\)$`), 'the removal');
    }
  }, TEST_TIMEOUT_MS);
});
