/**
 * The plots' series builder (src/renderer/src/plots/series.ts) fed with UI event sequences as the
 * host sends them: a network that grows, gossips, has a peer killed and detected. Checks the
 * coverage curves and their median, the rates, the peers and links, α, the detection timeline's
 * stages, clipping at a replay cursor, and the memory bounds.
 */
import { describe, expect, it } from 'vitest';
import { degreeReport } from '../../../src/host/degreeReport';
import { MAX_POINTS_PER_MESSAGE, MAX_START_AGE_MS } from '../../../src/renderer/src/plots/coverage';
import { MAX_EVIDENCE_EVENTS } from '../../../src/renderer/src/plots/detection';
import { MAX_TRACKED_MESSAGES, MAX_TRACKED_NODES, RunSeries, SERIES_CAP } from '../../../src/renderer/src/plots/series';
import type { UiEvent } from '../../../src/shared/types';
import { linkEvent, message, node, nodeEvent, snapshot } from '../fixtures';

const T0 = 1_700_000_000_000;
const SEED = '127.0.0.1:6000';
const peer = (i: number): string => `127.0.0.1:${7000 + i}`;
const msg = (id: string, at: number, reached: number): UiEvent => ({ kind: 'message', message: message(id.repeat(64).slice(0, 64), at, reached, peer(1)), total: 1 });
const traffic = (at: number, messagesPerS: number, framesPerS: number, receiptsPerS: number): UiEvent => ({ kind: 'traffic', at, intervalMs: 1000, messagesPerS, framesPerS, receiptsPerS });

/** A series that starts with a seed and `n` local peers in a ring, at T0. */
function started(n: number): RunSeries {
  const s = new RunSeries();
  const nodes = [node(SEED, { role: 'seed' }), ...Array.from({ length: n }, (_, i) => node(peer(i + 1)))];
  const links = Array.from({ length: n }, (_, i): [string, string] => [peer(i + 1), peer(((i + 1) % n) + 1)]);
  s.applySnapshot(T0, snapshot({ nodes, links }));
  return s;
}

describe('coverage of each message', () => {
  it('is reached over the live local peers, against seconds since the message was created', () => {
    const s = started(4);
    s.apply(T0 + 100, [msg('a', T0 + 90, 1)]);
    s.apply(T0 + 300, [msg('a', T0 + 90, 2)]);
    s.apply(T0 + 590, [msg('a', T0 + 90, 4)]);
    s.apply(T0 + 2090, []); // 2 s after creation, nothing new
    const [curve] = s.view().coverage.messages;
    expect(curve!.createdAt).toBe(T0 + 90);
    expect(curve!.points.map((p) => [p.x, p.y, p.reached, p.peers])).toEqual([
      [0.01, 0.25, 1, 4],
      [0.21, 0.5, 2, 4],
      [0.5, 1, 4, 4],
    ]);
  });

  it('counts only live local peers: a remote peer, a killed one and a seed are not in the denominator', () => {
    const s = started(4);
    s.apply(T0 + 10, [nodeEvent('10.0.0.9:7000', { origin: 'remote' }), nodeEvent(peer(4), { life: 'down' })]);
    s.apply(T0 + 20, [msg('b', T0 + 15, 3)]);
    // first seen with 3: the curve starts with the origin alone at its creation
    expect(s.view().coverage.messages[0]!.points.slice(0, 2)).toEqual([
      { x: 0, y: 1 / 3, reached: 1, peers: 3 },
      { x: 0.005, y: 1, reached: 3, peers: 3 },
    ]);
    // more reached than live peers (the killed peer had it) stays at 1
    s.apply(T0 + 30, [msg('b', T0 + 15, 4)]);
    expect(s.view().coverage.messages[0]!.points[2]).toMatchObject({ y: 1, reached: 4, peers: 3 });
  });

  it('holds each curve flat up to its age and takes the median across the messages at least that old', () => {
    const s = started(10);
    // three messages: full coverage after 1 s, 2 s and 4 s
    s.apply(T0 + 1, [msg('a', T0, 1), msg('b', T0, 1), msg('c', T0, 1)]);
    s.apply(T0 + 500, [msg('a', T0, 5)]);
    s.apply(T0 + 1000, [msg('a', T0, 10), msg('b', T0, 5)]);
    s.apply(T0 + 2000, [msg('b', T0, 10), msg('c', T0, 5)]);
    s.apply(T0 + 4000, [msg('c', T0, 10)]);
    s.apply(T0 + 5000, []);
    const { messages, median } = s.view().coverage;
    expect(messages).toHaveLength(3);
    // every curve reaches the right edge (4 s, the latest change) at full coverage
    for (const c of messages) expect(c.points[c.points.length - 1]).toMatchObject({ x: 4, y: 1 });
    const at = (x: number): number => {
      const p = median.reduce((best, q) => (Math.abs(q.x - x) < Math.abs(best.x - x) ? q : best));
      return p.y;
    };
    expect(median[0]).toEqual({ x: 0, y: 0 });
    expect(at(1.2)).toBe(0.5); // a full, b half, c a tenth
    expect(at(2.5)).toBe(1); // a and b full
    expect(median[median.length - 1]).toEqual({ x: 4, y: 1 });
    expect(median.every((p, i) => i === 0 || p.y >= median[i - 1]!.y)).toBe(true);
  });

  it('ignores a message first seen long after its creation (it predates the plots)', () => {
    const s = started(4);
    s.apply(T0 + MAX_START_AGE_MS + 1000, [msg('old', T0, 3)]);
    expect(s.view().coverage.messages).toHaveLength(0);
  });
});

