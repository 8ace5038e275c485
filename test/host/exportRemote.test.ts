/**
 * The degree CSV of local peers that joined a remote network counts every link they have — to
 * local and to remote peers — and equals the degrees the graph draws (issue 11).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../src/core/runtime/network';
import { LabSession } from '../../src/host/session';
import { Mirror, localNet, sameSet, waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Every link among running peers of both hosts, as `a b` keys. */
function allLinks(...hosts: NetworkHost[]): string[] {
  const running = new Set(hosts.flatMap((h) => h.peers().map((p) => p.id)));
  const out = new Set<string>();
  for (const h of hosts) for (const p of h.peers()) for (const n of p.neighbours()) if (running.has(n)) out.add(p.id < n ? `${p.id} ${n}` : `${n} ${p.id}`);
  return [...out];
}

describe('degree export with a remote network', () => {
  it("counts links to remote peers, as the graph draws them", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gossip-lab-export-remote-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const elsewhere = new NetworkHost({ randomSeed: 21, timing: { gossipCount: 0 } });
    cleanups.push(() => elsewhere.stopAll());
    const remoteSeed = await elsewhere.addSeed();
    await elsewhere.addPeers(6);

    const session = new LabSession({
      shards: 0,
      network: { randomSeed: 22, timing: { gossipCount: 0 } },
      observerIntervalMs: 50,
      observerTimeoutMs: 1000,
      saveTarget: { choosePath: async (name) => join(dir, name) },
    });
    cleanups.push(() => session.close());
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await session.execute('setTiming', { gossipCount: 0 });
    expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(true);
    const added = await session.execute('addPeers', { count: 5 });
    if (!added.ok) throw new Error(added.error);
    const local = added.result.ids;
    expect(local).toHaveLength(5);
    await waitFor('every link in the mirror', () => sameSet(mirror.links, allLinks(elsewhere, localNet(session))), {
      describe: () => `${mirror.links.size} vs ${allLinks(elsewhere, localNet(session)).length}`,
    });
    const drawnDegree = (id: string): number => [...mirror.links].filter((k) => k.split(' ').includes(id)).length;
    // the local peers do have links to remote peers: the case the export got wrong
    const remotePeers = new Set(elsewhere.peers().map((p) => p.id));
    expect(local.some((id) => localNet(session).peers().find((p) => p.id === id)!.neighbours().some((n) => remotePeers.has(n)))).toBe(true);

    const r = await session.execute('exportDegrees', { format: 'csv' });
    expect(r.ok).toBe(true);
    const rows = (await readFile(join(dir, 'degree-sequence.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const exported = new Map(rows.map(([id, d]) => [id!, Number(d)]));
    for (const id of local) {
      expect(exported.get(id), id).toBe(drawnDegree(id));
      expect(exported.get(id), id).toBe(mirror.nodes.get(id)?.degree);
    }
    // the degree panel's report counts them too, once it is refreshed
    await waitFor('the degrees event with every link', () => {
      const last = mirror.ofKind('degrees').at(-1);
      return last !== undefined && [...last.report.degrees].sort().join() === [...rows.map(([, d]) => Number(d))].sort().join();
    });
  });
});

describe('degree export with a remote network, nodes in a shard process', () => {
  it('counts links to remote peers, as the snapshot draws them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gossip-lab-export-remote-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const elsewhere = new NetworkHost({ randomSeed: 23, timing: { gossipCount: 0 } });
    cleanups.push(() => elsewhere.stopAll());
    const remoteSeed = await elsewhere.addSeed();
    await elsewhere.addPeers(6);
    const session = new LabSession({ shards: 1, observerIntervalMs: 50, observerTimeoutMs: 1000, saveTarget: { choosePath: async (name) => join(dir, name) } });
    cleanups.push(() => session.close());
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await session.execute('setTiming', { gossipCount: 0 });
    expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(true);
    const added = await session.execute('addPeers', { count: 5 });
    if (!added.ok) throw new Error(added.error);
    const local = new Set(added.result.ids);
    const mixed = (): number => [...mirror.links].filter((k) => k.split(' ').filter((id) => local.has(id)).length === 1).length;
    await waitFor('links between local and remote peers in the mirror', () => mixed() > 0);

    expect((await session.execute('exportDegrees', { format: 'csv' })).ok).toBe(true);
    const snap = session.snapshot();
    const rows = (await readFile(join(dir, 'degree-sequence.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    for (const [id, d] of rows) {
      expect(Number(d), id).toBe(snap.links.filter(([a, b]) => a === id || b === id).length);
      expect(Number(d), id).toBe(snap.nodes.find((n) => n.id === id)?.degree);
    }
    expect(rows.map(([id]) => id).sort()).toEqual([...local].sort());
  });
});
