/**
 * Watching a network that runs elsewhere: a seed and 5 peers started as separate OS processes
 * (the `gossip-lab` CLI on 127.0.0.2), connected to from the UI by the seed's address. The graph
 * must show those 6 nodes as remote with exactly the links the remote peers themselves report
 * (asked here over TCP with our own `neighbours-query`), and local peers started afterwards (no
 * local seed) must join that network and link to remote peers.
 *
 * Measuring it (issue 11): 2 seeds and 10 peers as CLI processes; the degree panel, set to the
 * remote scope, shows their histogram and fit; its Export PNG and Export CSV buttons save files
 * named for the scope — a PNG that decodes, and a CSV with every remote peer and the degree the
 * remote peers' own neighbour lists give it, which `gossip-lab fit` reads.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { safeFit } from '../src/core/analysis/powerlaw';
import { dialNode, fetchNeighbours, probeSeed } from '../src/core/runtime/probe';
import { parseAddr } from '../src/core/protocol/addr';
import { fitSummary } from '../src/renderer/src/charts/degreeData';
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

/** Each peer's degree in a set of `a b` link keys (0 for a peer of `ids` on none). */
function degreesOf(links: string[], ids: string[]): Map<string, number> {
  const out = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const k of links) for (const id of k.split(' ')) if (out.has(id)) out.set(id, out.get(id)! + 1);
  return out;
}

/** Clicks an export button and answers the path the UI then shows (a new one each time). */
async function exportThrough(lab: Lab, button: 'export-png' | 'export-csv', name: RegExp): Promise<string> {
  const shown = lab.page.locator('.export-path code');
  const before = (await shown.count()) > 0 ? await shown.textContent() : null;
  await lab.page.getByTestId(button).click();
  await expect(shown).toHaveText(name);
  await expect(shown).not.toHaveText(before ?? '');
  const path = (await shown.textContent())!;
  expect(readdirSync(lab.exportDir).map((f) => join(lab.exportDir, f))).toContain(path);
  return path;
}

