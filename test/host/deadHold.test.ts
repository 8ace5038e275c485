/**
 * The dead stage is seen: a killed peer, once reported dead and dropped by every seed, stays in
 * the UI model as `dead` for the session's dead hold before its `node-removed` — on the session's
 * manual clock (the nodes run on the real one), so "not before the hold, at once after it" is
 * exact. Closing the session clears the hold's timer. The model's own rules for a hold (a node
 * that comes back up, a down node that goes unlisted) on a manual clock too.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { addrKey } from '../../src/core/protocol/addr';
import { TopologyModel } from '../../src/host/topology';
import type { UiEvent } from '../../src/shared/types';
import { ManualClock } from '../helpers/manualClock';
import { Mirror, localNet, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();
/** Fast liveness, so a crash is detected in a few hundred ms. */
const FAST = { livenessIntervalMs: 120, livenessMisses: 3, gossipCount: 0 };
const HOLD_MS = 4000;

describe('the dead hold (LabSession)', () => {
  it('shows a killed peer dead for the hold after every seed dropped it, then removes it', async () => {
    const clock = new ManualClock();
    const session = newSession({ clock, deadHoldMs: HOLD_MS, network: { clock: systemClock, randomSeed: 5 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    const flush = (): void => void clock.advance(100); // the batcher runs on the manual clock
    await session.execute('setTiming', FAST);
    for (let i = 0; i < 2; i++) expect((await session.execute('addSeed', {})).ok).toBe(true);
    const added = await session.execute('addPeers', { count: 8 });
    expect(added.ok && added.result.ids.length).toBe(8);
    const net = localNet(session);
    const listers = (id: string): number => net.peers().filter((p) => p.neighbours().includes(id)).length;
    const victim = await waitFor('a peer two others list, on both seeds', () =>
      net.peers().find((p) => listers(p.id) >= 2 && net.seeds().every((s) => s.peers().some((e) => addrKey(e) === p.id))),
    );
    const lifeOf = (): string | undefined => session.snapshot().nodes.find((n) => n.id === victim.id)?.life;
    expect((await session.execute('killNode', { id: victim.id })).ok).toBe(true);
    await waitFor('every seed to drop the victim, and the model to mark it dead', () => lifeOf() === 'dead' && net.seeds().every((s) => !s.peers().some((e) => addrKey(e) === victim.id)), {
      timeoutMs: 20_000,
    });
    flush();
    expect(mirror.nodes.get(victim.id)?.life).toBe('dead');
    expect(mirror.ofKind('node-removed').some((e) => e.id === victim.id)).toBe(false);
    // nothing lists it any more: only the hold keeps it, on the manual clock
    clock.advance(HOLD_MS - 200);
    expect(lifeOf()).toBe('dead');
    clock.advance(200);
    expect(lifeOf()).toBeUndefined();
    flush();
    const lives = mirror.events
      .filter((e): e is Extract<UiEvent, { kind: 'node' | 'node-removed' }> => (e.kind === 'node' && e.node.id === victim.id) || (e.kind === 'node-removed' && e.id === victim.id))
      .map((e) => (e.kind === 'node' ? e.node.life : 'removed'));
    // (down and dead may share a batch here: the batcher waited for the manual clock meanwhile)
    expect(lives.filter((l, i) => l !== lives[i - 1]).slice(-2)).toEqual(['dead', 'removed']);
    // dead and removed reached the UI in different batches
    const batchOf = (pred: (e: UiEvent) => boolean): number => mirror.batches.findIndex((b) => b.events.some(pred));
    expect(batchOf((e) => e.kind === 'node-removed' && e.id === victim.id)).toBeGreaterThan(batchOf((e) => e.kind === 'node' && e.node.id === victim.id && e.node.life === 'dead'));
  });

  it('clears the hold timers on close', async () => {
    const clock = new ManualClock();
    const model = new TopologyModel(() => {}, { clock, deadHoldMs: HOLD_MS });
    model.upsertNode('p:1', 'peer', 'local', 'up');
    model.setLife('p:1', 'dead');
    expect(clock.pending).toBe(1);
    model.close();
    expect(clock.pending).toBe(0);
  });
});

describe('the dead hold (TopologyModel)', () => {
  function setup(): { m: TopologyModel; events: UiEvent[]; clock: ManualClock } {
    const clock = new ManualClock();
    const events: UiEvent[] = [];
    return { m: new TopologyModel((e) => events.push(e), { clock, deadHoldMs: 1000 }), events, clock };
  }
  const removed = (events: UiEvent[], id: string): boolean => events.some((e) => e.kind === 'node-removed' && e.id === id);

  it('keeps a peer dropped by its seed while dead until the hold is over, counted from when it died', () => {
    const { m, events, clock } = setup();
    m.upsertNode('s:1', 'seed', 'local', 'up');
    m.upsertNode('p:1', 'peer', 'local', 'up');
    m.addSeedEntry('s:1', 'p:1');
    m.setLife('p:1', 'dead');
    clock.advance(300);
    m.removeSeedEntry('s:1', 'p:1');
    expect(m.node('p:1')?.life).toBe('dead');
    clock.advance(699);
    expect(removed(events, 'p:1')).toBe(false);
    clock.advance(1);
    expect(removed(events, 'p:1')).toBe(true);
    expect(m.node('p:1')).toBeUndefined();
  });

  it('removes a peer that is dropped after its hold is over at once', () => {
    const { m, events, clock } = setup();
    m.upsertNode('s:1', 'seed', 'local', 'up');
    m.upsertNode('p:1', 'peer', 'local', 'up');
    m.addSeedEntry('s:1', 'p:1');
    m.setLife('p:1', 'dead');
    clock.advance(5000);
    expect(m.node('p:1')?.life).toBe('dead'); // still listed
    m.removeSeedEntry('s:1', 'p:1');
    expect(removed(events, 'p:1')).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('marks a down local peer that nobody lists any more dead first, then removes it after the hold', () => {
    const { m, events, clock } = setup();
    m.upsertNode('p:1', 'peer', 'local', 'up');
    m.upsertNode('p:2', 'peer', 'local', 'up');
    m.addListing('p:2', 'p:1');
    m.setLife('p:1', 'down');
    m.removeListing('p:2', 'p:1');
    expect(m.node('p:1')?.life).toBe('dead');
    clock.advance(1000);
    expect(removed(events, 'p:1')).toBe(true);
    const lives = events.filter((e) => e.kind === 'node' && e.node.id === 'p:1').map((e) => (e.kind === 'node' ? e.node.life : ''));
    expect(lives.slice(-2)).toEqual(['down', 'dead']);
  });

  it('forgets the hold of a peer that comes back up (its address reused)', () => {
    const { m, events, clock } = setup();
    m.upsertNode('s:1', 'seed', 'local', 'up');
    m.upsertNode('p:1', 'peer', 'local', 'up');
    m.addSeedEntry('s:1', 'p:1');
    m.setLife('p:1', 'dead');
    m.removeSeedEntry('s:1', 'p:1'); // held
    expect(m.node('p:1')?.life).toBe('dead');
    m.upsertNode('p:1', 'peer', 'local', 'up'); // a new peer on the same address
    clock.advance(2000);
    expect(removed(events, 'p:1')).toBe(false);
    expect(m.node('p:1')?.life).toBe('up');
    expect(clock.pending).toBe(0);
  });
});
