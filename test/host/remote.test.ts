/** Watching a network that runs "elsewhere" (another NetworkHost) through its seed. */
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../src/core/runtime/network';
import { LabSession } from '../../src/host/session';
import { Mirror, allLinks, linkKeys, sameSet, waitFor, localNet } from './helpers';
import { freePort } from '../helpers/ports';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('remote seeds', () => {
  it('says clearly when no seed answers', async () => {
    const session = new LabSession({ shards: 0 });
    cleanups.push(() => session.close());
    const port = await freePort();
    const r = await session.execute('connectRemoteSeed', { address: `127.0.0.1:${port}` });
    expect(r).toEqual({ ok: false, error: `nothing listens at 127.0.0.1:${port}: the connection was refused (is the seed running, and is the port right?)` });
    expect(session.snapshot().remoteSeeds).toEqual([]);
  });

  it('says clearly when the address is a peer, not a seed', async () => {
    const elsewhere = new NetworkHost({ randomSeed: 2 });
    cleanups.push(() => elsewhere.stopAll());
    await elsewhere.addSeed();
    const [peer] = await elsewhere.addPeers(1, { autoGossip: false });
    const session = new LabSession({ shards: 0 });
    cleanups.push(() => session.close());
    const r = await session.execute('connectRemoteSeed', { address: peer! });
    expect(r.ok).toBe(false);
    expect(r).toEqual({ ok: false, error: `${peer!} is a Gossip Lab node but not a seed (a peer, probably): connect to a seed's address` });
  });

  it('draws the remote network, and new local peers join it', async () => {
    const elsewhere = new NetworkHost({ randomSeed: 11, timing: { gossipCount: 0 } });
    cleanups.push(() => elsewhere.stopAll());
    const remoteSeed = await elsewhere.addSeed();
    await elsewhere.addPeers(6);

    const session = new LabSession({ shards: 0, network: { randomSeed: 12 }, observerIntervalMs: 50, observerTimeoutMs: 1000 });
    cleanups.push(() => session.close());
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await session.execute('setTiming', { gossipCount: 0 });

    const r = await session.execute('connectRemoteSeed', { address: remoteSeed });
    expect(r).toEqual({ ok: true, result: { seed: remoteSeed, peers: 6 } });
    const remoteIds = [remoteSeed, ...elsewhere.peers().map((p) => p.id)];
    await waitFor('the remote network in the mirror', () => sameSet(mirror.nodes.keys(), remoteIds) && sameSet(mirror.links, linkKeys(elsewhere.links())), {
      describe: () => `${mirror.nodes.size} nodes, ${mirror.links.size} links`,
    });
    for (const n of mirror.nodes.values()) expect(n.origin).toBe('remote');
    expect(mirror.nodes.get(remoteSeed)?.role).toBe('seed');
    expect(session.snapshot().remoteSeeds).toEqual([{ id: remoteSeed, answering: true, error: null }]);
    expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(false);

    // remote nodes can be inspected but not stopped
    const someRemote = elsewhere.peers()[2]!.id;
    const kill = await session.execute('killNode', { id: someRemote });
    expect(kill).toEqual({ ok: false, error: `cannot kill ${someRemote}: it runs elsewhere; only nodes started here can be killed` });
    await waitFor('the remote peer answered a neighbours query', async () => {
      const d = await session.execute('inspectNode', { id: someRemote });
      return d.ok && sameSet(d.result.neighbours, elsewhere.peers()[2]!.neighbours()) && d.result.seeds.includes(remoteSeed);
    });

    // peers started from now on join the remote network (its seed is their only seed)
    const added = await session.execute('addPeers', { count: 3 });
    if (!added.ok) throw new Error(added.error);
    expect(added.result.ids).toHaveLength(3);
    const remotePeers = new Set(elsewhere.peers().map((p) => p.id));
    for (const id of added.result.ids) {
      const p = localNet(session).peers().find((x) => x.id === id)!;
      expect(p.neighbours().some((n) => remotePeers.has(n))).toBe(true);
    }
    await waitFor('local and remote links in the mirror', () => sameSet(mirror.links, allLinks(elsewhere, localNet(session))), {
      describe: () => `${mirror.links.size} vs ${allLinks(elsewhere, localNet(session)).length}`,
    });
    for (const id of added.result.ids) expect(mirror.nodes.get(id)?.origin).toBe('local');
    expect(elsewhere.seeds()[0]!.peers()).toHaveLength(9);

    // a remote peer that leaves disappears from the drawing
    const leaving = elsewhere.peers()[0]!.id;
    await elsewhere.stopNode(leaving);
    await waitFor('the departed remote peer to be removed', () => !mirror.nodes.has(leaving) && sameSet(mirror.links, allLinks(elsewhere, localNet(session))));
    expect(mirror.ofKind('node-removed').map((e) => e.id)).toContain(leaving);
  });

  it('reports a remote seed that stops answering once, as a status on its entry, without crashing', async () => {
    const elsewhere = new NetworkHost();
    const remoteSeed = await elsewhere.addSeed();
    // a notice cooldown shorter than a round: a notice per round would show up here
    const session = new LabSession({ shards: 0, observerIntervalMs: 30, observerTimeoutMs: 500, noticeCooldownMs: 5 });
    cleanups.push(() => session.close());
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(true);
    await elsewhere.stopAll();
    await waitFor('the seed drawn down', () => mirror.nodes.get(remoteSeed)?.life === 'down');
    const notices = mirror.ofKind('notice').filter((n) => n.level === 'error');
    expect(notices[0]?.text).toBe(`remote seed ${remoteSeed} does not answer: nothing listens at ${remoteSeed}: the connection was refused (is the seed running, and is the port right?)`);
    // once: the status stays on the seed's entry; rounds every 30 ms add no notice
    await new Promise((r) => setTimeout(r, 300));
    expect(mirror.ofKind('notice').filter((n) => n.level === 'error')).toHaveLength(1);
    const statuses = mirror.ofKind('remote-seed').map((e) => e.seed);
    expect(statuses[0]).toEqual({ id: remoteSeed, answering: true, error: null });
    expect(statuses.filter((s) => !s.answering)).toHaveLength(1);
    const [state] = session.snapshot().remoteSeeds;
    expect(state?.answering).toBe(false);
    expect(state?.error).toMatch(/^nothing listens at /);
    expect((await session.execute('snapshot', {})).ok).toBe(true);
    // a peer that cannot reach its only seed: the command says so, and so does a notice
    const added = await session.execute('addPeers', { count: 1 });
    expect(added).toEqual({ ok: true, result: { ids: [], failed: 1 } });
    await waitFor('a join-failed notice', () => mirror.ofKind('notice').some((n) => /could not join: could not register with a majority of seeds/.test(n.text)));
    expect(session.snapshot().nodes.filter((n) => n.origin === 'local')).toEqual([]);
  });

  it('disconnects a remote seed: it is no longer watched and its nodes leave the drawing', async () => {
    const elsewhere = new NetworkHost({ randomSeed: 31, timing: { gossipCount: 0 } });
    cleanups.push(() => elsewhere.stopAll());
    const remoteSeed = await elsewhere.addSeed();
    await elsewhere.addPeers(4);
    const session = new LabSession({ shards: 0, observerIntervalMs: 30, observerTimeoutMs: 500 });
    cleanups.push(() => session.close());
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    expect((await session.execute('disconnectRemoteSeed', { address: remoteSeed })).ok).toBe(false); // not connected yet
    expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(true);
    await waitFor('the remote network in the mirror', () => mirror.nodes.size === 5 && mirror.links.size === linkKeys(elsewhere.links()).length);

    const r = await session.execute('disconnectRemoteSeed', { address: remoteSeed });
    expect(r).toEqual({ ok: true, result: { seed: remoteSeed, forgotten: 5 } });
    await waitFor('the remote nodes gone from the mirror', () => mirror.nodes.size === 0 && mirror.links.size === 0);
    expect(mirror.ofKind('remote-seed-removed').map((e) => e.id)).toEqual([remoteSeed]);
    expect(session.snapshot().remoteSeeds).toEqual([]);
    expect(session.snapshot().nodes).toEqual([]);
    // a peer started now registers with the local seed only, not with the disconnected one
    const listedThere = elsewhere.seeds()[0]!.peers().length;
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    expect(await session.execute('addPeers', { count: 1 })).toMatchObject({ ok: true, result: { failed: 0 } });
    expect(elsewhere.seeds()[0]!.peers().length).toBe(listedThere);
    await session.execute('stopAll', {});
    // no longer watched: later rounds bring nothing back, and stopping the seed raises no notice
    await elsewhere.stopAll();
    await new Promise((r) => setTimeout(r, 200));
    expect(mirror.nodes.size).toBe(0);
    expect(mirror.ofKind('notice').filter((n) => n.level === 'error')).toEqual([]);
    expect((await session.execute('disconnectRemoteSeed', { address: remoteSeed })).ok).toBe(false);
    expect(await session.execute('disconnectRemoteSeed', { address: 'not an address' })).toMatchObject({ ok: false });
    // it can be connected again once it runs again — here it does not, and the probe says so
    expect((await session.execute('connectRemoteSeed', { address: remoteSeed })).ok).toBe(false);
  });
});