describe('rates, peers and links, α', () => {
  it('draws the traffic events as rates against seconds since the start', () => {
    const s = started(2);
    s.apply(T0 + 1000, [traffic(T0 + 1000, 0.4, 12, 6)]);
    s.apply(T0 + 2000, [traffic(T0 + 2000, 0.6, 20.5, 9)]);
    const { traffic: t } = s.view();
    expect(t.messages).toEqual([{ x: 1, y: 0.4 }, { x: 2, y: 0.6 }]);
    expect(t.frames).toEqual([{ x: 1, y: 12 }, { x: 2, y: 20.5 }]);
    expect(t.receipts).toEqual([{ x: 1, y: 6 }, { x: 2, y: 9 }]);
  });

  it('counts live peers and links as they change, one point per change', () => {
    const s = new RunSeries();
    s.apply(T0, [nodeEvent(SEED, { role: 'seed' })]);
    s.apply(T0 + 500, [nodeEvent(peer(1)), nodeEvent(peer(2))]);
    s.apply(T0 + 1000, [nodeEvent(peer(3)), linkEvent(peer(1), peer(2)), linkEvent(peer(2), peer(3)), linkEvent(peer(3), peer(2))]);
    s.apply(T0 + 1200, [{ kind: 'gossip', id: 'x', node: peer(2), from: peer(1), hops: 1, at: T0 + 1200 }]); // no change: no point
    s.apply(T0 + 1500, [nodeEvent(peer(3), { life: 'down' })]);
    s.apply(T0 + 3000, [{ kind: 'node-removed', id: peer(3) }]);
    const { peers, links } = s.view().population;
    expect(peers.map((p) => [p.x, p.y])).toEqual([[0, 0], [0.5, 2], [1, 3], [1.5, 2], [3, 2]]);
    expect(links.map((p) => [p.x, p.y])).toEqual([[0, 0], [0.5, 0], [1, 2], [1.5, 2], [3, 1]]);
  });

  it('takes α ± σ of each degree report with a fit, against time and against the peers measured', () => {
    const s = started(2);
    const small = degreeReport([1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 8]);
    const big = degreeReport([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 11, 15]);
    expect(small.fit).not.toBeNull();
    s.apply(T0 + 1000, [{ kind: 'degrees', report: small }]);
    s.apply(T0 + 1500, [{ kind: 'degrees', report: small }]); // the same fit again: no new point
    s.apply(T0 + 2000, [{ kind: 'degrees', report: degreeReport([]) }]); // no fit: nothing
    s.apply(T0 + 3000, [{ kind: 'degrees', report: big }]);
    expect(s.view().alpha).toEqual([
      { x: 1, peers: 12, alpha: small.fit!.alpha, sigma: small.fit!.sigma },
      { x: 3, peers: 20, alpha: big.fit!.alpha, sigma: big.fit!.sigma },
    ]);
  });
});

