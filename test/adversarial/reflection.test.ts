/**
 * Issue 9, reflection. Measured against v1: 300 `peer-hello`s with made-up addresses made a peer
 * dial all of them and file 300 dead-node reports. Now a hello is a claim the acceptor checks by
 * one dial back (a reach-check) before anything else; at most `maxPendingChecks` such dials run
 * at once (more are answered `busy`), a denied or unreachable claim is answered `unverified`, and
 * nothing becomes a neighbour, so nothing is ever reported dead.
 *
 * A real seed and 4 real peers (maxPendingChecks lowered to 8, liveness every 150 ms so that a
 * wrongly taken neighbour would be reported within the test); the made-up addresses are
 * 127.a.b.c on one port, where a single listener on 0.0.0.0 counts every dial by the address
 * dialled and denies each check, slowly, as an innocent host would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/core/events';
import { NetworkHost } from '../../src/core/runtime/network';
import type { PeerNode } from '../../src/core/peer/peerNode';
import type { SeedNode } from '../../src/core/seed/seedNode';
import { frame } from '../helpers/rawClient';
import type { DialCounter } from '../helpers/attacker';
import { Attacker, dialCounter, expectCoverage, msg, ofType, randomHex, recordEvents, settled, tableOf } from '../helpers/attacker';

const PEERS = 4;
const GOSSIP_COUNT = 5;
const MAX_CHECKS = 8;
const HELLOS = 300;

describe('reflection: 300 peer-hellos with made-up addresses', () => {
  let net: NetworkHost;
  let events: NodeEvent[];
  let seed: SeedNode;
  let honest: PeerNode[];
  let target: PeerNode;
  let table: string[];
  let neighbourSets: Record<string, string[]>;
  let counter: DialCounter;
  const attacker = new Attacker();

  const neighboursNow = (): Record<string, string[]> => Object.fromEntries(honest.map((p) => [p.id, [...p.neighbours()].sort()]));
  /** The i-th made-up address of a phase: 127.<phase>.x.y on the counter's port. */
  const madeUp = (phase: number, i: number): { host: string; port: number } => ({ host: `127.${phase}.${i >> 7}.${(i & 127) + 1}`, port: counter.port });

  beforeAll(async () => {
    net = new NetworkHost({
      randomSeed: 77,
      timing: { gossipIntervalMs: 100, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 150, livenessMisses: 2 },
      limits: { maxPendingChecks: MAX_CHECKS },
    });
    events = recordEvents(net);
    await net.addSeed();
    const ids = await net.addPeers(PEERS, { autoGossip: false });
    expect(ids).toHaveLength(PEERS);
    seed = net.seeds()[0]!;
    honest = ids.map((id) => net.get(id) as PeerNode);
    target = [...honest].sort((a, b) => b.degree - a.degree)[0]!;
    table = await settled(() => tableOf(seed));
    neighbourSets = neighboursNow();
    counter = await dialCounter(200);
    // honest gossip runs during the attack
    net.startGossip();
  });

  afterAll(async () => {
    attacker.destroyAll();
    await counter?.close();
    await net?.stopAll();
  });

  it('a burst in one write: at most maxPendingChecks dials at once, the rest answered busy; every dial denied → unverified', async () => {
    const c = await attacker.connect(target.addr.port);
    const rids = Array.from({ length: HELLOS }, () => attacker.nextRid());
    await c.write(Buffer.concat(rids.map((rid, i) => frame(msg('peer-hello', { rid, from: madeUp(1, i), proof: randomHex() })))));
    const answers = new Map<number, string>();
    for (let i = 0; i < HELLOS; i++) {
      const f = await c.nextFrame(10_000);
      expect(f.type, JSON.stringify(f)).toBe('error');
      if (f.code === 'busy') expect(f.message).toMatch(/too many checks in progress \(limit 8\)/);
      else {
        expect(f.code, JSON.stringify(f)).toBe('unverified');
        expect(f.message).toMatch(/did not confirm the claim \(not-claimed\)/);
      }
      answers.set(f.rid as number, f.code as string);
    }
    expect([...answers.keys()].sort((a, b) => a - b)).toEqual(rids);
    const unverified = [...answers.values()].filter((x) => x === 'unverified').length;
    expect(unverified).toBeGreaterThan(0);
    expect(unverified).toBeLessThan(HELLOS); // most were turned away without a dial
    expect(counter.dials).toHaveLength(unverified); // one dial per checked hello, no more
    expect(counter.maxPending).toBeLessThanOrEqual(MAX_CHECKS);
    for (const ch of counter.checks) expect(ch.verifier).toEqual(target.addr);
    expect(c.isClosed).toBe(false);
  });

  it('paced under the bound: every hello is checked by exactly one dial and answered unverified', async () => {
    counter.holdMs = 20;
    const before = counter.dials.length;
    const c = await attacker.connect(target.addr.port);
    for (let start = 0; start < HELLOS; start += MAX_CHECKS) {
      const batch = Array.from({ length: Math.min(MAX_CHECKS, HELLOS - start) }, (_, k) => start + k);
      const rids = batch.map(() => attacker.nextRid());
      await c.write(Buffer.concat(batch.map((i, k) => frame(msg('peer-hello', { rid: rids[k], from: madeUp(2, i), proof: randomHex() })))));
      const got: number[] = [];
      for (const _ of batch) {
        const f = await c.nextFrame(10_000);
        expect(f).toMatchObject({ type: 'error', code: 'unverified' });
        got.push(f.rid as number);
      }
      expect(got.sort((a, b) => a - b)).toEqual(rids);
    }
    const dials = counter.dials.slice(before);
    expect(dials).toHaveLength(HELLOS);
    expect(new Set(dials).size).toBe(HELLOS);
    expect(counter.maxPending).toBeLessThanOrEqual(MAX_CHECKS);
  });

  it('each made-up address was dialled at most once, no dead-node report was filed, and the network is unchanged', async () => {
    const perAddress = new Map<string, number>();
    for (const d of counter.dials) perAddress.set(d, (perAddress.get(d) ?? 0) + 1);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    // nothing became a neighbour, so liveness never asked the made-up addresses and nobody was reported
    await new Promise((r) => setTimeout(r, 500)); // > 3 liveness rounds
    expect(counter.liveness).toBe(0);
    expect(ofType(events, 'dead-node-reported')).toEqual([]);
    expect(ofType(events, 'report-refused')).toEqual([]);
    expect(ofType(events, 'link-up').filter((e) => e.node === target.id && !neighbourSets[target.id]!.includes(e.neighbour))).toEqual([]);
    expect(neighboursNow()).toEqual(neighbourSets);
    expect(tableOf(seed)).toEqual(table);
    expect(target.running).toBe(true);
  });

  it('honest gossip, running all through the attack, reached every honest peer (coverage 1.0)', async () => {
    await expectCoverage(honest, events, PEERS * GOSSIP_COUNT);
  });
});
