/**
 * The session's chaos commands over a real in-process network on loopback: `setFaults` folds each
 * change into the one set of rules and gives it to the nodes' fault injector, refusing bad input
 * in words without touching the network; `pauseNodes` pauses and says when the pause ends;
 * `setDetector` picks the detector of peers started next; a swim peer's suspicion of a paused
 * neighbour reaches the UI and ends. The folding itself (`nextRules`, `splitHalves`) is pure and
 * tested on its own.
 */
import { describe, expect, it } from 'vitest';
import { nextRules, splitHalves } from '../../src/host/faultBoard';
import type { LabSession } from '../../src/host/session';
import type { FaultState, UiNode } from '../../src/shared/types';
import { Mirror, localNet, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();

async function network(session: LabSession, seeds: number, peers: number): Promise<{ seeds: string[]; peers: string[] }> {
  const s: string[] = [];
  for (let i = 0; i < seeds; i++) {
    const r = await session.execute('addSeed', {});
    if (!r.ok) throw new Error(r.error);
    s.push(r.result.id);
  }
  const r = await session.execute('addPeers', { count: peers });
  if (!r.ok) throw new Error(r.error);
  return { seeds: s, peers: r.result.ids };
}

const peer = (id: string, role: UiNode['role'] = 'peer'): UiNode => ({ id, role, origin: 'local', life: 'up', degree: 1 });

describe('nextRules', () => {
  const lookup = { known: (id: string) => id.startsWith('n'), halves: () => [['n1'], ['n2']] };

  it('adds, replaces and removes a scope, and never changes the rules it was given', () => {
    const start = { network: { loss: 0.1 } };
    const withNode = nextRules(start, { scope: 'nodes', ids: ['n1', 'n2'], fault: { delayMs: 200, jitterMs: 100, loss: 0 } }, lookup);
    expect(withNode).toEqual({ network: { loss: 0.1 }, nodes: { n1: { delayMs: 200, jitterMs: 100 }, n2: { delayMs: 200, jitterMs: 100 } } });
    expect(start).toEqual({ network: { loss: 0.1 } });
    const link = nextRules(withNode, { scope: 'link', a: 'n2', b: 'n1', fault: { loss: 0.5 } }, lookup);
    expect(link.links).toEqual([{ a: 'n2', b: 'n1', loss: 0.5 }]);
    // the same link named the other way round replaces it; an all-zero fault removes it
    expect(nextRules(link, { scope: 'link', a: 'n1', b: 'n2', fault: { loss: 0 } }, lookup).links).toBeUndefined();
    expect(nextRules(withNode, { scope: 'nodes', ids: ['n1', 'n2'], fault: {} }, lookup).nodes).toBeUndefined();
    expect(nextRules(withNode, { scope: 'network', fault: { loss: 0 } }, lookup).network).toBeUndefined();
  });

  it('partitions (named groups or halves), heals, and clears', () => {
    const cut = nextRules({ network: { loss: 0.1 } }, { scope: 'partition', groups: 'halves' }, lookup);
    expect(cut.partition).toEqual([['n1'], ['n2']]);
    expect(nextRules(cut, { scope: 'heal' }, lookup)).toEqual({ network: { loss: 0.1 } });
    expect(nextRules(cut, { scope: 'clear' }, lookup)).toEqual({});
  });

  it('refuses, in words, unknown nodes, a node in two groups, a link to itself and a split of fewer than two nodes', () => {
    expect(() => nextRules({}, { scope: 'nodes', ids: ['x1'], fault: { loss: 0.1 } }, lookup)).toThrow('no node x1 in this network');
    expect(() => nextRules({}, { scope: 'partition', groups: [['n1'], ['n1', 'n2']] }, lookup)).toThrow('n1 is in two partition groups');
    expect(() => nextRules({}, { scope: 'link', a: 'n1', b: 'n1', fault: { loss: 0.1 } }, lookup)).toThrow('a link needs two different nodes');
    expect(() => nextRules({}, { scope: 'partition', groups: 'halves' }, { ...lookup, halves: () => [['n1'], []] })).toThrow(/at least two running local nodes/);
  });
});

describe('splitHalves', () => {
  it('puts a seed on each side and splits the peers evenly', () => {
    const nodes = [peer('s1', 'seed'), peer('s2', 'seed'), peer('s3', 'seed'), ...['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => peer(id))];
    const [a, b] = splitHalves(nodes);
    expect(a).toEqual(['s1', 's2', 'p4', 'p5']);
    expect(b).toEqual(['s3', 'p1', 'p2', 'p3']);
  });
});

describe('LabSession chaos commands', () => {
  it('applies loss, node delay and a partition to the running nodes, and clears them', async () => {
    const session = newSession({ network: { randomSeed: 3 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await session.execute('setTiming', { livenessIntervalMs: 2000, gossipCount: 0 });
    const { seeds, peers } = await network(session, 2, 6);
    const injector = localNet(session).faults;
    expect(injector, 'the session builds its runtime with faults').toBeDefined();

    const loss = await session.execute('setFaults', { scope: 'network', fault: { loss: 0.1 } });
    expect(loss).toEqual({ ok: true, result: { rules: { network: { loss: 0.1 } }, paused: [] } });
    expect(injector!.current).toEqual({ network: { loss: 0.1 } });

    const slow = await session.execute('setFaults', { scope: 'nodes', ids: [peers[0]!], fault: { delayMs: 200, jitterMs: 100 } });
    expect(slow.ok && slow.result.rules.nodes).toEqual({ [peers[0]!]: { delayMs: 200, jitterMs: 100 } });

    const cut = await session.execute('setFaults', { scope: 'partition', groups: 'halves' });
    if (!cut.ok) throw new Error(cut.error);
    const groups = cut.result.rules.partition!;
    expect(groups).toHaveLength(2);
    expect(groups.every((g) => seeds.some((s) => g.includes(s))), 'a seed on each side').toBe(true);
    expect(groups.flat().sort()).toEqual([...seeds, ...peers].sort());
    expect(injector!.current.partition).toEqual(groups);
    // the nodes themselves refuse to dial across the cut
    const a = groups[0]![0]!;
    const b = groups[1]![0]!;
    expect(injector!.point(() => a).refuseDial(b)).toMatch(/other side of a partition/);

    // the UI was told each time, and a renderer that starts now gets the same
    await waitFor('the faults event with the partition', () => mirror.ofKind('faults').some((e) => e.faults.rules.partition !== undefined));
    expect(session.snapshot().faults.rules).toEqual(injector!.current);

    const healed = await session.execute('setFaults', { scope: 'heal' });
    expect(healed.ok && healed.result.rules.partition).toBeUndefined();
    expect(injector!.point(() => a).refuseDial(b)).toBeUndefined();
    const cleared = await session.execute('setFaults', { scope: 'clear' });
    expect(cleared).toEqual({ ok: true, result: { rules: {}, paused: [] } });
    expect(injector!.current).toEqual({});
    await waitFor('the last faults event to say none', () => {
      const last: FaultState | undefined = mirror.ofKind('faults').at(-1)?.faults;
      return last !== undefined && Object.keys(last.rules).length === 0;
    });
  });

  it('refuses bad fault input in words and leaves the network as it was', async () => {
    const session = newSession();
    await network(session, 1, 2);
    expect((await session.execute('setFaults', { scope: 'network', fault: { loss: 0.2 } })).ok).toBe(true);
    const bad: Array<[unknown, RegExp]> = [
      [{ scope: 'network', fault: { loss: 1.5 } }, /loss must be between 0 % and 100 %/],
      [{ scope: 'network', fault: { delayMs: -5 } }, /delay must be at least 0 ms/],
      [{ scope: 'network', fault: { jitterMs: 'lots' } }, /jitter must be a number/],
      [{ scope: 'nodes', ids: [], fault: { loss: 0.1 } }, /select at least one node/],
      [{ scope: 'nodes', ids: ['10.9.9.9:1'], fault: { loss: 0.1 } }, /no node 10\.9\.9\.9:1 in this network/],
      [{ scope: 'partition', groups: [['127.0.0.1:1']] }, /at least two groups/],
      [{ scope: 'meteor' }, /the fault scope must be/],
      [null, /the fault scope must be/],
    ];
    for (const [args, why] of bad) {
      const r = await session.execute('setFaults', args);
      expect(r.ok, JSON.stringify(args)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
    expect(localNet(session).faults!.current).toEqual({ network: { loss: 0.2 } });
    const pause = await session.execute('pauseNodes', { ids: ['10.9.9.9:1'], seconds: 1 });
    expect(pause).toEqual({ ok: false, error: 'cannot pause 10.9.9.9:1: only local nodes that run can be paused' });
    expect(await session.execute('pauseNodes', { ids: ['127.0.0.1:1'], seconds: 10_000 })).toEqual({ ok: false, error: 'the pause must be at most 600 s' });
    expect((await session.execute('setDetector', { detector: 'oracle' })).ok).toBe(false);
  });

  it('pauses a peer and says when the pause is over', async () => {
    const session = newSession();
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    const { peers } = await network(session, 1, 2);
    const id = peers[0]!;
    expect(await session.execute('pauseNodes', { ids: [id], seconds: 0.4 })).toEqual({ ok: true, result: { paused: [id] } });
    expect(localNet(session).faults!.pausedFor(id)).toBeGreaterThan(0);
    expect(session.snapshot().faults.paused.map((p) => p.id)).toEqual([id]);
    await waitFor('the pause to end', () => session.snapshot().faults.paused.length === 0);
    await waitFor('a faults event without the pause', () => mirror.ofKind('faults').at(-1)?.faults.paused.length === 0);
    expect(localNet(session).faults!.pausedFor(id)).toBe(0);
  });

  it('starts peers with the chosen detector; a swim peer suspects a paused neighbour, and the suspicion ends', async () => {
    const session = newSession({ network: { randomSeed: 11 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await session.execute('setTiming', { livenessIntervalMs: 300, livenessMisses: 3, gossipCount: 0 });
    const first = await network(session, 1, 1);
    expect(await session.execute('setDetector', { detector: 'swim' })).toEqual({ ok: true, result: { detector: 'swim' } });
    await waitFor('the detector event', () => mirror.ofKind('detector').some((e) => e.detector === 'swim'));
    const more = await session.execute('addPeers', { count: 3 });
    if (!more.ok) throw new Error(more.error);
    const details = async (id: string) => {
      const r = await session.execute('inspectNode', { id });
      if (!r.ok) throw new Error(r.error);
      return r.result;
    };
    expect((await details(first.peers[0]!)).detector).toBe('assignment');
    for (const id of more.result.ids) expect((await details(id)).detector).toBe('swim');
    expect(session.snapshot().detector).toBe('swim');

    // a swim peer with a swim neighbour: pause the neighbour well within the suspicion period
    const net = localNet(session);
    const swimIds = new Set(more.result.ids);
    const pair = await waitFor('two linked swim peers', () => net.links().find(([a, b]) => swimIds.has(a) && swimIds.has(b)));
    const [watcher, victim] = pair;
    expect((await session.execute('pauseNodes', { ids: [victim], seconds: 0.9 })).ok).toBe(true);
    const suspected = await waitFor(
      `a suspicion of ${victim}`,
      () => mirror.ofKind('suspect').find((e) => e.neighbour === victim),
      { timeoutMs: 20_000, describe: () => JSON.stringify(mirror.ofKind('suspect')) },
    );
    expect(swimIds.has(suspected.node), `suspected by ${suspected.node} (watcher ${watcher})`).toBe(true);
    // it ends: refuted once the pause is over (or, on a very slow machine, by a dead report)
    await waitFor(`the suspicion of ${victim} to end`, () => !session.snapshot().suspicions.some(([id]) => id === victim), { timeoutMs: 20_000 });
  });
});