describe('the detection timeline', () => {
  /** Peer 3 of a 4-ring is killed at +1 s; its neighbours 2 and 4 miss it, 2 reports it, both seeds drop it, it leaves the drawing. */
  function killed(): RunSeries {
    const s = started(4);
    const dead = peer(3);
    s.apply(T0 + 1000, [nodeEvent(dead, { life: 'down' })]);
    s.apply(T0 + 2000, [{ kind: 'liveness-missed', node: peer(2), neighbour: dead, misses: 1 }, { kind: 'liveness-missed', node: peer(4), neighbour: dead, misses: 1 }]);
    s.apply(T0 + 2100, [{ kind: 'liveness-missed', node: peer(1), neighbour: peer(2), misses: 1 }]); // a live node's miss: not a timeline
    s.apply(T0 + 3000, [{ kind: 'liveness-missed', node: peer(2), neighbour: dead, misses: 2 }, { kind: 'suspect', node: peer(4), neighbour: dead, incarnation: 0 }]);
    s.apply(T0 + 4000, [
      { kind: 'dead-reported', reporter: peer(2), dead, report: `Dead Node:${dead}:${T0 + 4000}:${peer(2)}` },
      { kind: 'seed-removed', seed: SEED, peer: dead, reason: 'dead', at: T0 + 4000 },
      nodeEvent(dead, { life: 'dead' }),
    ]);
    s.apply(T0 + 4500, [{ kind: 'seed-removed', seed: '127.0.0.1:6001', peer: dead, reason: 'dead', at: T0 + 4500 }]);
    s.apply(T0 + 5000, [{ kind: 'node-removed', id: dead }]);
    return s;
  }

  it('follows a killed peer from crash to removal, each stage in seconds since the crash, with who saw it', () => {
    const [row, ...rest] = killed().view().detection;
    expect(rest).toEqual([]);
    expect(row!.node).toBe(peer(3));
    expect(row!.crashAt).toBe(T0 + 1000);
    expect(row!.events.map((e) => [e.stage, e.dtS, e.by])).toEqual([
      ['crash', 0, ''],
      ['miss', 1, peer(2)],
      ['miss', 1, peer(4)],
      ['miss', 2, peer(2)],
      ['suspect', 2, peer(4)],
      ['dead-report', 3, peer(2)],
      ['seed-removal', 3, SEED],
      ['seed-removal', 3.5, '127.0.0.1:6001'],
      ['removed', 4, ''],
    ]);
  });

  it('clips at a replay cursor: before the report only crash and misses; before the kill nothing', () => {
    const s = killed();
    expect(s.view(T0 + 3500).detection[0]!.events.map((e) => e.stage)).toEqual(['crash', 'miss', 'miss', 'miss', 'suspect']);
    expect(s.view(T0 + 999).detection).toEqual([]);
    expect(s.view(T0 + 999).population.peers.at(-1)!.y).toBe(4);
    expect(s.view(T0 + 1000).population.peers.at(-1)!.y).toBe(3);
  });

  it('starts at the first dead report for a node whose crash it did not see (a remote peer)', () => {
    const s = started(2);
    s.apply(T0 + 100, [nodeEvent('10.0.0.9:7000', { origin: 'remote' })]);
    s.apply(T0 + 2000, [{ kind: 'dead-reported', reporter: peer(1), dead: '10.0.0.9:7000', report: 'r' }]);
    s.apply(T0 + 2500, [{ kind: 'node-removed', id: '10.0.0.9:7000' }]);
    const [row] = s.view().detection;
    expect(row).toMatchObject({ node: '10.0.0.9:7000', crashAt: null, originAt: T0 + 2000 });
    expect(row!.events.map((e) => [e.stage, e.dtS])).toEqual([['dead-report', 0], ['removed', 0.5]]);
  });

  it('does not start a timeline for a peer that left gracefully', () => {
    const s = started(3);
    s.apply(T0 + 100, [{ kind: 'seed-removed', seed: SEED, peer: peer(2), reason: 'left', at: T0 + 100 }, { kind: 'node-removed', id: peer(2) }]);
    expect(s.view().detection).toEqual([]);
  });
});

