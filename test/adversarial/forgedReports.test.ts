/**
 * Issue 9, forged dead-node reports. Measured against v1: a connection that never registered
 * sent `dead-node` for a live peer to 3 seeds and 2 removed it at once; seven frames emptied
 * every table. Now a seed believes no report: it removes a peer only when its own liveness probe
 * of it fails too; a report naming a reporter registered here must carry that peer's token, and
 * any other report is only a hint for the probe (peers report to every seed of their list).
 *
 * One network (3 real seeds, 6 real peers, quick timings) is attacked in order: reports from a
 * connection that never registered (as a made-up reporter, and as a real peer with a guessed
 * token) for every listed peer at every seed; then reports from a registered attacker (it proves
 * an address it owns through a claimant) about live peers; honest gossip still reaches everyone;
 * finally a peer really crashes and IS removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/core/events';
import { NetworkHost } from '../../src/core/runtime/network';
import type { PeerNode } from '../../src/core/peer/peerNode';
import type { SeedNode } from '../../src/core/seed/seedNode';
import { addrKey } from '../../src/core/protocol/addr';
import type { Token } from '../../src/core/protocol/proof';
import type { Claimant } from '../helpers/claimant';
import { listenAsClaimant } from '../helpers/claimant';
import { Attacker, expectCoverage, expectError, msg, ofType, randomHex, recordEvents, settled, tableOf } from '../helpers/attacker';
import { waitFor } from '../helpers/waitFor';

const PEERS = 6;
const GOSSIP_COUNT = 3;

describe('forged dead-node reports (3 seeds, 6 peers)', () => {
  let net: NetworkHost;
  let events: NodeEvent[];
  let seeds: SeedNode[];
  let honest: PeerNode[];
  let tables: Map<string, string[]>;
  let neighbourSets: Map<string, string[]>;
  const attacker = new Attacker();
  let claimant: Claimant;
  /** The attacker's token at each seed, by seed id. */
  const tokens = new Map<string, Token>();

  const neighboursNow = (): Map<string, string[]> => new Map(honest.filter((p) => p.running).map((p) => [p.id, [...p.neighbours()].sort()]));

  beforeAll(async () => {
    net = new NetworkHost({
      randomSeed: 91,
      timing: { gossipIntervalMs: 50, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 150, livenessMisses: 2 },
      limits: { deadProbeTimeoutMs: 1_000 },
    });
    events = recordEvents(net);
    for (let i = 0; i < 3; i++) await net.addSeed();
    const ids = await net.addPeers(PEERS, { autoGossip: false });
    expect(ids).toHaveLength(PEERS);
    seeds = net.seeds();
    honest = ids.map((id) => net.get(id) as PeerNode);
    // a quiet network: the seeds' tables no longer change (their degrees are not compared with
    // the peers' own here: see liesAboutOthers.test.ts for the degree a seed refuses wrongly)
    tables = new Map(await settled(() => seeds.map((s) => [s.id, tableOf(s)] as const)));
    neighbourSets = neighboursNow();
    claimant = await listenAsClaimant();
  });

  afterAll(async () => {
    attacker.destroyAll();
    await claimant?.close();
    await net?.stopAll();
  });

  it('a connection that never registered: its reports are only hints for the seed\'s own probe (or forbidden with a guessed token); no table changes', async () => {
    const refusedBefore = ofType(events, 'report-refused').length;
    let forbidden = 0;
    for (const seed of seeds) {
      const c = await attacker.connect(seed.addr.port);
      const listed = seed.peers();
      expect(listed.length).toBeGreaterThan(0);
      for (const victim of listed) {
        // as a made-up reporter, not registered here: a hint, checked by the seed's own probe
        const rid1 = attacker.nextRid();
        const made = { host: '127.0.0.1', port: 9 };
        const a1 = await c.request(msg('dead-node', { rid: rid1, dead: { host: victim.host, port: victim.port }, timestamp: Date.now(), reporter: made, token: randomHex() }));
        expect(a1).toMatchObject({ type: 'ack', rid: rid1 });
        expect(['checking', 'refused: the peer answered a probe just now']).toContain((a1 as { detail?: string }).detail);
        // as a real registered peer of this seed, with a guessed token: forbidden
        const as = listed.find((e) => addrKey(e) !== addrKey(victim))!;
        const rid2 = attacker.nextRid();
        const a2 = await c.request(msg('dead-node', { rid: rid2, dead: { host: victim.host, port: victim.port }, timestamp: Date.now(), reporter: { host: as.host, port: as.port }, token: randomHex() }));
        expect(expectError(a2, 'forbidden', rid2)).toMatch(/only the registered node/);
        forbidden++;
      }
      expect(c.isClosed, 'a refused report does not close the connection').toBe(false);
    }
    // each forbidden report and each probe the peer answered is a refusal event
    await waitFor(() => ofType(events, 'report-refused').length - refusedBefore >= forbidden + seeds.length, { what: 'the refusals' });
    await new Promise((r) => setTimeout(r, 100)); // any refusal still on its way
    const refused = ofType(events, 'report-refused').slice(refusedBefore);
    expect(refused.filter((e) => /token is not/.test(e.why))).toHaveLength(forbidden);
    for (const e of refused) expect(e.why).toMatch(/token is not|answered the seed's own liveness probe/);
    // no seed removed anyone; no peer lost a neighbour
    for (const s of seeds) expect(tableOf(s)).toEqual(tables.get(s.id));
    expect(ofType(events, 'peer-removed')).toEqual([]);
    expect(neighboursNow()).toEqual(neighbourSets);
  });

  it('a registered attacker reporting live peers: acked "checking", refused by the seed\'s own probe, tables unchanged', async () => {
    // the attacker registers an address it really owns at every seed
    for (const seed of seeds) {
      const c = await attacker.connect(seed.addr.port);
      const { token, answer, rid } = await attacker.register(c, claimant.addr);
      expect(answer).toMatchObject({ type: 'registered', rid });
      tokens.set(seed.id, token);
    }
    const withAttacker = new Map(seeds.map((s) => [s.id, tableOf(s)]));
    const refusedBefore = ofType(events, 'report-refused').length;
    let checking = 0;
    for (const seed of seeds) {
      const c = await attacker.connect(seed.addr.port);
      const token = tokens.get(seed.id)!.token;
      for (const victim of honest) {
        const rid = attacker.nextRid();
        const a = await c.request(msg('dead-node', { rid, dead: victim.addr, timestamp: Date.now(), reporter: claimant.addr, token }));
        const listed = seed.peers().some((e) => addrKey(e) === victim.id);
        expect(a).toMatchObject({ type: 'ack', rid, detail: listed ? 'checking' : 'unknown peer' });
        if (listed) checking++;
      }
      // reporting itself is refused outright
      const rid = attacker.nextRid();
      expect(await c.request(msg('dead-node', { rid, dead: claimant.addr, timestamp: Date.now(), reporter: claimant.addr, token }))).toMatchObject({
        type: 'ack',
        rid,
        detail: 'refused: a peer cannot report itself',
      });
    }
    expect(checking).toBe(PEERS * 2); // each peer is listed at 2 of the 3 seeds
    // each report is refused once the seed's probe reaches the live peer
    await waitFor(() => ofType(events, 'report-refused').length - refusedBefore >= checking, { what: `${checking} reports refused by the seeds' probes`, timeoutMs: 15_000 });
    const refused = ofType(events, 'report-refused').slice(refusedBefore);
    expect(refused).toHaveLength(checking);
    for (const e of refused) {
      expect(e.reporter).toBe(addrKey(claimant.addr));
      expect(e.why).toMatch(/answered the seed's own liveness probe/);
    }
    for (const s of seeds) expect(tableOf(s)).toEqual(withAttacker.get(s.id));
    expect(ofType(events, 'peer-removed')).toEqual([]);
    expect(neighboursNow()).toEqual(neighbourSets);
    expect(honest.every((p) => p.running)).toBe(true);
  });

  it('honest gossip still reaches every honest peer (coverage 1.0)', async () => {
    net.startGossip();
    await expectCoverage(honest, events, PEERS * GOSSIP_COUNT);
    expect(ofType(events, 'dead-node-reported')).toEqual([]);
  });

  it('a peer that really crashed IS removed: by its neighbours\' reports and by the attacker\'s, once each seed\'s probe fails', async () => {
    // the peer with the fewest neighbours
    const victim = [...honest].sort((a, b) => a.degree - b.degree)[0]!;
    const holders = seeds.filter((s) => s.peers().some((e) => addrKey(e) === victim.id));
    expect(holders).toHaveLength(2);
    await victim.kill();
    // its neighbours find out by liveness and report it
    await waitFor(() => ofType(events, 'dead-node-reported').some((e) => e.dead === victim.id), { what: 'a neighbour to report the crashed peer', timeoutMs: 10_000 });
    // the attacker's true report is honoured too (a registered peer telling the truth)
    for (const seed of holders) {
      const c = await attacker.connect(seed.addr.port);
      const rid = attacker.nextRid();
      const a = await c.request(msg('dead-node', { rid, dead: victim.addr, timestamp: Date.now(), reporter: claimant.addr, token: tokens.get(seed.id)!.token }));
      expect(a).toMatchObject({ type: 'ack', rid });
      expect(['checking', 'unknown peer']).toContain(a.detail);
    }
    await waitFor(() => holders.every((s) => !s.peers().some((e) => addrKey(e) === victim.id)), { what: 'every seed to remove the crashed peer', timeoutMs: 10_000 });
    const removed = ofType(events, 'peer-removed').filter((e) => e.peer === victim.id);
    expect(removed.map((e) => e.node).sort()).toEqual(holders.map((s) => s.id).sort());
    for (const e of removed) expect(e.reason).toBe('dead');
    // nobody else was removed, and every other honest peer is still listed where it was
    expect(ofType(events, 'peer-removed').filter((e) => e.peer !== victim.id)).toEqual([]);
    for (const s of seeds) {
      const others = (tables.get(s.id) ?? []).map((l) => l.split(' ')[0]!).filter((k) => k !== victim.id);
      for (const k of others) expect(s.peers().map(addrKey)).toContain(k);
    }
  });
});
