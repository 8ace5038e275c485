/**
 * Issue 9 (bounded gossip state), end to end on loopback: a neighbour that floods new messages
 * of a made-up origin, and replays a message after the Message List forgot it.
 *
 * The attacker is a real PeerNode of the network: it joins (registers, links by the real
 * handshake, whatever that is), so the test does not depend on the link handshake. Its gossip
 * engine is reached through the peer's private `gossip` field (test-only, see {@link engineOf}),
 * and the engine's `links()` gives the attacker's open link connections, over which the test
 * writes gossip frames directly: exactly the frames a modified peer would send.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/core/events';
import { NetworkHost } from '../../src/core/runtime/network';
import { DEFAULT_LIMITS } from '../../src/core/net/limits';
import type { GossipEngine } from '../../src/core/peer/gossip';
import { messageId } from '../../src/core/peer/messageList';
import type { PeerNode } from '../../src/core/peer/peerNode';
import type { Addr } from '../../src/core/protocol/addr';
import { addrKey } from '../../src/core/protocol/addr';
import { encodeMessage } from '../../src/core/protocol/codec';
import { encodeFrame } from '../../src/core/protocol/frame';
import { formatGossip } from '../../src/core/protocol/report';
import { waitFor } from '../helpers/waitFor';

/** A peer's gossip engine (a private field of PeerNode: for tests only). */
function engineOf(peer: PeerNode): GossipEngine {
  return (peer as unknown as { gossip: GossipEngine }).gossip;
}

/** A gossip message from `origin` created at `createdAt`, as one encoded frame, and its id. */
function gossipFrame(origin: Addr, seq: number, createdAt: number): { id: string; frame: Buffer } {
  const text = formatGossip(createdAt, origin, seq);
  const id = messageId(text);
  return { id, frame: encodeFrame(encodeMessage({ type: 'gossip', id, text, origin, seq, createdAt, hops: 0 })) };
}

/** Writes `frames` over every open link of `attacker`; returns the neighbours written to. */
function inject(attacker: PeerNode, frames: Buffer[]): string[] {
  const links = engineOf(attacker).links();
  for (const l of links) for (const f of frames) l.conn.sendFrame(f);
  return links.map((l) => l.key);
}

const HONEST = 5;
const GOSSIP_COUNT = 3;
/** Short, so that a Message List forgets within seconds: entries live 2–3 × this. */
const TTL_MS = 1_500;
const FLOOD = 2_000;
const { originBurst, originRatePerSec } = DEFAULT_LIMITS;

