/**
 * Issue 9, connections held forever. Measured against v1: 4,096 idle connections locked honest
 * joiners out of a seed (whose error said "connection closed", not that the seed was full);
 * against a full peer a joiner ended with no neighbours and no error; a link that stayed
 * backlogged for 10 s was cut as `frame-timeout` although frames kept completing on it.
 *
 * Now an inbound connection that is not a link is closed after `idleTimeoutMs` without a valid
 * message (`error idle-timeout`); a node at `maxConnections` (or `maxConnectionsPerIp`) answers
 * `error busy` before closing, which fails the dialler's pending request with code `busy`; a peer
 * at `maxNeighbours` rejects a hello with `full`, and the joiner names that failure; the frame
 * timer restarts whenever a frame completes. Real seeds and peers, lowered bounds; the idle and
 * frame timers run on a manual clock (test/helpers/manualClock.ts), so they fire when the test
 * moves the clock, not when a busy machine is slow to send the next request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/core/events';
import type { Limits } from '../../src/core/net/limits';
import { PeerNode } from '../../src/core/peer/peerNode';
import { JoinError } from '../../src/core/peer/seedClient';
import { SeedNode } from '../../src/core/seed/seedNode';
import { addrKey } from '../../src/core/protocol/addr';
import type { Claimant } from '../helpers/claimant';
import { listenAsClaimant } from '../helpers/claimant';
import type { RawClient } from '../helpers/rawClient';
import { frame } from '../helpers/rawClient';
import { Attacker, expectError, linesLogger, msg, ofType, randomHex, recordEvents } from '../helpers/attacker';
import { waitFor } from '../helpers/waitFor';
import { ManualClock, settle } from '../helpers/manualClock';

const TIMING = { gossipIntervalMs: 50, gossipCount: 0, livenessIntervalMs: 60_000 };

describe('connections held forever', () => {
  const attacker = new Attacker();
  const nodes: Array<SeedNode | PeerNode> = [];
  const claimants: Claimant[] = [];

  async function seedWith(limits: Partial<Limits>, clock?: ManualClock): Promise<SeedNode> {
    const s = new SeedNode({ host: '127.0.0.1', port: 0, limits, clock });
    nodes.push(s);
    await s.start();
    return s;
  }

  function peerWith(seed: SeedNode, limits: Partial<Limits>, extra: { logger?: ReturnType<typeof linesLogger>; joinRetries?: number; clock?: ManualClock } = {}): PeerNode {
    const p = new PeerNode({ host: '127.0.0.1', port: 0, seeds: [seed.addr], ...TIMING, limits, joinRetries: extra.joinRetries ?? 0, logger: extra.logger, autoGossip: false, clock: extra.clock });
    nodes.push(p);
    return p;
  }

  async function claimant(): Promise<Claimant> {
    const c = await listenAsClaimant();
    claimants.push(c);
    return c;
  }

  afterEach(async () => {
    attacker.destroyAll();
    await Promise.all(claimants.splice(0).map((c) => c.close()));
    await Promise.all(nodes.splice(0).reverse().map((n) => n.stop()));
  });

  it('idle connections to a seed and to a peer are closed after idleTimeoutMs with error idle-timeout; a talking one stays', async () => {
    const limits = { idleTimeoutMs: 300 };
    const clock = new ManualClock();
    const seed = await seedWith(limits, clock);
    const peer = peerWith(seed, limits, { clock });
    await peer.start();
    const events = [...[seed, peer].map((n) => recordEvents(n))];
    for (const [i, node] of [seed, peer].entries()) {
      const silent = await Promise.all(Array.from({ length: 5 }, () => attacker.connect(node.addr.port)));
      const spokeOnce = await Promise.all(Array.from({ length: 5 }, () => attacker.connect(node.addr.port)));
      const valid = node === seed ? (rid: number) => msg('get-peers', { rid, offset: 0, limit: 10 }) : (rid: number) => msg('liveness', { rid, timestamp: 1, from: { host: '127.0.0.1', port: 9 } });
      for (const c of spokeOnce) expect((await c.request(valid(1))).type).not.toBe('error');
      const talker = await attacker.connect(node.addr.port);
      // 1.2 s of the clock, one request every 100 ms: 4 × idleTimeoutMs, and the talker is never cut
      for (let k = 0; k < 12; k++) {
        expect((await talker.request(valid(100 + k))).rid).toBe(100 + k);
        clock.advance(100);
        await settle();
      }
      for (const c of [...silent, ...spokeOnce]) {
        expect(expectError(await c.nextFrame(5_000), 'idle-timeout', null)).toMatch(/no message for 300 ms/);
        await c.closed(5_000);
      }
      expect(talker.isClosed).toBe(false);
      expect((await talker.request(valid(200))).rid).toBe(200);
      await waitFor(() => ofType(events[i]!, 'protocol-error').filter((e) => e.code === 'idle-timeout').length >= 10, { what: '10 idle-timeout events' });
    }
    expect(peer.running && seed.running).toBe(true);
  });

  it('a seed at maxConnectionsPerIp / maxConnections answers busy; the honest joiner\'s JoinError says busy and full, and it joins once the slots are free', async () => {
    const limits = { maxConnections: 8, maxConnectionsPerIp: 4, seedIdleMs: 100 };
    const seed = await seedWith(limits);
    const a = peerWith(seed, limits);
    await a.start();
    await waitFor(() => seed.connections === 0, { what: "the honest peer's seed connection to close (seedIdleMs)" });

    // 4 from 127.0.0.2 fill that address's share; a 5th from there is refused, naming the address
    const held: RawClient[] = [];
    for (let i = 0; i < 4; i++) held.push(await attacker.connect(seed.addr.port, '127.0.0.2'));
    for (const c of held) expect((await c.request(msg('get-peers', { rid: 1, offset: 0, limit: 1 }))).type).toBe('peer-list');
    const fifth = await attacker.connect(seed.addr.port, '127.0.0.2');
    expect(expectError(await fifth.nextFrame(), 'busy', null)).toMatch(/full for 127\.0\.0\.2: 4 connections/);
    await fifth.closed();
    // an honest joiner from another address is not locked out by that
    const b = peerWith(seed, limits);
    await b.start();
    expect(b.neighbours()).toEqual([a.id]);
    await waitFor(() => seed.connections === 4, { what: 'the joiners\' seed connections to close' });

    // 4 more from 127.0.0.3: the seed is full for everyone
    for (let i = 0; i < 4; i++) held.push(await attacker.connect(seed.addr.port, '127.0.0.3'));
    await waitFor(() => seed.connections === 8, { what: '8 held connections' });
    const ninth = await attacker.connect(seed.addr.port);
    expect(expectError(await ninth.nextFrame(), 'busy', null)).toMatch(/this node is full: 8 connections open/);
    const log = linesLogger();
    const c = peerWith(seed, limits, { logger: log });
    const err = await c.start().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(JoinError);
    expect(err!.message).toMatch(/busy: this node is full: 8 connections open/);
    expect(err!.message).not.toMatch(/connection closed/);
    expect(log.lines.some((l) => l.includes('join failed') && l.includes('busy'))).toBe(true);

    // the attacker lets go: the next joiner gets in
    for (const h of held) h.destroy();
    await waitFor(() => seed.connections === 0, { what: 'the held connections to be gone' });
    const d = peerWith(seed, limits);
    await d.start();
    expect(d.degree).toBe(2);
    expect(seed.peers().map(addrKey).sort()).toEqual([a.id, b.id, d.id].sort());
  });

  it('a peer at maxNeighbours rejects a hello with "full" before any reach-check; the joiner logs that named failure', async () => {
    const seed = await seedWith({});
    const victim = peerWith(seed, { maxNeighbours: 1 });
    await victim.start();
    // the attacker takes the victim's only neighbour slot with an address it owns
    const mine = await claimant();
    const link = await attacker.connect(victim.addr.port);
    const accept = await link.request(msg('peer-hello', { rid: 1, from: mine.addr, proof: randomHex() }), 5_000);
    expect(accept).toMatchObject({ type: 'peer-accept', rid: 1, peer: victim.addr, degree: 1 });
    expect(mine.checks).toHaveLength(1);
    expect(victim.neighbours()).toEqual([addrKey(mine.addr)]);

    // a second hello: rejected as full, and the victim does not even dial the claimed address
    const second = await claimant();
    const c2 = await attacker.connect(victim.addr.port);
    expect(await c2.request(msg('peer-hello', { rid: 2, from: second.addr, proof: randomHex() }))).toEqual(msg('peer-reject', { rid: 2, reason: 'full: 1 neighbours' }));
    expect(second.checks).toEqual([]);

    // an honest joiner whose only candidate is the full victim: no neighbours, and it says why
    const log = linesLogger();
    const joiner = peerWith(seed, {}, { logger: log });
    const events: NodeEvent[] = recordEvents(joiner);
    await joiner.start();
    expect(joiner.degree).toBe(0);
    expect(ofType(events, 'joined')).toHaveLength(1);
    expect(log.lines.some((l) => l.includes(`could not link to ${victim.id}: rejected: full: 1 neighbours`))).toBe(true);
    expect(log.lines.some((l) => l.includes(`linked 0 of 2 neighbours; could not link to ${victim.id} (rejected: full: 1 neighbours)`))).toBe(true);
    expect(victim.neighbours()).toEqual([addrKey(mine.addr)]);
  });

  it('a backlogged link that keeps completing frames is not cut as frame-timeout; a frame left incomplete is', async () => {
    const limits = { frameTimeoutMs: 500 };
    const clock = new ManualClock();
    const seed = await seedWith({});
    const peer = peerWith(seed, limits, { clock });
    await peer.start();
    const events = recordEvents(peer);
    const mine = await claimant();
    const link = await attacker.connect(peer.addr.port);
    expect(await link.request(msg('peer-hello', { rid: 1, from: mine.addr, proof: randomHex() }), 5_000)).toMatchObject({ type: 'peer-accept', rid: 1 });
    const request = (rid: number): Buffer => frame(msg('liveness', { rid, timestamp: rid, from: mine.addr }));

    // 20 chunks, 100 ms of the clock apart (2 s = 4 × frameTimeoutMs): each ends one frame and
    // begins the next, so a partial frame is pending the whole time, yet frames keep completing
    const ROUNDS = 20;
    let pending = request(10);
    await link.write(pending.subarray(0, 7));
    let rest = pending.subarray(7);
    for (let k = 1; k <= ROUNDS; k++) {
      clock.advance(100);
      pending = request(10 + k);
      const half = Math.floor(pending.length / 2);
      await link.write(Buffer.concat([rest, pending.subarray(0, half)]));
      rest = pending.subarray(half);
      const reply = await link.nextFrame();
      expect(reply, JSON.stringify(reply)).toMatchObject({ type: 'liveness-reply', rid: 10 + k - 1 });
    }
    expect(link.isClosed).toBe(false);
    expect(ofType(events, 'protocol-error')).toEqual([]);
    expect(peer.neighbours()).toEqual([addrKey(mine.addr)]);

    // now the rest never comes: cut after frameTimeoutMs (measured from the last completed frame)
    clock.advance(499);
    await settle();
    expect(link.isClosed).toBe(false);
    expect(link.queued).toBe(0);
    clock.advance(1);
    expect(expectError(await link.nextFrame(5_000), 'frame-timeout', null)).toMatch(/incomplete frame/);
    await link.closed(5_000);
    await waitFor(() => ofType(events, 'protocol-error').some((e) => e.code === 'frame-timeout'), { what: 'a frame-timeout event' });
  });
});
