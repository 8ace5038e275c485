/**
 * LabSession over a sharded runtime: the nodes in 2 real shard processes (forked from the sources
 * with the tsx loader, as the web harness does), real TCP between them. Spawning, gossip reaching
 * every peer with exact counts though the shards forward only a sample of receipts, a kill
 * detected across shards, a shard crash shown as crashed nodes and a notice while the rest goes
 * on, the shards setting, and faults, pauses and the detector setting reaching every shard.
 */
import { describe, expect, it } from 'vitest';
import { linksOf } from '../../src/core/runtime/runtime';
import { ShardedNetwork } from '../../src/core/runtime/shard/shardedNetwork';
import type { LabSession } from '../../src/host/session';
import { MAX_SHARDS } from '../../src/shared/types';
import { Mirror, linkKeys, sameSet, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();
const GOSSIP = { livenessIntervalMs: 2000, livenessMisses: 3, gossipIntervalMs: 200, gossipCount: 3 };
const FAST = { livenessIntervalMs: 150, livenessMisses: 3, gossipCount: 0 };

function ok<T>(reply: { ok: true; result: T } | { ok: false; error: string }): T {
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

async function startNetwork(session: LabSession, seeds: number, peers: number): Promise<string[]> {
  for (let i = 0; i < seeds; i++) ok(await session.execute('addSeed', {}));
  const r = ok(await session.execute('addPeers', { count: peers }));
  expect(r.failed).toBe(0);
  return r.ids;
}

function sharded(session: LabSession): ShardedNetwork {
  const rt = session.runtime;
  if (!(rt instanceof ShardedNetwork)) throw new Error('not a sharded runtime');
  return rt;
}

describe('LabSession with shards', { timeout: 60_000 }, () => {
  it('runs the nodes in 2 shard processes, draws what they run, and counts every receipt of every message', async () => {
    const session = newSession({ shards: 2, receiptSample: 2, network: { randomSeed: 9 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    expect(session.snapshot().runtime).toMatchObject({ shards: 2, active: null, running: 0 });
    ok(await session.execute('setTiming', GOSSIP));
    const ids = await startNetwork(session, 2, 8);
    const net = sharded(session);
    expect(net.pids).not.toContain(process.pid);
    expect(new Set(ids.map((id) => net.shardOf(id)))).toEqual(new Set([0, 1]));
    expect(session.snapshot().runtime).toMatchObject({ shards: 2, active: 2, running: 2, crashed: 0 });
    await waitFor('a runtime event', () => mirror.ofKind('runtime').some((e) => e.runtime.active === 2));

    // the model is what the shards run: nodes and links (some between shards)
    const nodes = await net.nodes();
    const links = linkKeys(linksOf(nodes));
    expect(links.some((l) => { const [a, b] = l.split(' '); return net.shardOf(a!) !== net.shardOf(b!); })).toBe(true);
    await waitFor('the mirror to match the shards', () => sameSet(mirror.nodes.keys(), nodes.map((n) => n.id)) && sameSet(mirror.links, links), {
      describe: () => `${mirror.links.size} links drawn, ${links.length} run`,
    });
    // degrees come from the model: one per running local peer
    await waitFor('degrees of the 8 peers', () => session.snapshot().report.degrees.length === 8);

    // gossip: 24 messages; each shard forwards 2 receipts a batch and counts the rest, yet every
    // message's count is what the peers hold (peers that joined late miss the first messages)
    await waitFor('24 messages', () => session.snapshot().messages.length === 24, { timeoutMs: 20_000 });
    await net.quiet(500, 15_000);
    const summary = await net.summary();
    const held = summary.coverage.map((c) => Math.round(c * 8)).sort((a, b) => a - b);
    await waitFor('every count exact', () => JSON.stringify(session.snapshot().messages.map((m) => m.reached).sort((a, b) => a - b)) === JSON.stringify(held), {
      describe: () => `${JSON.stringify(session.snapshot().messages.map((m) => m.reached).sort((a, b) => a - b))} vs ${JSON.stringify(held)}`,
    });
    expect(held.filter((n) => n === 8).length).toBeGreaterThan(0);
    const spreads = await Promise.all(session.snapshot().messages.map(async (m) => ok(await session.execute('messageSpread', { id: m.id })).receipts.length));
    expect(spreads.every((n) => n <= 7)).toBe(true);
    expect(spreads.reduce((a, b) => a + b, 0)).toBeLessThan(held.reduce((a, b) => a + b - 1, 0)); // sampled: fewer details than receipts
    expect(net.receiptsNotForwarded).toBeGreaterThan(0);
    // every message's text is known, wherever its origin runs
    expect(session.snapshot().messages.every((m) => m.text !== '')).toBe(true);

    // the inspector asks the node's own shard
    const peer = ids.find((id) => net.shardOf(id) === 1)!;
    const details = ok(await session.execute('inspectNode', { id: peer }));
    expect(details.messagesSeen).toBe((await net.nodes()).find((n) => n.id === peer)!.messages);
    expect(details.seeds).toHaveLength(2);
    expect(details.neighbours.length).toBeGreaterThan(0);
    expect(Object.keys(details.livenessMisses).sort()).toEqual([...details.neighbours].sort());

    // the load reading says how late the network runs
    await waitFor('a load reading with the network lateness', () => mirror.ofKind('load').some((e) => typeof e.load.networkLateMs === 'number'), { timeoutMs: 5000 });
  });

  it('shows a peer killed in one shard down, then dead once its neighbours in the other report it, then removes it', async () => {
    const session = newSession({ shards: 2, network: { randomSeed: 3 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    ok(await session.execute('setTiming', FAST));
    await startNetwork(session, 2, 8);
    const net = sharded(session);
    const nodes = await net.nodes();
    const listers = (id: string) => nodes.filter((n) => n.role === 'peer' && n.neighbours.includes(id));
    // a peer listed by a neighbour in the other shard
    const victim = nodes.find((n) => n.role === 'peer' && listers(n.id).some((l) => net.shardOf(l.id) !== net.shardOf(n.id)))!;
    expect(victim).toBeDefined();
    await waitFor('the victim drawn', () => mirror.nodes.get(victim.id)?.life === 'up');
    const from = mirror.events.length;
    expect(await session.execute('killNode', { id: victim.id })).toEqual({ ok: true, result: { id: victim.id } });
    await waitFor('node-removed', () => mirror.events.slice(from).some((e) => e.kind === 'node-removed' && e.id === victim.id), { timeoutMs: 20_000 });
    const lives = mirror.events
      .slice(from)
      .filter((e) => (e.kind === 'node' && e.node.id === victim.id) || (e.kind === 'node-removed' && e.id === victim.id))
      .map((e) => (e.kind === 'node' ? e.node.life : 'removed'));
    // an update of the victim from before the kill (its degree, from a shard) may land in a batch
    // after `from` on a busy machine: what counts is what follows it
    while (lives[0] === 'up') lives.shift();
    expect(lives.filter((l, i) => l !== lives[i - 1])).toEqual(['down', 'dead', 'removed']);
    // a neighbour announces its report once its seeds have answered it, so that event may come a
    // moment after the removal (later still on a busy machine): wait for it
    await waitFor('the dead report', () => mirror.ofKind('dead-reported').some((e) => e.dead === victim.id));
    // the other commands answer as in process
    expect(await session.execute('killNode', { id: victim.id })).toEqual({ ok: false, error: `cannot kill ${victim.id}: it is not running` });
    expect(await session.execute('stopNode', { id: '1.2.3.4:5' })).toEqual({ ok: false, error: 'no node 1.2.3.4:5 in this network' });
  });

  it('shows the nodes of a crashed shard as crashed with a notice, and the rest goes on', async () => {
    const session = newSession({ shards: 2, network: { randomSeed: 4, timing: { gossipCount: 0, livenessIntervalMs: 60_000 } } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    const ids = await startNetwork(session, 2, 6);
    const net = sharded(session);
    const inShard1 = (await net.nodes()).map((n) => n.id).filter((id) => net.shardOf(id) === 1);
    expect(inShard1.length).toBeGreaterThan(0);
    await waitFor('every node drawn up', () => [...ids, ...inShard1].every((id) => mirror.nodes.get(id)?.life === 'up'));
    process.kill(net.pids[1]!, 'SIGKILL');
    const notice = await waitFor('the crash notice', () => mirror.ofKind('notice').find((n) => n.text.startsWith('shard 2 crashed')));
    expect(notice.level).toBe('error');
    expect(notice.text).toBe(`shard 2 crashed (SIGKILL): its ${inShard1.length} nodes are shown as crashed; the other shards go on`);
    await waitFor('its nodes drawn down', () => inShard1.every((id) => mirror.nodes.get(id)?.life === 'down'));
    expect(session.snapshot().runtime).toMatchObject({ active: 2, running: 1, crashed: 1 });
    expect(await session.execute('killNode', { id: inShard1[0]! })).toEqual({ ok: false, error: `cannot kill ${inShard1[0]}: its shard crashed` });
    const details = ok(await session.execute('inspectNode', { id: inShard1[0]! }));
    expect(details.life).toBe('down');
    // shard 1 still serves: new peers join (registering with the seed that is left)
    const more = ok(await session.execute('addPeers', { count: 2 }));
    expect(more.ids).toHaveLength(2);
    expect(more.ids.every((id) => net.shardOf(id) === 0)).toBe(true);
    // Stop all: the crashed shard's nodes leave the picture, and the next network has every shard again
    ok(await session.execute('stopAll', {}));
    await waitFor('an empty picture', () => mirror.nodes.size === 0 && session.snapshot().nodes.length === 0);
    expect(session.runtime).toBeUndefined();
    ok(await session.execute('addSeed', {}));
    expect(session.snapshot().runtime).toMatchObject({ active: 2, running: 2, crashed: 0 });
  });

  it('validates the shards setting and applies it when the network is empty', async () => {
    const session = newSession({ shards: 2, network: { timing: { gossipCount: 0 } } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    for (const [args, error] of [
      [{ shards: -1 }, /shards must be at least 0/],
      [{ shards: MAX_SHARDS + 1 }, new RegExp(`shards must be at most ${MAX_SHARDS}`)],
      [{ shards: 1.5 }, /shards must be a whole number/],
      [{ shards: 'two' }, /shards must be a number/],
      [{}, /shards must be a number/],
    ] as const) {
      const r = await session.execute('setShards', args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    }
    await startNetwork(session, 1, 2);
    // nodes run: the new setting waits for the next network
    expect(ok(await session.execute('setShards', { shards: 1 }))).toMatchObject({ shards: 1, active: 2, running: 2 });
    await waitFor('the notice', () => mirror.ofKind('notice').some((n) => /^1 shard from the next network: stop all local nodes to apply it/.test(n.text)));
    ok(await session.execute('stopAll', {}));
    expect(session.snapshot().runtime).toMatchObject({ shards: 1, active: null });
    await startNetwork(session, 1, 2);
    expect(sharded(session).shardCount).toBe(1);
    // an empty network takes the setting at once: 0 runs the nodes in this process
    ok(await session.execute('stopAll', {}));
    expect(ok(await session.execute('setShards', { shards: 0 }))).toMatchObject({ shards: 0, active: null });
    await startNetwork(session, 1, 2);
    expect(session.runtime?.shardCount).toBe(0);
    expect(session.snapshot().runtime).toMatchObject({ shards: 0, active: 0, running: 0 });
  });
  it('gives the injected faults and pauses to every shard, and new peers the chosen detector', async () => {
    const session = newSession({ shards: 2, network: { randomSeed: 5 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    ok(await session.execute('setTiming', { livenessIntervalMs: 300, livenessMisses: 3, gossipCount: 0 }));
    ok(await session.execute('setDetector', { detector: 'swim' }));
    const ids = await startNetwork(session, 1, 6);
    const net = sharded(session);
    for (const id of ids) expect(ok(await session.execute('inspectNode', { id })).detector).toBe('swim');

    // every frame lost: the swim peers of both shards come to suspect their neighbours
    ok(await session.execute('setFaults', { scope: 'network', fault: { loss: 1 } }));
    await waitFor('suspicions raised in both shards', () => new Set(mirror.ofKind('suspect').map((e) => net.shardOf(e.node))).size === 2, {
      timeoutMs: 30_000,
      describe: () => `${mirror.ofKind('suspect').length} suspect events`,
    });
    expect(ok(await session.execute('setFaults', { scope: 'clear' }))).toEqual({ rules: {}, paused: [] });

    // a pause goes to the shard that runs the node
    const victim = ids.find((id) => net.shardOf(id) === 1)!;
    expect(ok(await session.execute('pauseNodes', { ids: [victim], seconds: 0.3 }))).toEqual({ paused: [victim] });
    await waitFor('the pause to end', () => session.snapshot().faults.paused.length === 0);
  });
});