describe('a neighbour flooding new gossip', () => {
  let net: NetworkHost;
  afterEach(async () => net.stopAll());

  it('is throttled and cut off; honest gossip still reaches every honest peer; a replay after the Message List forgot is dropped as stale', async () => {
    const lines = new Map<string, string[]>();
    net = new NetworkHost({
      randomSeed: 9,
      timing: { gossipCount: GOSSIP_COUNT, gossipIntervalMs: 150, livenessIntervalMs: 60_000 },
      limits: { messageTtlMs: TTL_MS },
      logger: (id) => {
        const mine: string[] = [];
        lines.set(id, mine);
        return { info: (l) => mine.push(l), warn: (l) => mine.push(l), error: (l) => mine.push(l) };
      },
    });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    await net.addSeed();
    const honestIds = await net.addPeers(HONEST, { autoGossip: false });
    expect(honestIds).toHaveLength(HONEST);
    // the attacker joins last, by the real protocol: the honest peers stay connected without it
    const [attackerId] = await net.addPeers(1, { autoGossip: false });
    const attacker = net.get(attackerId!) as PeerNode;
    const honest = honestIds.map((id) => net.get(id) as PeerNode);
    const victims = engineOf(attacker).links().map((l) => net.get(l.key) as PeerNode);
    expect(victims.length).toBeGreaterThan(0);
    const honestLinks = net.links().filter(([a, b]) => a !== attackerId && b !== attackerId);

    // 1. a replay: a message that went round, sent again once every Message List forgot it
    const old = gossipFrame(attacker.addr, 1_000, Date.now());
    inject(attacker, [old.frame]);
    await waitFor(() => honest.every((p) => p.messageList.has(old.id)), { what: 'the first message at every honest peer' });
    await waitFor(() => victims.every((v) => !v.messageList.has(old.id)), { what: 'the Message Lists to forget it', timeoutMs: 15_000 });
    const staleBefore = victims.map((v) => engineOf(v).stale);
    const marker = gossipFrame(attacker.addr, 1_001, Date.now());
    inject(attacker, [old.frame, marker.frame]); // frames on one link are handled in order: the marker comes after the replay
    await waitFor(() => victims.every((v) => v.messageList.has(marker.id)), { what: 'the marker after the replay' });
    victims.forEach((v, i) => expect(engineOf(v).stale).toBe(staleBefore[i]! + 1));
    const takes = (id: string, node: string): number => events.filter((e) => e.type === 'gossip-received' && e.id === id && e.node === node).length;
    for (const p of honest) expect(takes(old.id, p.id)).toBe(1);
    for (const v of victims) expect(v.messageList.has(old.id)).toBe(false);

    // 2. the flood, while the honest peers gossip
    const fake: Addr = { host: '10.66.66.66', port: 6666 };
    const t0 = Date.now();
    for (const p of honest) p.startGossip();
    const flood = Array.from({ length: FLOOD }, (_, i) => gossipFrame(fake, i + 1, t0).frame);
    const written = inject(attacker, flood);
    expect(written.sort()).toEqual(victims.map((v) => v.id).sort());
    await waitFor(() => victims.every((v) => !v.neighbours().includes(attacker.id)), { what: 'every victim to cut the attacker off', timeoutMs: 20_000 });
    const honestMessages = () => events.filter((e) => e.type === 'gossip-generated' && honestIds.includes(e.node)).map((e) => (e as { id: string }).id);
    await waitFor(() => honestMessages().length === HONEST * GOSSIP_COUNT, { what: 'every honest message to be made', timeoutMs: 20_000 });
    await waitFor(() => honest.every((p) => honestMessages().every((id) => p.messageList.has(id))), {
      what: 'every honest message at every honest peer (coverage 1.0)',
      timeoutMs: 20_000,
    });
    const elapsedSec = (Date.now() - t0) / 1000;

    // every honest peer is up and took at most what one origin may make of the fake origin's messages
    const allowed = originBurst + originRatePerSec * elapsedSec;
    for (const p of honest) {
      expect(p.running).toBe(true);
      const took = events.filter((e) => e.type === 'gossip-received' && e.node === p.id && e.origin === addrKey(fake)).length;
      expect(took, `${p.id} took ${took} of the flood`).toBeLessThanOrEqual(allowed);
      // and did not log it line by line (the measured attack: over 100 MB of logs)
      expect(lines.get(p.id)!.length, `${p.id} log lines`).toBeLessThan(allowed + 100);
    }
    for (const v of victims) {
      expect(engineOf(v).throttled).toBeGreaterThanOrEqual(DEFAULT_LIMITS.throttleStrikes);
      expect(engineOf(v).abusive).toBeGreaterThanOrEqual(1);
      expect(events).toContainEqual(expect.objectContaining({ type: 'link-down', node: v.id, neighbour: attacker.id, reason: 'rejected' }));
    }
    // only the attacker was cut; the honest links are all still there
    const rejected = events.filter((e) => e.type === 'link-down' && e.reason === 'rejected');
    expect(rejected.every((e) => (e as { neighbour: string }).neighbour === attacker.id)).toBe(true);
    const now = net.links().map(([a, b]) => `${a} ${b}`);
    for (const [a, b] of honestLinks) expect(now).toContain(`${a} ${b}`);
    // the attacker was told why
    await waitFor(() => lines.get(attacker.id)!.some((l) => l.includes('rate-limited')), { what: 'the attacker to get error rate-limited' });
  });

  it('a flood with a made-up origin for every message is throttled too: the neighbour may introduce only so many new origins', async () => {
    const maxOrigins = 150;
    net = new NetworkHost({
      randomSeed: 4,
      timing: { gossipCount: GOSSIP_COUNT, gossipIntervalMs: 150, livenessIntervalMs: 60_000 },
      limits: { maxOrigins, newOriginsPerSec: 5 },
    });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    await net.addSeed();
    const honestIds = await net.addPeers(HONEST, { autoGossip: false });
    const [attackerId] = await net.addPeers(1, { autoGossip: false });
    const attacker = net.get(attackerId!) as PeerNode;
    const honest = honestIds.map((id) => net.get(id) as PeerNode);
    const victims = engineOf(attacker).links().map((l) => net.get(l.key) as PeerNode);
    const t0 = Date.now();
    for (const p of honest) p.startGossip();
    // 2,000 messages, each of its own origin (10.77.x.y:7000)
    const flood = Array.from({ length: FLOOD }, (_, i) => gossipFrame({ host: `10.77.${i >> 8}.${i & 255}`, port: 7000 }, 1, t0).frame);
    inject(attacker, flood);
    await waitFor(() => victims.every((v) => !v.neighbours().includes(attacker.id)), { what: 'every victim to cut the attacker off', timeoutMs: 20_000 });
    const honestMessages = () => events.filter((e) => e.type === 'gossip-generated' && honestIds.includes(e.node)).map((e) => (e as { id: string }).id);
    await waitFor(() => honestMessages().length === HONEST * GOSSIP_COUNT, { what: 'every honest message to be made', timeoutMs: 20_000 });
    await waitFor(() => honest.every((p) => honestMessages().every((id) => p.messageList.has(id))), { what: 'coverage 1.0 of honest messages', timeoutMs: 20_000 });
    const elapsedSec = (Date.now() - t0) / 1000;
    const fromFlood = (p: PeerNode): number => events.filter((e) => e.type === 'gossip-received' && e.node === p.id && e.origin.startsWith('10.77.')).length;
    // each honest peer took at most the new-origin allowance of the neighbours that brought them
    for (const p of honest) {
      expect(p.running).toBe(true);
      expect(fromFlood(p)).toBeLessThanOrEqual(p.degree * (maxOrigins + 5 * elapsedSec) + maxOrigins);
      expect(fromFlood(p)).toBeLessThan(FLOOD);
    }
    for (const v of victims) expect(events).toContainEqual(expect.objectContaining({ type: 'link-down', node: v.id, neighbour: attacker.id, reason: 'rejected' }));
  });
});
