/**
 * Gossip over one real link, driven frame by frame from a raw socket: the Message List key is
 * checked on first receipt, copies are dropped, and a first receipt is forwarded once. Then the
 * engine alone on a hand-moved clock: stale and future messages, replays after the Message List
 * forgot, the per-origin rate limit, strikes and `onAbuse`, and the peer's own messages exempt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import { messageId } from '../../../src/core/peer/messageList';
import type { PeerNode } from '../../../src/core/peer/peerNode';
import { RawClient } from '../../helpers/rawClient';
import type { Claimant } from '../../helpers/claimant';
import { listenAsClaimant } from '../../helpers/claimant';
import { waitFor } from '../../helpers/waitFor';
import type { Clock } from '../../../src/core/clock';
import type { Connection } from '../../../src/core/net/connection';
import type { Limits } from '../../../src/core/net/limits';
import { DEFAULT_LIMITS } from '../../../src/core/net/limits';
import type { GossipLink } from '../../../src/core/peer/gossip';
import { GossipEngine } from '../../../src/core/peer/gossip';
import type { PeerTiming } from '../../../src/core/peer/options';
import { DEFAULT_TIMING } from '../../../src/core/peer/options';
import type { MessageOf } from '../../../src/core/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/core/protocol/messages';

describe('gossip at one peer', () => {
  let net: NetworkHost;
  let client: RawClient | undefined;
  let claimant: Claimant | undefined;
  afterEach(async () => {
    client?.destroy();
    await claimant?.close();
    await net.stopAll();
  });

  it('refuses a frame whose id is not the hash of its text, takes the first copy, drops the rest', async () => {
    net = new NetworkHost({ randomSeed: 2, timing: { gossipCount: 0, livenessIntervalMs: 60_000 } });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    await net.addSeed();
    await net.addPeers(2);
    const [peer, other] = net.peers() as [PeerNode, PeerNode];
    client = await RawClient.connect(peer.addr.port);
    // the raw client proves the address it claims: a listener there confirms the peer's reach-check
    claimant = await listenAsClaimant();
    const me = claimant.addr;
    expect(await client.request({ v: 2, type: 'peer-hello', rid: 1, from: me, proof: 'c'.repeat(64) })).toMatchObject({ type: 'peer-accept', rid: 1 });
    expect(claimant.checks).toEqual([{ proof: 'c'.repeat(64), verifier: peer.addr }]);
    const before = peer.messageList.size;
    const t0 = Date.now();
    const text = `${t0}:127.0.0.1:${me.port}:1`;
    const gossip = { v: 2, type: 'gossip', text, origin: me, seq: 1, createdAt: t0, hops: 0 };

    await client.send({ ...gossip, id: messageId('something else') });
    expect(await client.nextFrame()).toMatchObject({ type: 'error', code: 'bad-message' });
    expect(peer.messageList.size).toBe(before);

    await client.send({ ...gossip, id: messageId(text) });
    await client.send({ ...gossip, id: messageId(text) }); // a copy, parsed and dropped
    await client.send({ v: 2, type: 'gossip', id: messageId(text), text, origin: me, seq: 1, createdAt: t0, hops: 0 }); // a copy in our own key order: dropped unparsed
    await waitFor(() => peer.duplicatesDropped === 2, { what: 'both copies to be dropped' });
    expect(peer.messageList.size).toBe(before + 1);
    expect(events.find((e) => e.type === 'gossip-received' && e.node === peer.id)).toMatchObject({ from: `127.0.0.1:${me.port}`, forwarded: 1 });
    // forwarded once to the other peer, never back to the sender
    await waitFor(() => other.messageList.has(messageId(text)), { what: 'the other peer to get it' });
    const firsts = events.filter((e) => e.type === 'gossip-received' && e.id === messageId(text));
    expect(firsts.map((e) => [e.node, (e as { hops: number }).hops])).toEqual([
      [peer.id, 1],
      [other.id, 2],
    ]);
  });
});

/** A GossipEngine on a fake host: a clock the test moves (timers run by `tick`), neighbours that record frames. */
function engineOnFakeHost(limits: Partial<Limits> = {}, timing: Partial<PeerTiming> = {}) {
  const clock = { t: 1_700_000_000_000 };
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 0;
  const fakeClock: Clock = {
    now: () => clock.t,
    setTimeout: (fn, ms) => (timers.push({ at: clock.t + ms, fn, id: ++nextId }), nextId),
    clearTimeout: (h) => {
      const i = timers.findIndex((x) => x.id === h);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  /** Advances the clock by `ms`, running the timers that fall due, in order. */
  const tick = (ms: number): void => {
    const end = clock.t + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      clock.t = next.at;
      next.fn();
    }
    clock.t = end;
  };
  const sent = new Map<string, Buffer[]>();
  const link = (key: string): GossipLink => {
    sent.set(key, []);
    return { key, conn: { sendFrame: (f: Buffer) => (sent.get(key)!.push(f), true) } as unknown as Connection };
  };
  const links = ['10.0.0.1:1', '10.0.0.2:2', '10.0.0.3:3'].map(link);
  const events: NodeEvent[] = [];
  const warnings: string[] = [];
  const abuse: Array<[string, string]> = [];
  const fullLimits: Limits = { ...DEFAULT_LIMITS, ...limits };
  const engine = new GossipEngine({
    clock: fakeClock,
    timing: { ...DEFAULT_TIMING, ...timing },
    self: () => ({ host: '10.0.0.9', port: 9 }),
    neighbours: () => links,
    log: { info() {}, warn: (l) => warnings.push(l), error() {} },
    nodeId: () => '10.0.0.9:9',
    emit: (e) => events.push(e),
    limits: fullLimits,
    onAbuse: (k, why) => abuse.push([k, why]),
  });
  let n = 0;
  /** A valid new gossip message from `origin`, created `age` ms ago (negative: in the future). */
  const message = (origin = { host: '10.1.1.1', port: 1 }, age = 0): MessageOf<'gossip'> => {
    const createdAt = clock.t - age;
    const text = `${createdAt}:${origin.host}:${origin.port}:${++n}`;
    return { v: PROTOCOL_VERSION, type: 'gossip', id: messageId(text), text, origin, seq: n, createdAt, hops: 0 } as MessageOf<'gossip'>;
  };
  const received = (): number => events.filter((e) => e.type === 'gossip-received').length;
  return { clock, tick, engine, sent, events, warnings, abuse, message, received, limits: fullLimits };
}

describe('the gossip engine on a fake clock', () => {
  const FROM = '10.0.0.1:1';

  it('drops as stale a message older than messageTtlMs or stamped further in the future, and counts it', () => {
    const h = engineOnFakeHost({ messageTtlMs: 1_000 });
    for (const age of [1_001, -1_001, 50_000_000]) {
      expect(h.engine.receive(h.message(undefined, age), FROM)).toBe(true);
    }
    expect(h.engine.stale).toBe(3);
    expect(h.received()).toBe(0);
    expect(h.engine.ml.size).toBe(0);
    expect([...h.sent.values()].every((f) => f.length === 0)).toBe(true);
    // the edges are still fresh
    for (const age of [1_000, -1_000, 0]) h.engine.receive(h.message(undefined, age), FROM);
    expect(h.received()).toBe(3);
    expect(h.engine.stale).toBe(3);
    // one summary line a second, not one a message: the first drop at once, the rest summed later
    expect(h.warnings.filter((w) => w.includes('stale'))).toEqual([`dropped new messages from ${FROM}: 1 stale; strikes 0/100`]);
    h.tick(1_000);
    h.engine.receive(h.message(undefined, 1_001), FROM);
    expect(h.warnings.filter((w) => w.includes('stale'))).toHaveLength(2);
    expect(h.warnings.at(-1)).toContain('3 stale');
  });

  it('never takes a message twice: a replay is a duplicate while the Message List has it, stale after', () => {
    const ttl = 1_000;
    const h = engineOnFakeHost({ messageTtlMs: ttl });
    // created as late and as early as accepted, and in between
    const ms = [h.message(undefined, ttl), h.message(undefined, 0), h.message(undefined, -ttl)];
    for (const m of ms) h.engine.receive(m, FROM);
    expect(h.received()).toBe(3);
    expect(h.engine.ml.lifetimeMs).toBe(2 * ttl);
    let forgotten = 0;
    for (let step = 0; step < 40; step++) {
      h.tick(100); // 4 s in all: every entry is long forgotten by the end
      for (const m of ms) {
        if (!h.engine.ml.has(m.id)) forgotten++;
        h.engine.receive({ ...m }, '10.0.0.2:2');
      }
    }
    expect(forgotten).toBeGreaterThan(0);
    expect(h.received()).toBe(3);
    expect(h.engine.duplicates + h.engine.stale).toBe(40 * 3);
  });

  it('throttles an origin over burst + rate × t: not recorded, forwarded or logged one by one', () => {
    const h = engineOnFakeHost({ originBurst: 5, originRatePerSec: 2, throttleStrikes: 1_000 });
    const origin = { host: '10.6.6.6', port: 6 };
    for (let i = 0; i < 8; i++) h.engine.receive(h.message(origin), FROM);
    expect(h.received()).toBe(5);
    expect(h.engine.throttled).toBe(3);
    expect(h.engine.ml.size).toBe(5);
    expect(h.sent.get('10.0.0.2:2')).toHaveLength(5);
    h.tick(1_000); // two more tokens
    for (let i = 0; i < 8; i++) h.engine.receive(h.message(origin), '10.0.0.2:2');
    expect(h.received()).toBe(7);
    // another origin is not affected
    h.engine.receive(h.message({ host: '10.7.7.7', port: 7 }), FROM);
    expect(h.received()).toBe(8);
    // at most one summary line per neighbour per second
    expect(h.warnings.filter((w) => w.startsWith('dropped new messages from 10.0.0.1:1'))).toHaveLength(1);
    expect(h.warnings.filter((w) => w.startsWith('dropped new messages from 10.0.0.2:2'))).toHaveLength(1);
  });

  it('strikes a neighbour that forwards more of one origin than an origin can make, and reports it at throttleStrikes', () => {
    const h = engineOnFakeHost({ originBurst: 5, originRatePerSec: 1, throttleStrikes: 4 });
    const origin = { host: '10.6.6.6', port: 6 };
    // the first 2 × burst of one neighbour cost it nothing (the relay allowance), the next 4 are strikes
    for (let i = 0; i < 13; i++) h.engine.receive(h.message(origin), FROM);
    expect(h.engine.strikes(FROM)).toBe(3);
    expect(h.abuse).toEqual([]);
    h.engine.receive(h.message(origin), FROM);
    expect(h.abuse).toHaveLength(1);
    expect(h.abuse[0]![0]).toBe(FROM);
    expect(h.abuse[0]![1]).toMatch(/10\.6\.6\.6:6/);
    expect(h.engine.abusive).toBe(1);
    expect(h.engine.strikes(FROM)).toBe(0); // counting starts again
    expect(h.received()).toBe(5);
  });

  it('an honest relay of a flood is never struck: two neighbours forwarding different messages of one origin', () => {
    const h = engineOnFakeHost({ originBurst: 5, originRatePerSec: 1, throttleStrikes: 1 });
    const origin = { host: '10.6.6.6', port: 6 };
    // each neighbour took its own burst of the origin's messages (the attacker sent them different ones)
    for (const from of ['10.0.0.1:1', '10.0.0.2:2', '10.0.0.3:3']) for (let i = 0; i < 5; i++) h.engine.receive(h.message(origin), from);
    expect(h.received()).toBe(5);
    expect(h.engine.throttled).toBe(10);
    expect(h.abuse).toEqual([]);
  });

  it('keeps at most maxOrigins origin buckets', () => {
    const h = engineOnFakeHost({ maxOrigins: 3 });
    // each origin from its own neighbour: no neighbour introduces more than maxOrigins new origins
    for (let i = 1; i <= 20; i++) h.engine.receive(h.message({ host: '10.1.1.1', port: i }), `10.9.9.9:${i}`);
    expect(h.received()).toBe(20);
    expect(h.engine.origins.size).toBe(3);
    expect(h.engine.relays.size).toBe(3);
  });

  it('lets one neighbour introduce at most maxOrigins new origins at once, then newOriginsPerSec', () => {
    const h = engineOnFakeHost({ maxOrigins: 3, newOriginsPerSec: 1 });
    for (let i = 1; i <= 20; i++) h.engine.receive(h.message({ host: '10.1.1.1', port: i }), FROM);
    expect(h.received()).toBe(3);
    expect(h.engine.throttled).toBe(17);
    expect(h.engine.strikes(FROM)).toBe(17);
    h.tick(1_000);
    h.engine.receive(h.message({ host: '10.1.1.2', port: 1 }), FROM);
    expect(h.received()).toBe(4);
  });

  it("exempts the peer's own messages from the origin limit", () => {
    const h = engineOnFakeHost({ originBurst: 1, originRatePerSec: 1 }, { gossipCount: 10, gossipIntervalMs: 1 });
    h.engine.start();
    h.tick(20);
    expect(h.engine.created).toBe(10);
    expect(h.sent.get(FROM)).toHaveLength(10);
    expect(h.engine.throttled).toBe(0);
  });

  it('bounds the Message List by originBurst × maxOrigins', () => {
    const h = engineOnFakeHost({ originBurst: 2, maxOrigins: 3 });
    expect(h.engine.ml.maxEntries).toBe(6);
  });
});
