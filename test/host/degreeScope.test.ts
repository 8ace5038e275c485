/**
 * Degree measurement by scope (issue 11, item 3): a "remote" network of real seeds and peers on
 * another loopback address (127.0.0.2, its own NetworkHost), watched by a session whose own peers
 * run on 127.0.0.1 beside a local seed and join both networks. For each scope — local, remote,
 * both — the degree report counts exactly that scope's running peers, each with every link it
 * has (local or remote, as the real nodes' neighbour lists say); the CSV export has the same rows,
 * names the scope in its file name and first line, and `gossip-lab fit` reads it to the same fit.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { runFit } from '../../src/cli/commands/fit';
import { parseDegreeInput } from '../../src/core/analysis/input';
import { NetworkHost } from '../../src/core/runtime/network';
import { LabSession } from '../../src/host/session';
import type { DegreeScope } from '../../src/shared/types';
import { Mirror, allLinks, localNet, sameSet, waitFor } from './helpers';

const REMOTE_HOST = '127.0.0.2';
const REMOTE_PEERS = 8;
const LOCAL_PEERS = 4;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Each peer's degree in a set of `a b` link keys. */
function degreesOf(links: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of links) for (const id of k.split(' ')) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

/**
 * Two remote seeds and {@link REMOTE_PEERS} peers on 127.0.0.2; a session (nodes in its own
 * process) with a local seed, watching both remote seeds, whose {@link LOCAL_PEERS} peers join.
 * Resolves once the session draws every link the real nodes have.
 */
