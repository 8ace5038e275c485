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
import { Mirror, allLinks, localNet, sameSet, waitFor } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A remote network (a seed and 6 peers in another NetworkHost), a session watching it whose 5
 * local peers join it, and where its CSV export lands.
 */
async function remoteWithLocalPeers(remoteSeedNumber: number, sessionOptions: ConstructorParameters<typeof LabSession>[0]) {
  const dir = await mkdtemp(join(tmpdir(), 'gossip-lab-export-remote-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const elsewhere = new NetworkHost({ randomSeed: remoteSeedNumber, timing: { gossipCount: 0 } });
  cleanups.push(() => elsewhere.stopAll());
  const remoteSeed = await elsewhere.addSeed();
  await elsewhere.addPeers(6);
  const session = new LabSession({ ...sessionOptions, observerIntervalMs: 50, observerTimeoutMs: 1000, saveTarget: { choosePath: async (name) => join(dir, name) } });
  cleanups.push(() => session.close());
  const mirror = new Mirror();
  session.onBatch(mirror.apply);
  await session.execute('setTiming', { gossipCount: 0 });
  // the local peers' degrees only (the panel and the exports measure both scopes by default)
  expect((await session.execute('setDegreeScope', { scope: 'local' })).ok).toBe(true);
  expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(true);
  const added = await session.execute('addPeers', { count: 5 });
  if (!added.ok) throw new Error(added.error);
  /** The exported CSV's rows as [peer, degree] (after its `# scope: local` line and its header). */
  const exportRows = async (): Promise<Array<[string, number]>> => {
    expect((await session.execute('exportDegrees', { format: 'csv' })).ok).toBe(true);
    const text = await readFile(join(dir, 'degree-sequence-local.csv'), 'utf8');
    const [scopeLine, header, ...rows] = text.trim().split('\n');
    expect(scopeLine).toMatch(/^# scope: local /);
    expect(header).toBe('peer,degree');
    return rows.map((l) => l.split(',')).map(([id, d]) => [id!, Number(d)]);
  };
  return { elsewhere, session, mirror, local: added.result.ids, exportRows };
}

describe('degree export with a remote network', () => {
  it("counts links to remote peers, as the graph draws them", async () => {
    const { elsewhere, session, mirror, local, exportRows } = await remoteWithLocalPeers(21, { shards: 0, network: { randomSeed: 22, timing: { gossipCount: 0 } } });
    expect(local).toHaveLength(5);
    await waitFor('every link in the mirror', () => sameSet(mirror.links, allLinks(elsewhere, localNet(session))), {
      describe: () => `${mirror.links.size} vs ${allLinks(elsewhere, localNet(session)).length}`,
    });
    const drawnDegree = (id: string): number => [...mirror.links].filter((k) => k.split(' ').includes(id)).length;
    // the local peers do have links to remote peers: the case the export got wrong
    const remotePeers = new Set(elsewhere.peers().map((p) => p.id));
    expect(local.some((id) => localNet(session).peers().find((p) => p.id === id)!.neighbours().some((n) => remotePeers.has(n)))).toBe(true);

    const rows = await exportRows();
    const exported = new Map(rows);
    for (const id of local) {
      expect(exported.get(id), id).toBe(drawnDegree(id));
      expect(exported.get(id), id).toBe(mirror.nodes.get(id)?.degree);
    }
    // the degree panel's report counts them too, once it is refreshed
    await waitFor('the degrees event with every link', () => {
      const last = mirror.ofKind('degrees').at(-1);
      return last !== undefined && [...last.report.degrees].sort().join() === rows.map(([, d]) => d).sort().join();
    });
  });
});

describe('degree export with a remote network, nodes in a shard process', () => {
  it('counts links to remote peers, as the snapshot draws them', async () => {
    const { session, mirror, local: ids, exportRows } = await remoteWithLocalPeers(23, { shards: 1 });
    const local = new Set(ids);
    const mixed = (): number => [...mirror.links].filter((k) => k.split(' ').filter((id) => local.has(id)).length === 1).length;
    await waitFor('links between local and remote peers in the mirror', () => mixed() > 0);

    const rows = await exportRows();
    const snap = session.snapshot();
    for (const [id, d] of rows) {
      expect(d, id).toBe(snap.links.filter(([a, b]) => a === id || b === id).length);
      expect(d, id).toBe(snap.nodes.find((n) => n.id === id)?.degree);
    }
    expect(rows.map(([id]) => id).sort()).toEqual([...local].sort());
  });
});