test('measures a remote network of CLI nodes in the remote scope and exports its degree histogram and sequence', async ({ lab }) => {
  test.setTimeout(300_000); // 12 OS processes start one after another on a busy machine
  const { page } = lab;
  const PEERS = 10;
  tmp = mkdtempSync(join(tmpdir(), 'gossip-lab-remote-export-'));
  const seeds: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const port = await freePort(HOST);
    await startCli(['seed', '--host', HOST, '--port', String(port), '--log', join(tmp, `seed${i}.txt`)], /seed listening on/);
    seeds.push(`${HOST}:${port}`);
  }
  writeFileSync(join(tmp, 'config.txt'), seeds.join('\n') + '\n');
  for (let i = 1; i <= PEERS; i++) {
    await startCli(['peer', '--host', HOST, '--port', '0', '--config', join(tmp, 'config.txt'), '--gossip-count', '0', '--log', join(tmp, `peer${i}.txt`)], /joined/, 40_000);
  }
  const remotePeers = (await probeSeed(parseAddr(seeds[0]!), 3000)).map((p) => `${p.host}:${p.port}`).sort();
  expect(remotePeers).toHaveLength(PEERS);

  // connect to both seeds from the UI
  for (const seed of seeds) {
    await page.getByTestId('remote-seed').fill(seed);
    await page.getByTestId('connect-remote').click();
    await expect(page.getByTestId('notice').filter({ hasText: `connected to remote seed ${seed}` }).first()).toBeVisible();
  }
  await expect.poll(async () => (await graphNodes(page)).filter((n) => n.origin === 'remote').length, { timeout: 30_000 }).toBe(PEERS + 2);

  // the remote scope: the panel says so, and counts the 10 remote peers
  const scope = page.getByTestId('degree-scope');
  await page.getByTestId('degree-scope-remote').click();
  await expect(scope).toHaveAttribute('data-scope', 'remote');
  await expect(page.getByTestId('degree-scope-remote')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('fit-scope')).toHaveText('remote peers:');
  await expect(page.getByTestId('degree-histogram')).toHaveAttribute('data-total', String(PEERS));

  // every link the remote peers report is drawn; each peer's drawn degree is what their lists give it
  const expected = async (): Promise<Map<string, number>> => degreesOf(await remoteLinks(remotePeers), remotePeers);
  await expect
    .poll(
      async () => {
        const want = await expected();
        const drawn = new Map((await graphNodes(page)).filter((n) => n.role === 'peer').map((n) => [n.id, n.degree]));
        return remotePeers.filter((id) => drawn.get(id) !== want.get(id)).map((id) => `${id}: drawn ${drawn.get(id)}, reported ${want.get(id)}`);
      },
      { timeout: 30_000 },
    )
    .toEqual([]);

  // the fit of the remote degrees, labelled with the scope
  const fit = safeFit([...(await expected()).values()]);
  await expect(page.getByTestId('fit-summary')).toHaveText(`remote peers: ${fitSummary(fit)}`);

  // Export CSV: named for the scope; the scope line, the header, every remote peer with the degree the remote peers report
  const csvRows = async (): Promise<{ path: string; lines: string[]; rows: Map<string, number> }> => {
    const path = await exportThrough(lab, 'export-csv', /degree-sequence-remote-.*\.csv$/);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    return { path, lines, rows: new Map(lines.slice(2).map((l) => l.split(',')).map(([id, d]) => [id!, Number(d)])) };
  };
  let csv = await csvRows();
  // (exported again only if a link changed between the reading and the click)
  await expect
    .poll(async () => {
      const want = await expected();
      if (remotePeers.some((id) => csv.rows.get(id) !== want.get(id))) csv = await csvRows();
      return [...csv.rows].sort().map(([id, d]) => `${id},${d}`).join(' ') === [...want].sort().map(([id, d]) => `${id},${d}`).join(' ');
    }, { timeout: 30_000 })
    .toBe(true);
  expect(csv.lines[0]).toMatch(/^# scope: remote \(.*\): 10 peers; a degree counts every link, local or remote$/);
  expect(csv.lines[1]).toBe('peer,degree');
  expect([...csv.rows.keys()].sort()).toEqual(remotePeers);
  for (const r of csv.lines.slice(2)) expect(r).toMatch(/^127\.0\.0\.2:\d+,\d+$/);

  // gossip-lab fit reads the app's CSV, scope line and all
  const exportedFit = safeFit([...csv.rows.values()]);
  if (exportedFit !== null) {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'fit', csv.path, '--json'], { timeout: 60_000 });
    const report = JSON.parse(stdout) as { n: number; alpha: number; xmin: number };
    expect(report.n).toBe(PEERS);
    expect(report.alpha).toBeCloseTo(exportedFit.alpha, 6);
    expect(report.xmin).toBe(exportedFit.xmin);
  }

  // Export PNG: named for the scope, a 1200×800 picture with the bars drawn (not a blank canvas)
  const pngPath = await exportThrough(lab, 'export-png', /degree-histogram-remote-.*\.png$/);
  expect(statSync(pngPath).size).toBeGreaterThan(1000);
  const png = PNG.sync.read(readFileSync(pngPath));
  expect([png.width, png.height]).toEqual([1200, 800]);
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) colours.add((png.data[i]! << 24) | (png.data[i + 1]! << 16) | (png.data[i + 2]! << 8) | png.data[i + 3]!);
  expect(colours.size, 'distinct colours').toBeGreaterThanOrEqual(50);

  // the local scope has no peer here; both = the remote ones (nothing runs locally)
  await page.getByTestId('degree-scope-local').click();
  await expect(page.getByTestId('fit-scope')).toHaveText('local peers:');
  await expect(page.getByTestId('degree-histogram')).toContainText('no local peers yet');
  await page.getByTestId('degree-scope-both').click();
  await expect(page.getByTestId('fit-scope')).toHaveText('local + remote peers:');
  await expect(page.getByTestId('degree-histogram')).toHaveAttribute('data-total', String(PEERS));
});