async function mixedNetwork() {
  const dir = await mkdtemp(join(tmpdir(), 'gossip-lab-degree-scope-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const elsewhere = new NetworkHost({ host: REMOTE_HOST, randomSeed: 31, timing: { gossipCount: 0 } });
  cleanups.push(() => elsewhere.stopAll());
  const remoteSeeds = [await elsewhere.addSeed(), await elsewhere.addSeed()];
  await elsewhere.addPeers(REMOTE_PEERS);

  const session = new LabSession({ shards: 0, network: { randomSeed: 32 }, observerIntervalMs: 50, observerTimeoutMs: 2000, saveTarget: { choosePath: async (name) => join(dir, name) } });
  cleanups.push(() => session.close());
  const mirror = new Mirror();
  session.onBatch(mirror.apply);
  await session.execute('setTiming', { gossipCount: 0 });
  expect((await session.execute('addSeed', {})).ok).toBe(true);
  for (const address of remoteSeeds) expect((await session.execute('connectRemoteSeed', { address })).ok).toBe(true);
  const added = await session.execute('addPeers', { count: LOCAL_PEERS });
  if (!added.ok) throw new Error(added.error);
  expect(added.result.ids).toHaveLength(LOCAL_PEERS);

  const local = added.result.ids;
  const remote = elsewhere.peers().map((p) => p.id);
  /** Every link the real peers have, among themselves and across the two hosts. */
  const realLinks = (): string[] => allLinks(elsewhere, localNet(session));
  await waitFor('every real link drawn', () => sameSet(mirror.links, realLinks()), { timeoutMs: 30_000, describe: () => `${mirror.links.size} drawn vs ${realLinks().length} real` });
  return { dir, session, mirror, local, remote, realLinks };
}

describe('degree scope', () => {
  it('measures local, remote or both, each peer with every link it has, and exports that scope', async () => {
    const { dir, session, mirror, local, remote, realLinks } = await mixedNetwork();
    // the case that matters: links across the two networks exist
    const across = (): string[] => realLinks().filter((k) => k.split(' ').filter((id) => local.includes(id)).length === 1);
    expect(across().length, 'links between local and remote peers').toBeGreaterThan(0);

    // the default is every live peer drawn
    expect(session.snapshot().report.scope).toBe('both');

    const members: Record<DegreeScope, string[]> = { local, remote, both: [...local, ...remote] };
    const fits: string[] = [];
    for (const scope of ['remote', 'local', 'both'] as const) {
      expect(await session.execute('setDegreeScope', { scope })).toEqual({ ok: true, result: { scope } });
      const ids = members[scope];
      // the degrees event of this scope: one degree per peer of the scope, each counting every real link
      const expected = (): number[] => {
        const d = degreesOf(realLinks());
        return ids.map((id) => d.get(id) ?? 0).sort((a, b) => a - b);
      };
      await waitFor(`a degrees event of scope ${scope} with every real link`, () => {
        const last = mirror.ofKind('degrees').at(-1);
        return last?.report.scope === scope && [...last.report.degrees].sort((a, b) => a - b).join() === expected().join();
      }, { timeoutMs: 20_000, describe: () => JSON.stringify(mirror.ofKind('degrees').at(-1)?.report.degrees) + ' vs ' + JSON.stringify(expected()) });
      const report = session.snapshot().report;
      expect(report.scope).toBe(scope);
      expect(report.degrees).toHaveLength(ids.length);

      // the CSV: the scope in its name and its first line, then exactly the scope's peers with the drawn (= real) degrees
      const csv = await session.execute('exportDegrees', { format: 'csv' });
      expect(csv).toEqual({ ok: true, result: { canceled: false, path: join(dir, `degree-sequence-${scope}.csv`) } });
      const text = await readFile(join(dir, `degree-sequence-${scope}.csv`), 'utf8');
      const [comment, header, ...rows] = text.trimEnd().split('\n');
      expect(comment).toMatch(new RegExp(`^# scope: ${scope} \\(.*\\): ${ids.length} peers; a degree counts every link, local or remote$`));
      expect(header).toBe('peer,degree');
      const exported = new Map(rows.map((r) => r.split(',')).map(([id, d]) => [id!, Number(d)]));
      expect([...exported.keys()].sort()).toEqual([...ids].sort());
      const real = degreesOf(realLinks());
      const drawn = session.snapshot();
      for (const [id, d] of exported) {
        expect(d, id).toBe(drawn.nodes.find((n) => n.id === id)?.degree);
        expect(d, id).toBe(drawn.links.filter(([a, b]) => a === id || b === id).length);
        expect(d, id).toBe(real.get(id) ?? 0);
      }
      // gossip-lab fit reads it: the same degrees, and the same fit as the panel's
      expect(parseDegreeInput(text, 'x.csv').sort((a, b) => a - b)).toEqual([...exported.values()].sort((a, b) => a - b));
      expect([...report.degrees].sort().join()).toBe([...exported.values()].sort().join()); // a quiet network: nothing changed meanwhile
      if (report.fit === null) await expect(runFit(join(dir, `degree-sequence-${scope}.csv`))).rejects.toThrow(/fewer than two distinct positive degrees/);
      else expect((await runFit(join(dir, `degree-sequence-${scope}.csv`))).alpha).toBeCloseTo(report.fit.alpha, 9);
      fits.push(report.fit === null ? `${scope}: none` : `${scope}: α ${report.fit.alpha.toFixed(2)} (n ${report.fit.n})`);
    }
    // at 12 peers at least the whole network has a fit
    expect(fits.some((f) => f.startsWith('both: α')), fits.join('; ')).toBe(true);
    // remote peers are counted with their links to local peers too
    const remoteWithLocalLink = remote.filter((id) => across().some((k) => k.split(' ').includes(id)));
    expect(remoteWithLocalLink.length).toBeGreaterThan(0);
  });

  it('exports the scope asked for, names it in the PNG file name, and refuses an unknown scope', async () => {
    const { dir, session, remote } = await mixedNetwork();
    expect(session.snapshot().report.scope).toBe('both');
    // an export may name its scope (the one the renderer drew), whatever the session's is now
    const csv = await session.execute('exportDegrees', { format: 'csv', scope: 'remote' });
    expect(csv).toEqual({ ok: true, result: { canceled: false, path: join(dir, 'degree-sequence-remote.csv') } });
    const rows = (await readFile(join(dir, 'degree-sequence-remote.csv'), 'utf8')).trimEnd().split('\n').slice(2);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual([...remote].sort());

    const image = new PNG({ width: 4, height: 4 });
    image.data.fill(200);
    const png = await session.execute('exportDegrees', { format: 'png', png: PNG.sync.write(image).toString('base64'), scope: 'local' });
    expect(png).toEqual({ ok: true, result: { canceled: false, path: join(dir, 'degree-histogram-local.png') } });
    expect(PNG.sync.read(await readFile(join(dir, 'degree-histogram-local.png'))).width).toBe(4);

    expect(await session.execute('setDegreeScope', { scope: 'everything' })).toEqual({ ok: false, error: 'the degree scope must be local, remote or both' });
    expect(await session.execute('exportDegrees', { format: 'csv', scope: 'elsewhere' })).toEqual({ ok: false, error: 'the degree scope must be local, remote or both' });
    expect(session.snapshot().report.scope).toBe('both');
  });
});
