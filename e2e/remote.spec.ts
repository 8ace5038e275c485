/**
 * Watching a network that runs elsewhere: a seed and 5 peers started as separate OS processes
 * (the `gossip-lab` CLI on 127.0.0.2), connected to from the UI by the seed's address. The graph
 * must show those 6 nodes as remote with exactly the links the remote peers themselves report
 * (asked here over TCP with our own `neighbours-query`), and local peers started afterwards (no
 * local seed) must join that network and link to remote peers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dialNode, fetchNeighbours, probeSeed } from '../src/core/runtime/probe';
import { parseAddr } from '../src/core/protocol/addr';
import type { Lab } from './fixtures';
import { addPeers, coreNodes, expect, graphEdges, graphNodes, linkKey, snapshot, test } from './fixtures';
import { freePort } from '../test/helpers/ports';

const HOST = '127.0.0.2';
const REMOTE_PEERS = 5;
const LOCAL_PEERS = 3;
const CLI = resolve('bin/gossip-lab.mjs');

let children: ChildProcess[] = [];
let tmp: string | null = null;

test.afterEach(async () => {
  // SIGKILL every child still running, and wait (with a deadline) until each has exited
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const deadline = setTimeout(() => {
            console.error(`child ${child.pid} did not exit within 5 s of SIGKILL`);
            done();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(deadline);
            done();
          });
          child.kill('SIGKILL');
        }),
    ),
  );
  children = [];
  if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
});


/** Starts `node bin/gossip-lab.mjs …args` and resolves once its output matches `ready`. */
function startCli(args: string[], ready: RegExp, timeoutMs = 20_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`gossip-lab ${args.join(' ')}: no ${ready} within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        ok(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`gossip-lab ${args.join(' ')} exited (${code ?? signal}) before ${ready}; output:\n${out}`));
    });
  });
}

/** The links each remote peer reports (asked directly, over TCP), as undirected edge keys. */
async function remoteLinks(peers: string[]): Promise<string[]> {
  const keys = new Set<string>();
  for (const id of peers) {
    const addr = parseAddr(id);
    const conn = await dialNode(addr, 2000);
    try {
      const answer = await fetchNeighbours(conn, addr, 2000);
      for (const n of answer.neighbours) keys.add(linkKey(id, n));
    } finally {
      conn.end();
    }
  }
  return [...keys].sort();
}

/** The links of the local peers, as the core's peers themselves know them. */
async function localLinks(lab: Lab): Promise<string[]> {
  const keys = new Set<string>();
  if (lab.server) {
    for (const p of await coreNodes(lab)) if (p.role === 'peer' && p.running) for (const n of p.neighbours) keys.add(linkKey(p.id, n));
  } else {
    for (const n of (await snapshot(lab)).nodes.filter((x) => x.role === 'peer' && x.origin === 'local')) {
      const r = await lab.command('inspectNode', { id: n.id });
      if (!r.ok) throw new Error(`inspectNode ${n.id}: ${r.error}`);
      for (const nb of r.result.neighbours) keys.add(linkKey(n.id, nb));
    }
  }
  return [...keys].sort();
}

/** Differences between the graph's edges and `expected`, for a readable poll. */
function diff(drawn: string[], expected: string[]): { missing: string[]; extra: string[] } {
  return { missing: expected.filter((l) => !drawn.includes(l)), extra: drawn.filter((l) => !expected.includes(l)) };
}

test('connects to a seed run elsewhere, draws its peers and links, and local peers join that network', async ({ lab }) => {
  const { page } = lab;
  tmp = mkdtempSync(join(tmpdir(), 'gossip-lab-remote-'));
  const port = await freePort(HOST);
  const seedId = `${HOST}:${port}`;
  await startCli(['seed', '--host', HOST, '--port', String(port), '--log', join(tmp, 'seed.txt')], /seed listening on/);
  writeFileSync(join(tmp, 'config.txt'), `${seedId}\n`);
  for (let i = 1; i <= REMOTE_PEERS; i++) {
    // each after the previous one has joined, so each sees the links before it
    await startCli(['peer', '--host', HOST, '--port', '0', '--config', join(tmp, 'config.txt'), '--log', join(tmp, `peer${i}.txt`)], /joined/);
  }
  const remotePeers = (await probeSeed(parseAddr(seedId), 3000)).map((p) => `${p.host}:${p.port}`).sort();
  expect(remotePeers).toHaveLength(REMOTE_PEERS);

  // connect from the UI
  await page.getByTestId('remote-seed').fill(seedId);
  await page.getByTestId('connect-remote').click();
  await expect(page.getByTestId('notice').filter({ hasText: `connected to remote seed ${seedId}` }).first()).toBeVisible();

  // 6 remote nodes: the seed and its 5 peers
  await expect
    .poll(async () =>
      (await graphNodes(page))
        .map((n) => `${n.role} ${n.origin} ${n.id}`)
        .sort(),
    )
    .toEqual([...remotePeers.map((id) => `peer remote ${id}`), `seed remote ${seedId}`].sort());
  await expect(page.getByTestId('status')).toContainText(`${REMOTE_PEERS} peers (0 local, ${REMOTE_PEERS} remote)`);

  // exactly the links among the remote peers, as they report them
  await expect.poll(async () => diff(await graphEdges(page), await remoteLinks(remotePeers)), { timeout: 15_000 }).toEqual({ missing: [], extra: [] });
  expect((await graphEdges(page)).length).toBeGreaterThanOrEqual(REMOTE_PEERS - 1);

  // local peers, no local seed: they join through the remote seed
  await addPeers(page, LOCAL_PEERS);
  const nodes = await graphNodes(page);
  const locals = nodes.filter((n) => n.origin === 'local').map((n) => n.id);
  expect(locals).toHaveLength(LOCAL_PEERS);
  expect(nodes.filter((n) => n.role === 'seed').map((n) => n.id)).toEqual([seedId]);
  // the remote seed lists them
  await expect
    .poll(async () => (await probeSeed(parseAddr(seedId), 3000)).map((p) => `${p.host}:${p.port}`).sort())
    .toEqual([...remotePeers, ...locals].sort());

  // every link: what the remote peers report plus what the local peers know, nothing else
  await expect
    .poll(async () => diff(await graphEdges(page), [...new Set([...(await remoteLinks(remotePeers)), ...(await localLinks(lab))])].sort()), { timeout: 15_000 })
    .toEqual({ missing: [], extra: [] });
  const mixed = (await graphEdges(page)).filter((e) => {
    const [a, b] = e.split(' ') as [string, string];
    return locals.includes(a) !== locals.includes(b);
  });
  expect(mixed.length, 'links between local and remote peers').toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('status')).toContainText(`${REMOTE_PEERS + LOCAL_PEERS} peers (${LOCAL_PEERS} local, ${REMOTE_PEERS} remote)`);

  // disconnect: the seed's entry and the remote nodes go; the local peers stay
  const entry = page.getByTestId('remote-seed-entry').filter({ hasText: seedId });
  await expect(entry.getByTestId('remote-seed-status')).toHaveText('answers');
  await entry.getByTestId('disconnect-remote').click();
  await expect(page.getByTestId('remote-seed-entry')).toHaveCount(0);
  await expect.poll(async () => (await graphNodes(page)).filter((n) => n.origin === 'remote').length).toBe(0);
  expect((await graphNodes(page)).filter((n) => n.origin === 'local').map((n) => n.id).sort()).toEqual([...locals].sort());
});
