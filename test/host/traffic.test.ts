/**
 * The plots' host events from real networks on loopback: `traffic` (messages, gossip frames and
 * first receipts per second, host/traffic.ts) adds up to exactly what the nodes did — in the
 * host's process and with 2 shard processes that forward only a sample of receipts — and
 * `seed-removed` names each seed's removal of a killed peer (dead) and of a stopped one (left).
 */
import { describe, expect, it } from 'vitest';
import { ShardedNetwork } from '../../src/core/runtime/shard/shardedNetwork';
import type { LabSession } from '../../src/host/session';
import type { UiEvent } from '../../src/shared/types';
import { Mirror, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();
/** 3 messages a peer, fast; liveness slow enough that a busy machine makes no false deaths. */
const GOSSIP = { livenessIntervalMs: 2000, livenessMisses: 3, gossipIntervalMs: 150, gossipCount: 3 };
/** Fast liveness, so a crash is detected within a second or so. */
const FAST = { livenessIntervalMs: 150, livenessMisses: 3, gossipCount: 0 };

function ok<T>(reply: { ok: true; result: T } | { ok: false; error: string }): T {
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/** The counts the traffic events stand for: rate × interval, summed. */
function totals(events: ReadonlyArray<Extract<UiEvent, { kind: 'traffic' }>>): { messages: number; frames: number; receipts: number } {
  const n = (perS: number, ms: number): number => Math.round((perS * ms) / 1000);
  return {
    messages: events.reduce((s, e) => s + n(e.messagesPerS, e.intervalMs), 0),
    frames: events.reduce((s, e) => s + n(e.framesPerS, e.intervalMs), 0),
    receipts: events.reduce((s, e) => s + n(e.receiptsPerS, e.intervalMs), 0),
  };
}

/** Waits for `messages` messages, then for the gossip to end: three traffic readings in a row with nothing in them. */
async function quiet(session: LabSession, mirror: Mirror, messages: number): Promise<void> {
  await waitFor(`${messages} messages`, () => session.snapshot().messages.length === messages, { timeoutMs: 45_000 });
  await waitFor('three idle traffic readings in a row', () => {
    const t = mirror.ofKind('traffic').slice(-3);
    return t.length === 3 && t.every((e) => e.messagesPerS === 0 && e.receiptsPerS === 0 && e.framesPerS === 0);
  }, { timeoutMs: 45_000 });
}

/** First receipts of every message so far: Σ (reached − 1), from the host's exact counts. */
function receiptsOf(session: LabSession): number {
  return session.snapshot().messages.reduce((s, m) => s + m.reached - 1, 0);
}

describe('traffic events', { timeout: 60_000 }, () => {
  it('add up to every message, frame and first receipt of an in-process network', async () => {
    const session = newSession({ loadIntervalMs: 200, network: { randomSeed: 3 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    ok(await session.execute('setTiming', GOSSIP));
    ok(await session.execute('addSeed', {}));
    let frames = 0; // the nodes' own count: every `forwarded`, heard straight from the runtime
    session.runtime!.on((e) => {
      if (e.type === 'gossip-generated' || e.type === 'gossip-received') frames += e.forwarded;
    });
    const peers = ok(await session.execute('addPeers', { count: 6 })).ids;
    expect(peers).toHaveLength(6);
    // every peer made its 3 messages; the gossip is over
    await quiet(session, mirror, 18);
    const traffic = mirror.ofKind('traffic');
    const receipts = receiptsOf(session);
    expect(receipts).toBeGreaterThan(18); // the messages spread
    expect(totals(traffic)).toEqual({ messages: 18, frames, receipts });
    expect(frames).toBeGreaterThanOrEqual(receipts); // each receipt came as a frame
    for (const e of traffic) {
      expect(e.intervalMs).toBeGreaterThan(0);
      expect(e.at).toBeGreaterThan(0);
    }
  });

  it('count the receipts (and their frames) that shards only counted, not just the sampled events', async () => {
    const session = newSession({ shards: 2, receiptSample: 1, loadIntervalMs: 200, network: { randomSeed: 5 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    ok(await session.execute('setTiming', GOSSIP));
    ok(await session.execute('addSeed', {}));
    ok(await session.execute('addSeed', {}));
    expect(ok(await session.execute('addPeers', { count: 8 })).ids).toHaveLength(8);
    await quiet(session, mirror, 24);
    const rt = session.runtime;
    if (!(rt instanceof ShardedNetwork)) throw new Error('not a sharded runtime');
    const summary = await rt.summary();
    const sampled = mirror.ofKind('gossip').length;
    const t = totals(mirror.ofKind('traffic'));
    expect(t.messages).toBe(24);
    expect(t.receipts).toBe(receiptsOf(session));
    expect(t.receipts).toBeGreaterThan(24);
    expect(sampled).toBeLessThan(t.receipts); // most receipts reached the host only as counts
    expect(t.frames).toBe(Math.round(summary.transmissionsPerMessage * summary.messages));
  });
});

describe('seed-removed events', { timeout: 60_000 }, () => {
  it('name each seed that dropped a killed peer (dead) and a stopped one (left), before it leaves the drawing', async () => {
    const session = newSession({ network: { randomSeed: 11 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    ok(await session.execute('setTiming', FAST));
    const seeds = [ok(await session.execute('addSeed', {})).id, ok(await session.execute('addSeed', {})).id];
    const peers = ok(await session.execute('addPeers', { count: 5 })).ids;
    const [victim, leaver] = [peers[1]!, peers[3]!];
    ok(await session.execute('killNode', { id: victim }));
    await waitFor('both seeds to drop the killed peer', () => new Set(mirror.ofKind('seed-removed').filter((e) => e.peer === victim).map((e) => e.seed)).size === 2, { timeoutMs: 30_000 });
    const dead = mirror.ofKind('seed-removed').filter((e) => e.peer === victim);
    expect(dead.map((e) => e.reason)).toEqual(['dead', 'dead']);
    expect(dead.map((e) => e.seed).sort()).toEqual([...seeds].sort());
    for (const e of dead) expect(e.at).toBeGreaterThan(0);
    // the detection stages came in order: crash, dead report, each seed's removal, then removal from the drawing
    await waitFor('the killed peer to leave the drawing', () => mirror.ofKind('node-removed').some((e) => e.id === victim));
    const stageOf = (e: UiEvent): string | null => {
      if (e.kind === 'node' && e.node.id === victim && e.node.life === 'down') return 'down';
      if (e.kind === 'dead-reported' && e.dead === victim) return 'report';
      if (e.kind === 'seed-removed' && e.peer === victim) return 'seed';
      if (e.kind === 'node-removed' && e.id === victim) return 'removed';
      return null;
    };
    const order: Array<[string, number]> = [];
    mirror.events.forEach((e, i) => {
      const s = stageOf(e);
      if (s !== null) order.push([s, i]);
    });
    const first = (k: string): number => order.find(([s]) => s === k)![1];
    expect(first('down')).toBeLessThan(first('report'));
    expect(first('report')).toBeLessThan(first('seed'));
    expect(Math.max(...order.filter(([s]) => s === 'seed').map(([, i]) => i))).toBeLessThan(first('removed'));
    // a graceful stop: each seed drops it as left
    ok(await session.execute('stopNode', { id: leaver }));
    await waitFor('both seeds to drop the stopped peer', () => mirror.ofKind('seed-removed').filter((e) => e.peer === leaver).length === 2);
    expect(mirror.ofKind('seed-removed').filter((e) => e.peer === leaver).map((e) => e.reason)).toEqual(['left', 'left']);
  });
});