describe('bounds and reset', () => {
  it('keeps the latest messages, a bounded curve each, and a bounded series of each kind', () => {
    const s = started(1000);
    for (let i = 0; i < MAX_TRACKED_MESSAGES + 50; i++) s.apply(T0 + i, [msg(`m${i}-`, T0 + i, 1)]);
    const ids = s.view().coverage.messages.map((m) => m.createdAt);
    expect(ids).toHaveLength(MAX_TRACKED_MESSAGES);
    expect(ids[0]).toBe(T0 + 50); // the oldest 50 forgotten
    for (let r = 2; r <= 1000; r++) s.apply(T0 + 1000 + r, [msg('long', T0 + 1000, r)]);
    const long = s.view().coverage.messages.find((m) => m.createdAt === T0 + 1000)!;
    expect(long.points.length).toBeLessThanOrEqual(MAX_POINTS_PER_MESSAGE + 1);
    expect(long.points[long.points.length - 1]!.reached).toBe(1000);
    for (let i = 0; i < 5000; i++) s.apply(T0 + 10_000 + i * 1000, [traffic(0, i, i, i), nodeEvent(peer(2000 + i))]);
    const v = s.view();
    expect(v.traffic.frames.length).toBeLessThanOrEqual(SERIES_CAP);
    expect(v.traffic.frames.at(-1)!.y).toBe(4999); // the newest kept
    expect(v.traffic.frames[0]!.y).toBe(0); // and the first
    expect(v.population.peers.length).toBeLessThanOrEqual(SERIES_CAP);
  });

  it('keeps the latest crashed nodes and a bounded number of misses each', () => {
    const s = started(2);
    for (let i = 0; i < MAX_TRACKED_NODES + 10; i++) s.apply(T0 + i, [nodeEvent(`10.0.1.${i}:7000`), nodeEvent(`10.0.1.${i}:7000`, { life: 'down' })]);
    const victim = `10.0.1.${MAX_TRACKED_NODES + 9}:7000`;
    for (let i = 0; i < 1000; i++) s.apply(T0 + 100 + i, [{ kind: 'liveness-missed', node: peer(1), neighbour: victim, misses: i + 1 }]);
    s.apply(T0 + 2000, [{ kind: 'dead-reported', reporter: peer(1), dead: victim, report: 'r' }]);
    const rows = s.view().detection;
    expect(rows).toHaveLength(MAX_TRACKED_NODES);
    expect(rows[0]!.node).toBe('10.0.1.10:7000');
    const last = rows[rows.length - 1]!;
    expect(last.events.filter((e) => e.stage === 'miss')).toHaveLength(MAX_EVIDENCE_EVENTS);
    expect(last.uncounted).toBe(1000 - MAX_EVIDENCE_EVENTS);
    expect(last.events.at(-1)!.stage).toBe('dead-report'); // reports still fit
  });

  it('reset forgets everything; the next batch starts a new run', () => {
    const s = started(3);
    s.apply(T0 + 100, [msg('a', T0 + 50, 1), traffic(T0, 1, 2, 3)]);
    s.reset();
    expect(s.view()).toMatchObject({ startMs: null, nowMs: null, alpha: [], detection: [] });
    s.apply(T0 + 9000, [nodeEvent(peer(9))]);
    expect(s.view()).toMatchObject({ startMs: T0 + 9000, population: { peers: [{ x: 0, y: 1 }] }, coverage: { messages: [] } });
  });
});
