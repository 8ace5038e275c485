/**
 * Issue 9's attacks replayed against CLI nodes (`gossip-lab seed` and `gossip-lab peer` as OS
 * processes on loopback): a frame nested thousands of levels deep sent to every node, forged
 * dead-node reports from a stranger, a registration claiming a live peer's address, a link
 * claiming a third party's address, and a fake peer listed nowhere that answers every dial with
 * the deep frame. Afterwards every process still runs, every honest peer is still registered at
 * both seeds and linked, and gossip created after the attacks reaches every peer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/core/protocol/messages';
import { listenAsClaimant } from '../helpers/claimant';
import type { Claimant } from '../helpers/claimant';
import { freePorts } from '../helpers/ports';
import type { Proc } from '../helpers/processes';
import { killAll, readText, run, waitForLog } from '../helpers/processes';
import { RawClient, rawFrame } from '../helpers/rawClient';
import { waitFor } from '../helpers/waitFor';

const V = PROTOCOL_VERSION;
const PEERS = 4;
const GOSSIP_COUNT = 120;
/** Gossip lasts GOSSIP_COUNT × 500 ms: the attacks happen while the peers still gossip, and so does the check after them. */
const TIMING = ['--gossip-interval', '500', '--gossip-count', String(GOSSIP_COUNT), '--liveness-interval', '1000', '--liveness-misses', '3'];
/** A frame whose `v` is nested 5,000 levels deep: it killed every node before the fix. */
const DEEP = rawFrame(`{"v":${'['.repeat(5000)}${']'.repeat(5000)},"type":"ack","rid":1}`);

let dir: string;
let claimant: Claimant | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gossip-lab-attack-'));
});
afterEach(async () => {
  await claimant?.close();
  await killAll();
  if (process.env.KEEP_LOGS) console.log('logs kept in', dir);
  else await rm(dir, { recursive: true, force: true });
});
afterAll(killAll);

/** The ports a seed lists now. */
async function listed(seedPort: number): Promise<number[]> {
  const c = await RawClient.connect(seedPort);
  const list = await c.request({ v: V, type: 'get-peers', rid: 1, offset: 0, limit: 200 }).finally(() => c.destroy());
  return (list.peers as Array<{ port: number }>).map((p) => p.port).sort((a, b) => a - b);
}

/** A peer's degree by its own answer to a neighbours query. */
async function degreeOf(port: number): Promise<number> {
  const c = await RawClient.connect(port);
  const answer = await c.request({ v: V, type: 'neighbours-query', rid: 1, offset: 0 }).finally(() => c.destroy());
  return answer.degree as number;
}

/** Marks where the test is (printed with a failure, so a step that hangs on a loaded machine is named). */
const progress = (step: string): void => console.log(`[cliNodes ${new Date().toISOString()}] ${step}`);

