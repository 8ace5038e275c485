/** The host's pure parts, without sockets: the topology rules, the batcher, the rate tools. */
import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../src/host/batcher';
import { applyLocalEvent } from '../../src/host/localEvents';
import { MessageLog } from '../../src/host/messageLog';
import { SuspicionBook } from '../../src/host/suspicions';
import { Cooldown, RateLimiter, Throttle } from '../../src/host/rate';
import { TopologyModel } from '../../src/host/topology';
import type { UiEvent } from '../../src/shared/types';
import { ManualClock } from './helpers';

function model(): { m: TopologyModel; events: UiEvent[] } {
  const events: UiEvent[] = [];
  return { m: new TopologyModel((e) => events.push(e)), events };
}

describe('TopologyModel', () => {
  it('draws a link while either end lists the other', () => {
    const { m, events } = model();
    m.upsertNode('a', 'peer', 'local', 'up');
    m.upsertNode('b', 'peer', 'local', 'up');
    m.addListing('b', 'a');
    expect(m.links()).toEqual([['a', 'b']]);
    m.addListing('a', 'b');
    m.removeListing('b', 'a');
    expect(m.links()).toEqual([['a', 'b']]);
    m.removeListing('a', 'b');
    expect(m.links()).toEqual([]);
    expect(events.filter((e) => e.kind === 'link')).toEqual([
      { kind: 'link', a: 'a', b: 'b', up: true },
      { kind: 'link', a: 'a', b: 'b', up: false },
    ]);
    expect(m.node('a')?.degree).toBe(0);
  });

  it('waits for both nodes before drawing a link', () => {
    const { m } = model();
    m.upsertNode('a', 'peer', 'local', 'up');
    m.addListing('a', 'r');
    expect(m.links()).toEqual([]);
    m.addSeedEntry('s', 'r');
    m.upsertNode('r', 'peer', 'remote', 'up');
    expect(m.links()).toEqual([['a', 'r']]);
    expect(m.node('a')?.degree).toBe(1);
  });

  it('keeps a crashed peer down with its links, hides them when dead, removes it when no seed lists it', () => {
    const { m, events } = model();
    for (const id of ['x', 'y', 'z']) {
      m.upsertNode(id, 'peer', 'local', 'up');
      m.addSeedEntry('s1', id);
      m.addSeedEntry('s2', id);
    }
    m.addListing('x', 'y');
    m.addListing('y', 'x');
    m.addListing('z', 'x');
    m.setLife('x', 'down'); // killed: its own list is gone, its neighbours still list it
    expect(m.linkedTo('x').sort()).toEqual(['y', 'z']);
    m.removeListing('y', 'x'); // y noticed
    m.removeSeedEntry('s1', 'x');
    m.setLife('x', 'dead');
    expect(m.linkedTo('x')).toEqual([]);
    expect(m.node('x')?.life).toBe('dead');
    m.removeSeedEntry('s2', 'x');
    expect(m.node('x')).toBeUndefined();
    const last = events.findIndex((e) => e.kind === 'node-removed');
    expect(events.slice(last + 1)).toEqual([]);
    expect(events.filter((e) => e.kind === 'link' && !e.up).length).toBe(2);
  });

  it('removes a remote peer when no seed lists it, and a seed takes its peers with it', () => {
    const { m } = model();
    m.upsertNode('s', 'seed', 'remote', 'up');
    m.setSeedList('s', ['p', 'q']);
    m.upsertNode('p', 'peer', 'remote', 'up');
    m.upsertNode('q', 'peer', 'remote', 'up');
    expect(m.node('s')?.degree).toBe(2);
    m.setSeedList('s', ['q']);
    expect(m.node('p')).toBeUndefined();
    m.removeNode('s');
    expect(m.allNodes()).toEqual([]);
  });

  it('reports link removals before the node removal', () => {
    const { m, events } = model();
    m.upsertNode('a', 'peer', 'local', 'up');
    m.upsertNode('b', 'peer', 'local', 'up');
    m.addListing('a', 'b');
    events.length = 0;
    m.removeNode('a');
    expect(events).toEqual([
      { kind: 'link', a: 'a', b: 'b', up: false },
      { kind: 'node', node: { id: 'b', role: 'peer', origin: 'local', life: 'up', degree: 0 } },
      { kind: 'node-removed', id: 'a' },
    ]);
  });
});

