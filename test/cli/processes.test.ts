/**
 * The CLI as separate OS processes (`node bin/gossip-lab.mjs …`): two seeds and five peers on
 * loopback join, gossip, detect a crashed peer (SIGKILL) and report it to both seeds, then stop
 * cleanly on SIGTERM with every log flushed. Bad arguments and a bad config exit 2 with the
 * problem on stderr; a peer whose seeds are all down gives up with exit 1, naming them.
 *
 * Everything waits on log lines or process exits, with deadlines; every child is SIGKILLed in
 * afterEach if it is still running.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/rawClient';
import { waitFor } from '../helpers/waitFor';
import { freePorts } from '../helpers/ports';
import type { Proc } from '../helpers/processes';
import { exitWithin, killAll, lastLine, readText, run, waitForLog } from '../helpers/processes';

const PEERS = 5;
const GOSSIP_COUNT = 3;
const TIMING = ['--gossip-interval', '200', '--gossip-count', String(GOSSIP_COUNT), '--liveness-interval', '300', '--liveness-misses', '2'];

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gossip-lab-cli-'));
});

afterEach(async () => {
  await killAll();
  await rm(dir, { recursive: true, force: true });
});

afterAll(killAll);

describe('gossip-lab seed and peer as OS processes', () => {
  it('2 seeds + 5 peers: join, gossip, a SIGKILLed peer is reported dead by its neighbours to both seeds; SIGTERM stops the rest cleanly', async () => {
    const seedPorts = await freePorts(2);
    const config = path.join(dir, 'config.txt');
    await writeFile(config, seedPorts.map((p) => `127.0.0.1:${p}`).join('\n') + '\n');

    // the seeds
    const seeds = seedPorts.map((port, i) => ({ port, log: path.join(dir, `seed${i + 1}.txt`), proc: undefined as unknown as Proc }));
    for (const [i, s] of seeds.entries()) {
      s.proc = run(`seed${i + 1}`, ['seed', '--host', '127.0.0.1', '--port', String(s.port), '--log', s.log]);
    }
    for (const s of seeds) await waitForLog(s.proc, s.log, new RegExp(`seed listening on 127\\.0\\.0\\.1:${s.port}`), 'seed listening');

    // the peers, each after the previous one joined
    const peers: Array<{ port: number; log: string; proc: Proc }> = [];
    for (let i = 1; i <= PEERS; i++) {
      const log = path.join(dir, `peer${i}.txt`);
      const proc = run(`peer${i}`, ['peer', '--host', '127.0.0.1', '--port', '0', '--config', config, '--log', log, ...TIMING]);
      const text = await waitForLog(proc, log, /joined: /, 'joined');
      const port = Number(/peer listening on 127\.0\.0\.1:(\d+)/.exec(text)?.[1]);
      expect(port).toBeGreaterThan(0);
      peers.push({ port, log, proc });
    }
    expect(new Set(peers.map((p) => p.port)).size).toBe(PEERS);

    // gossip: each peer creates its messages, and each message floods to every peer that had
    // joined before it was created (the network of the earlier peers is connected)
    const receivedFirst = (k: number): RegExp =>
      new RegExp(`received "\\d+:127\\.0\\.0\\.1:${peers[k]!.port}:1" from 127\\.0\\.0\\.1:\\d+`);
    await waitFor(
      async () => {
        for (const [k, p] of peers.entries()) {
          const text = await readText(p.log);
          for (let seq = 1; seq <= GOSSIP_COUNT; seq++)
            if (!new RegExp(`generated "\\d+:127\\.0\\.0\\.1:${p.port}:${seq}" → \\d+ neighbours`).test(text)) return false;
          for (let j = 0; j < k; j++) if (!receivedFirst(k).test(await readText(peers[j]!.log))) return false;
        }
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 50, what: 'every peer to create its gossip and every earlier peer to receive it' },
    );

    // the victim: the third peer; its neighbours from its own answer to a neighbours query
    const victim = peers[2]!;
    const q = await RawClient.connect(victim.port);
    const answer = await q.request({ v: 2, type: 'neighbours-query', rid: 1, offset: 0 }).finally(() => q.destroy());
    expect(answer.type).toBe('neighbours');
    const neighbourPorts = (answer.neighbours as Array<{ host: string; port: number }>).map((a) => a.port);
    expect(neighbourPorts.length).toBeGreaterThan(0);
    const neighbours = peers.filter((p) => neighbourPorts.includes(p.port));
    expect(neighbours).toHaveLength(neighbourPorts.length);
    const others = peers.filter((p) => p !== victim && !neighbours.includes(p));

    victim.proc.child.kill('SIGKILL');
    expect(await exitWithin(victim.proc, 5_000)).toEqual({ code: null, signal: 'SIGKILL' });

    const deadLine = new RegExp(`Dead Node:127\\.0\\.0\\.1:${victim.port}:(\\d+):127\\.0\\.0\\.1`);
    for (const n of neighbours) await waitForLog(n.proc, n.log, deadLine, `the dead-node report of peer :${victim.port}`);
    const removedLine = new RegExp(`${deadLine.source} \\(removed 127\\.0\\.0\\.1:${victim.port}: the seed's own probe failed too\\)`);
    for (const s of seeds) await waitForLog(s.proc, s.log, removedLine, `the dead-node report of peer :${victim.port}`);
    // the seeds dropped it from their lists
    for (const s of seeds) {
      const c = await RawClient.connect(s.port);
      const list = await c.request({ v: 2, type: 'get-peers', rid: 1, offset: 0, limit: 200 }).finally(() => c.destroy());
      const listed = (list.peers as Array<{ port: number }>).map((p) => p.port).sort();
      expect(listed).toEqual(peers.filter((p) => p !== victim).map((p) => p.port).sort());
    }

    // what the logs hold
    for (const s of seeds) {
      const text = await readText(s.log);
      expect(text).toMatch(/connection request from 127\.0\.0\.1:\d+/);
      for (const p of peers) expect(text).toMatch(new RegExp(`registered peer 127\\.0\\.0\\.1:${p.port} \\(connection from 127\\.0\\.0\\.1:\\d+, reachability checked\\)`));
      expect(text).toMatch(deadLine);
    }
    for (const [k, p] of peers.entries()) {
      const text = await readText(p.log);
      for (const sp of seedPorts) {
        expect(text).toContain(`registered with seed 127.0.0.1:${sp}`);
        const list = new RegExp(`peer list from seed 127\\.0\\.0\\.1:${sp}: (.*)`).exec(text)?.[1] ?? '';
        // the list names every peer that joined before (and the peer itself, registered just before)
        for (const earlier of peers.slice(0, k + 1)) expect(list).toContain(`127.0.0.1:${earlier.port}(`);
      }
      expect(text.match(/generated "\d+:127\.0\.0\.1:\d+:\d+"/g)).toHaveLength(GOSSIP_COUNT);
      if (k < PEERS - 1) expect(text).toMatch(/received "\d+:127\.0\.0\.1:\d+:\d+" from 127\.0\.0\.1:\d+/);
    }
    for (const n of neighbours) expect(await readText(n.log)).toMatch(deadLine);
    // only neighbours watch a peer's liveness
    for (const o of others) expect(await readText(o.log)).not.toMatch(deadLine);

    // SIGTERM: peers first (they unregister), then the seeds; all exit 0 with their logs complete
    const survivors = peers.filter((p) => p !== victim);
    for (const p of survivors) p.proc.child.kill('SIGTERM');
    for (const p of survivors) {
      expect(await exitWithin(p.proc, 5_000), `${p.proc.name}: ${p.proc.stderr}`).toEqual({ code: 0, signal: null });
      expect(lastLine(await readText(p.log))).toMatch(new RegExp(`INFO .*: peer 127\\.0\\.0\\.1:${p.port} stopped$`));
    }
    for (const s of seeds) s.proc.child.kill('SIGTERM');
    for (const s of seeds) {
      expect(await exitWithin(s.proc, 5_000), `${s.proc.name}: ${s.proc.stderr}`).toEqual({ code: 0, signal: null });
      const text = await readText(s.log);
      expect(lastLine(text)).toMatch(new RegExp(`INFO .*: seed 127\\.0\\.0\\.1:${s.port} stopped$`));
      for (const p of survivors) expect(text).toContain(`peer 127.0.0.1:${p.port} left`);
    }
    // the console got the same lines as the file
    expect(seeds[0]!.proc.stdout).toContain(`seed listening on 127.0.0.1:${seeds[0]!.port}`);
    expect(peers[0]!.proc.stdout).toContain(`peer 127.0.0.1:${peers[0]!.port} stopped`);
  }, 120_000);
});

describe('gossip-lab bad input', () => {
  it('exits 2 with the problem on stderr for bad arguments and a bad config (file:line), before starting anything', async () => {
    const bad = path.join(dir, 'bad.txt');
    await writeFile(bad, '# seeds\n127.0.0.1:5000\n127.0.0.1:99999\n');
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '# nothing here\n\n');
    const log = (name: string): string => path.join(dir, `${name}.log`);
    const cases: Array<{ name: string; args: string[]; stderr: Array<string | RegExp> }> = [
      { name: 'port-range', args: ['seed', '--port', '70000', '--log', log('port-range')], stderr: ['--port', '70000', /out of range/] },
      { name: 'port-nan', args: ['seed', '--port', 'abc', '--log', log('port-nan')], stderr: ['--port', '"abc" is not a whole number'] },
      { name: 'no-port', args: ['seed', '--log', log('no-port')], stderr: [/required option '--port/] },
      { name: 'bad-host', args: ['seed', '--host', 'no such host!', '--port', '0', '--log', log('bad-host')], stderr: ['--host', 'not an IP address or host name'] },
      { name: 'no-config', args: ['peer', '--port', '0', '--log', log('no-config')], stderr: [/required option '--config/] },
      { name: 'bad-line', args: ['peer', '--port', '0', '--config', bad, '--log', log('bad-line')], stderr: [`${bad}:3:`, 'out of range', '127.0.0.1:99999'] },
      { name: 'no-seeds', args: ['peer', '--port', '0', '--config', empty, '--log', log('no-seeds')], stderr: [`${empty}: no seed addresses`] },
      { name: 'missing', args: ['peer', '--port', '0', '--config', path.join(dir, 'nope.txt'), '--log', log('missing')], stderr: ['nope.txt: cannot read'] },
      { name: 'bad-misses', args: ['peer', '--config', bad, '--liveness-misses', '0', '--log', log('bad-misses')], stderr: ['--liveness-misses'] },
    ];
    const runs = cases.map((c) => ({ c, proc: run(c.name, c.args) }));
    for (const { c, proc } of runs) {
      const exit = await exitWithin(proc, 30_000);
      expect({ name: c.name, ...exit }).toEqual({ name: c.name, code: 2, signal: null });
      for (const s of c.stderr) {
        if (typeof s === 'string') expect(proc.stderr, c.name).toContain(s);
        else expect(proc.stderr, c.name).toMatch(s);
      }
      // nothing started, so nothing was logged
      expect(existsSync(log(c.name)), `${c.name} created its log`).toBe(false);
    }
  }, 60_000);

  it('a peer whose seeds are all unreachable retries with backoff until --join-timeout, then exits 1 naming every seed', async () => {
    const ports = await freePorts(2);
    const config = path.join(dir, 'config.txt');
    await writeFile(config, ports.map((p) => `127.0.0.1:${p}`).join('\n') + '\n');
    const log = path.join(dir, 'peer.txt');
    const started = Date.now();
    const proc = run('lonely-peer', ['peer', '--port', '0', '--config', config, '--log', log, '--join-timeout', '4', ...TIMING]);
    expect(await exitWithin(proc, 30_000)).toEqual({ code: 1, signal: null });
    // retries after 500, 1000, 2000 and (what is left of the 4 s) 500 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
    const text = await readText(log);
    for (const out of [text, proc.stdout]) {
      expect(out).toMatch(/peer could not start: could not register with a majority of seeds: reached 0 of 2, need 2/);
      for (const p of ports) expect(out).toMatch(new RegExp(`127\\.0\\.0\\.1:${p} \\(connect to 127\\.0\\.0\\.1:${p} failed: ECONNREFUSED\\)`));
    }
    expect(lastLine(text)).toMatch(/peer could not start/);
  }, 60_000);
});