describe("issue 9's attacks against CLI nodes", () => {
  it('leave every node running and honest peers registered, linked and gossiping', { timeout: 300_000 }, async () => {
    const seedPorts = await freePorts(2);
    const config = path.join(dir, 'config.txt');
    await writeFile(config, seedPorts.map((p) => `127.0.0.1:${p}`).join('\n') + '\n');
    const seeds = seedPorts.map((port, i) => ({ port, log: path.join(dir, `seed${i}.txt`), proc: undefined as unknown as Proc }));
    for (const [i, s] of seeds.entries()) s.proc = run(`seed${i}`, ['seed', '--host', '127.0.0.1', '--port', String(s.port), '--log', s.log]);
    for (const s of seeds) await waitForLog(s.proc, s.log, /seed listening on/, 'seed listening');
    const peers: Array<{ port: number; log: string; proc: Proc }> = [];
    for (let i = 0; i < PEERS; i++) {
      const log = path.join(dir, `peer${i}.txt`);
      const proc = run(`peer${i}`, ['peer', '--host', '127.0.0.1', '--port', '0', '--config', config, '--log', log, ...TIMING]);
      const text = await waitForLog(proc, log, /joined: /, 'joined');
      peers.push({ port: Number(/peer listening on 127\.0\.0\.1:(\d+)/.exec(text)![1]), log, proc });
    }
    const all = [...seeds, ...peers];
    const honestPorts = peers.map((p) => p.port).sort((a, b) => a - b);

    progress('1. the deep frame');
    // 1. the deep frame, to every node
    for (const n of all) {
      const c = await RawClient.connect(n.port);
      await c.write(DEEP);
      expect(await c.nextFrame(5_000)).toMatchObject({ type: 'error', code: 'bad-message' });
      c.destroy();
    }

    progress('2. forged dead-node reports');
    // 2. forged dead-node reports from a connection that never registered, about every peer
    for (const s of seeds) {
      const c = await RawClient.connect(s.port);
      for (const p of peers) {
        const answer = await c.request({ v: V, type: 'dead-node', rid: p.port, dead: { host: '127.0.0.1', port: p.port }, timestamp: Date.now(), reporter: { host: '127.0.0.1', port: 1 }, token: 'f'.repeat(64) });
        // a hint for the seed's own probe, which the live peer answers (checked below: still listed)
        expect(answer).toMatchObject({ type: 'ack' });
      }
      c.destroy();
    }

    progress('3. a registration claiming');
    // 3. a registration claiming a live peer's address (the peer denies the claim)
    const victim = peers[0]!;
    for (const s of seeds) {
      const c = await RawClient.connect(s.port);
      const answer = await c.request({ v: V, type: 'register', rid: 1, peer: { host: '127.0.0.1', port: victim.port }, proof: 'e'.repeat(64) }, 10_000);
      expect(answer).toMatchObject({ type: 'error', code: 'unverified' });
      c.destroy();
    }

    progress('4. a link claiming');
    // 4. a link claiming a third party's address (another peer): refused, not linked
    const third = peers[1]!;
    const before = await degreeOf(peers[2]!.port);
    const hello = await RawClient.connect(peers[2]!.port);
    const refused = await hello.request({ v: V, type: 'peer-hello', rid: 1, from: { host: '127.0.0.1', port: third.port }, proof: 'd'.repeat(64) }, 10_000);
    expect(refused).toMatchObject({ type: 'error', code: 'unverified' });
    hello.destroy();
    expect(await degreeOf(peers[2]!.port)).toBe(before);

    progress('5. a fake peer that answers');
    // 5. a fake peer that answers every dial with the deep frame: it proves its own address and
    // registers (an attacker may), then a new peer joins and may dial it
    claimant = await listenAsClaimant();
    for (const s of seeds) {
      const c = await RawClient.connect(s.port);
      expect(await c.request({ v: V, type: 'register', rid: 1, peer: claimant.addr, proof: 'c'.repeat(64) }, 10_000)).toMatchObject({ type: 'registered' });
      c.destroy();
    }
    await claimant.close();
    const deepSockets = new Set<import('node:net').Socket>();
    const deepServer = await import('node:net').then(
      ({ default: net }) =>
        new Promise<import('node:net').Server>((resolve) => {
          const srv = net.createServer((sock) => {
            deepSockets.add(sock);
            sock.on('close', () => deepSockets.delete(sock));
            sock.on('error', () => {});
            sock.end(DEEP);
          });
          srv.listen(claimant!.addr.port, '127.0.0.1', () => resolve(srv));
        }),
    );
    claimant = undefined;
    try {
      const log = path.join(dir, 'late.txt');
      const late = run('late', ['peer', '--host', '127.0.0.1', '--port', '0', '--config', config, '--log', log, '--neighbours', '3', ...TIMING]);
      const text = await waitForLog(late, log, /joined: /, 'the late peer to join');
      peers.push({ port: Number(/peer listening on 127\.0\.0\.1:(\d+)/.exec(text)![1]), log, proc: late });
      honestPorts.push(peers.at(-1)!.port);
      honestPorts.sort((a, b) => a - b);
    } finally {
      // a node that keeps its end open must not keep close() waiting
      for (const sock of deepSockets) sock.destroy();
      await new Promise<void>((resolve) => deepServer.close(() => resolve()));
    }

    progress('every process still runs;');
    // every process still runs; the seeds list every honest peer (the fake one may be listed
    // until a report about it is checked); every honest peer is linked
    for (const n of all) expect(n.proc.done, `${n.proc.name} is still running`).toBe(false);
    for (const s of seeds) {
      const ports = await listed(s.port);
      for (const p of honestPorts) expect(ports).toContain(p);
    }
    for (const p of peers) expect(await degreeOf(p.port)).toBeGreaterThan(0);

    progress('gossip created after the attacks');
    // gossip created after the attacks reaches every peer: for each peer, its first message
    // created from now on is logged as received by every other peer
    const after = Date.now();
    const firstAfter = async (port: number, log: string): Promise<string | undefined> => {
      const re = new RegExp(`generated "((\\d+):127\\.0\\.0\\.1:${port}:\\d+)"`, 'g');
      for (const m of (await readText(log)).matchAll(re)) if (Number(m[2]) > after) return m[1];
      return undefined;
    };
    let missing = '';
    await waitFor(
      async () => {
        for (const from of peers) {
          const text = await firstAfter(from.port, from.log);
          if (!text) return !(missing = `a message of ${from.port} created after the attacks`);
          for (const to of peers) if (to !== from && !(await readText(to.log)).includes(`received "${text}"`)) return !(missing = `"${text}" at ${to.port}`);
        }
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'a message of every peer created after the attacks at every other peer' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}: missing ${missing}`);
    });
    for (const n of all) expect(n.proc.done, `${n.proc.name} is still running`).toBe(false);
  });
});