describe('EventBatcher', () => {
  const node = (id: string, degree: number): UiEvent => ({ kind: 'node', node: { id, role: 'peer', origin: 'local', life: 'up', degree } });

  it('coalesces upserts in place and keeps everything else in order', () => {
    const clock = new ManualClock();
    const b = new EventBatcher(50, clock);
    const got: UiEvent[][] = [];
    b.onBatch((batch) => got.push([...batch]));
    b.push(node('a', 0));
    b.push({ kind: 'link', a: 'a', b: 'b', up: true });
    b.push(node('a', 1));
    b.push({ kind: 'node-removed', id: 'a' });
    b.push(node('a', 2));
    clock.advance(0);
    expect(got).toEqual([[node('a', 1), { kind: 'link', a: 'a', b: 'b', up: true }, { kind: 'node-removed', id: 'a' }, node('a', 2)]]);
  });

  it('sends at most one batch per interval, the first at once', () => {
    const clock = new ManualClock();
    const b = new EventBatcher(50, clock);
    const at: number[] = [];
    b.onBatch(() => at.push(clock.now()));
    for (let i = 0; i < 200; i++) {
      b.push({ kind: 'notice', level: 'info', text: String(i), at: 0 });
      clock.advance(3);
    }
    clock.advance(100);
    expect(at[0]).toBe(1_000_000);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(50);
    expect(at.length).toBeGreaterThanOrEqual(12);
  });

  it('on a thread too busy for its timer, a later push delivers the overdue batch, still one per interval', () => {
    const clock = new ManualClock();
    const b = new EventBatcher(50, clock);
    const got: Array<{ at: number; texts: string[] }> = [];
    b.onBatch((batch) => got.push({ at: clock.now(), texts: batch.map((e) => (e.kind === 'notice' ? e.text : e.kind)) }));
    const notice = (text: string): UiEvent => ({ kind: 'notice', level: 'info', text, at: 0 });
    b.push(notice('a'));
    clock.advance(0); // the first batch goes at once
    b.push(notice('b')); // its timer is due in 50 ms …
    clock.skip(60); // … but the thread is busy: time passes, no timer runs
    b.push(notice('c'));
    expect(got).toHaveLength(1); // late by less than half an interval: not overdue yet
    clock.skip(20);
    b.push(notice('d')); // due at +50, now +80: delivered from here
    expect(got).toEqual([
      { at: 1_000_000, texts: ['a'] },
      { at: 1_000_080, texts: ['b', 'c', 'd'] },
    ]);
    clock.advance(100);
    expect(got).toHaveLength(2); // the cancelled timer does not send an empty or second batch
  });

  it('delivers nothing after close', () => {
    const clock = new ManualClock();
    const b = new EventBatcher(50, clock);
    let n = 0;
    b.onBatch(() => n++);
    b.push(node('a', 0));
    b.close();
    clock.advance(100);
    expect(n).toBe(0);
  });
});

describe('rate tools', () => {
  it('RateLimiter lets max per window through', () => {
    const clock = new ManualClock();
    const r = new RateLimiter(3, 1000, clock);
    expect([r.allow(), r.allow(), r.allow(), r.allow()]).toEqual([true, true, true, false]);
    clock.advance(1000);
    expect(r.allow()).toBe(true);
    expect(r.dropped).toBe(1);
  });

  it('Cooldown lets one event per key per cooldown', () => {
    const clock = new ManualClock();
    const c = new Cooldown(100, clock);
    expect([c.allow('a'), c.allow('a'), c.allow('b')]).toEqual([true, false, true]);
    clock.advance(100);
    expect(c.allow('a')).toBe(true);
  });

  it('Throttle merges pokes into trailing runs', () => {
    const clock = new ManualClock();
    let runs = 0;
    const t = new Throttle(500, () => runs++, clock);
    t.poke();
    clock.advance(0);
    t.poke();
    t.poke();
    clock.advance(499);
    expect(runs).toBe(1);
    clock.advance(1);
    expect(runs).toBe(2);
  });
});

describe('MessageLog', () => {
  it('counts each holder once and forgets the oldest beyond its capacity', () => {
    const log = new MessageLog(2);
    log.created('m1', 'a', 'hi', 1);
    expect(log.received({ id: 'm1', origin: 'a', node: 'b', from: 'a', hops: 1, at: 2, latencyMs: 1 })?.reached).toBe(2);
    expect(log.received({ id: 'm1', origin: 'a', node: 'b', from: 'c', hops: 2, at: 3, latencyMs: 2 })).toBeUndefined();
    log.created('m2', 'a', 'x', 4);
    log.created('m3', 'a', 'y', 5);
    expect(log.get('m1')).toBeUndefined();
    expect(log.received({ id: 'm1', origin: 'a', node: 'd', from: 'a', hops: 1, at: 6, latencyMs: 1 }, false)).toBeUndefined();
    expect(log.all().map((m) => m.id)).toEqual(['m2', 'm3']);
  });

  it('counts every message it has seen, not only those it keeps (the status bar stopped at 200)', () => {
    const log = new MessageLog(2);
    for (let i = 0; i < 7; i++) log.created(`m${i}`, 'a', 'x', i);
    log.created('m6', 'a', 'x', 6); // known: not counted again
    log.received({ id: 'r', origin: 'z', node: 'b', from: 'z', hops: 1, at: 9, latencyMs: 1 }); // first seen through a receipt
    expect(log.all()).toHaveLength(2);
    expect(log.total).toBe(8);
  });
});

describe('local events', () => {
  it('animates a receipt even when the message log has already forgotten its message', () => {
    const pushed: UiEvent[] = [];
    const ctx = {
      model: new TopologyModel(() => {}),
      messages: new MessageLog(1),
      suspicions: new SuspicionBook(),
      localIds: new Set(['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3']),
      push: (e: UiEvent) => pushed.push(e),
      gossipAllowed: () => true,
      notice: () => {},
      isRunningLocal: () => true,
      topologyChanged: () => {},
    };
    const gen = (id: string, node: string) => applyLocalEvent({ type: 'gossip-generated', at: 1, node, id, text: id, seq: 1, forwarded: 1 }, ctx);
    gen('m1', '127.0.0.1:1');
    gen('m2', '127.0.0.1:2'); // the log holds one message: m1 is forgotten
    pushed.length = 0;
    applyLocalEvent({ type: 'gossip-received', at: 5, node: '127.0.0.1:3', id: 'm1', from: '127.0.0.1:1', origin: '127.0.0.1:1', hops: 1, latencyMs: 4, forwarded: 0 }, ctx);
    expect(pushed).toEqual([{ kind: 'gossip', id: 'm1', node: '127.0.0.1:3', from: '127.0.0.1:1', hops: 1, at: 5 }]);
  });
});
