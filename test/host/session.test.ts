/** LabSession over real loopback sockets: commands, the UI model, batching, crash detection. */
import { describe, expect, it } from 'vitest';
import type { LabSession } from '../../src/host/session';
import { addrKey } from '../../src/core/protocol/addr';
import { BATCH_INTERVAL_MS } from '../../src/shared/types';
import { Mirror, linkKeys, sameSet, sessionPool, waitFor, localNet } from './helpers';

const newSession = sessionPool();

/** Fast gossip; liveness slow enough that a busy machine does not make false deaths. */
const GOSSIP = { livenessIntervalMs: 2000, livenessMisses: 3, gossipIntervalMs: 200, gossipCount: 3 };
/** Fast liveness, so a crash is detected in a few hundred ms. */
const FAST = { livenessIntervalMs: 120, livenessMisses: 3, gossipCount: 0 };

async function startNetwork(session: LabSession, seeds: number, peers: number): Promise<void> {
  for (let i = 0; i < seeds; i++) {
    const r = await session.execute('addSeed', {});
    if (!r.ok) throw new Error(r.error);
  }
  const r = await session.execute('addPeers', { count: peers });
  if (!r.ok) throw new Error(r.error);
  expect(r.result.ids).toHaveLength(peers);
  expect(r.result.failed).toBe(0);
}

describe('LabSession', () => {
  it('draws exactly the nodes and links the network has, in batches no closer than BATCH_INTERVAL_MS', async () => {
    const session = newSession({ network: { randomSeed: 7 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    expect((await session.execute('setTiming', GOSSIP)).ok).toBe(true);
    await startNetwork(session, 2, 10);
    const net = localNet(session);
    const expectedNodes = [...net.seeds(), ...net.peers()].map((n) => n.id);
    const expectedLinks = () => linkKeys(net.links());
    await waitFor('the mirror to match the network', () => sameSet(mirror.nodes.keys(), expectedNodes) && sameSet(mirror.links, expectedLinks()), {
      describe: () => `mirror ${[...mirror.links].length} links, network ${net.links().length}`,
    });
    const snap = session.snapshot();
    expect(sameSet(snap.nodes.map((n) => n.id), expectedNodes)).toBe(true);
    expect(linkKeys(snap.links)).toEqual(expectedLinks());
    for (const n of snap.nodes) {
      expect(n.origin).toBe('local');
      expect(n.life).toBe('up');
      if (n.role === 'peer') expect(n.degree).toBe(net.links().filter(([a, b]) => a === n.id || b === n.id).length);
      else expect(n.degree).toBe(10); // a seed's degree: the peers it lists
    }
    // degree events and the snapshot use the network's own degree sequence
    await waitFor('a degrees event', () => mirror.ofKind('degrees').some((e) => e.report.degrees.length === 10));
    expect(snap.report.degrees.slice().sort()).toEqual(net.degrees().slice().sort());
    // timing came back as an event
    expect(mirror.ofKind('timing').at(-1)?.timing).toEqual({ ...GOSSIP, neighbours: 2 });
    // gossip: messages, with reach counts equal to the peers whose Message List has them
    const holders = (id: string) => net.peers().filter((p) => p.messageList.has(id)).length;
    await waitFor('every message with its exact reach', () => {
      const msgs = session.snapshot().messages;
      return msgs.length === 30 && msgs.every((m) => m.reached === holders(m.id));
    });
    for (const m of session.snapshot().messages) {
      const spread = await session.execute('messageSpread', { id: m.id });
      if (!spread.ok) throw new Error(spread.error);
      expect(spread.result.receipts).toHaveLength(m.reached - 1);
      expect(new Set(spread.result.receipts.map((r) => r.node)).size).toBe(m.reached - 1);
    }
    await waitFor('message upserts to reach the renderer', () => {
      const last = new Map(mirror.ofKind('message').map((e) => [e.message.id, e.message.reached]));
      return session.snapshot().messages.every((m) => last.get(m.id) === m.reached);
    });
    const inspect = await session.execute('inspectNode', { id: net.peers()[3]!.id });
    expect(inspect.ok && inspect.result.seeds.length).toBe(2);
    expect(inspect.ok && inspect.result.messagesSeen).toBeGreaterThan(0);
    // batch spacing, measured on real batches
    expect(mirror.batches.length).toBeGreaterThan(3);
    for (let i = 1; i < mirror.batches.length; i++) {
      expect(mirror.batches[i]!.at - mirror.batches[i - 1]!.at).toBeGreaterThanOrEqual(BATCH_INTERVAL_MS);
    }
    // node upserts are coalesced: one per node per batch at most
    for (const b of mirror.batches) {
      const ids = b.events.filter((e) => e.kind === 'node').map((e) => (e.kind === 'node' ? e.node.id : ''));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('shows a killed peer down, then dead, then removes it once every seed dropped it', async () => {
    const session = newSession({ network: { randomSeed: 3 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await session.execute('setTiming', FAST);
    await startNetwork(session, 2, 10);
    const net = localNet(session);
    // a peer two others list, registered with both seeds: its crash must be detected and reported
    const listers = (id: string) => net.peers().filter((p) => p.neighbours().includes(id)).length;
    const victim = net.peers().find((p) => listers(p.id) >= 2 && net.seeds().every((s) => s.peers().some((e) => addrKey(e) === p.id)))!;
    await waitFor('the victim to be drawn with its links', () => (mirror.nodes.get(victim.id)?.degree ?? 0) >= 2);
    const neighbours = net.peers().filter((p) => p.neighbours().includes(victim.id)).map((p) => p.id);
    const from = mirror.events.length;
    const kill = await session.execute('killNode', { id: victim.id });
    expect(kill).toEqual({ ok: true, result: { id: victim.id } });
    await waitFor('node-removed and dead-reported', () =>
      mirror.events.slice(from).some((e) => e.kind === 'node-removed' && e.id === victim.id) && mirror.ofKind('dead-reported').some((e) => e.dead === victim.id),
    );
    const lives = mirror.events
      .slice(from)
      .filter((e) => (e.kind === 'node' && e.node.id === victim.id) || (e.kind === 'node-removed' && e.id === victim.id))
      .map((e) => (e.kind === 'node' ? e.node.life : 'removed'));
    expect(lives.filter((l, i) => l !== lives[i - 1])).toEqual(['down', 'dead', 'removed']);
    const reported = mirror.ofKind('dead-reported').filter((e) => e.dead === victim.id);
    expect(reported.length).toBeGreaterThan(0);
    expect(neighbours).toContain(reported[0]!.reporter);
    expect(mirror.ofKind('liveness-missed').some((e) => e.neighbour === victim.id)).toBe(true);
    for (const seed of net.seeds()) expect(seed.peers().map(addrKey)).not.toContain(victim.id);
    expect([...mirror.links].some((l) => l.split(' ').includes(victim.id))).toBe(false);
    await waitFor('the mirror to match the network again', () => sameSet(mirror.links, linkKeys(net.links())));
  });

  it('removes a gracefully stopped peer and seed at once', async () => {
    const session = newSession({ network: { randomSeed: 5 } });
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await startNetwork(session, 2, 4);
    const peer = localNet(session).peers()[1]!.id;
    const seed = localNet(session).seeds()[0]!.id;
    expect((await session.execute('stopNode', { id: peer })).ok).toBe(true);
    expect((await session.execute('stopNode', { id: seed })).ok).toBe(true);
    await waitFor('both removed', () => !mirror.nodes.has(peer) && !mirror.nodes.has(seed));
    expect(session.snapshot().nodes.map((n) => n.id)).not.toContain(peer);
    const again = await session.execute('stopNode', { id: peer });
    expect(again).toEqual({ ok: false, error: `cannot stop ${peer}: it is not running` });
    const all = await session.execute('stopAll', {});
    expect(all).toEqual({ ok: true, result: { stopped: 4 } });
    await waitFor('everything removed', () => mirror.nodes.size === 0 && session.snapshot().nodes.length === 0);
  });

  it('answers invalid commands with a sentence naming the problem', async () => {
    const session = newSession();
    const cases: Array<[string, unknown, RegExp]> = [
      ['addSeed', { port: 70000 }, /port must be between 0 \(any free port\) and 65535/],
      ['addSeed', { host: 'not a host' }, /host is not an IP address or host name/],
      ['addPeers', { count: 0 }, /peer count must be at least 1/],
      ['addPeers', { count: 'ten' }, /peer count must be a number/],
      ['addPeers', { count: 2 }, /start a seed first/],
      ['stopNode', { id: '1.2.3.4:5' }, /^no node 1\.2\.3\.4:5 in this network$/],
      ['killNode', { id: '1.2.3.4:5' }, /^no node 1\.2\.3\.4:5 in this network$/],
      ['inspectNode', { id: '1.2.3.4:5' }, /^no node 1\.2\.3\.4:5 in this network$/],
      ['messageSpread', { id: 'a'.repeat(64) }, /no receipts kept for message aaaaaaaaaaaa/],
      ['messageSpread', { id: 'xyz' }, /SHA-256/],
      ['connectRemoteSeed', { address: 'nonsense' }, /not a seed address \(IP:Port\): missing ":port"/],
      ['setTiming', { livenessMisses: 0 }, /liveness misses must be at least 1/],
      ['exportDegrees', { format: 'csv' }, /saving files is not available/],
      ['frobnicate', {}, /unknown command frobnicate/],
    ];
    for (const [name, args, error] of cases) {
      const r = await session.execute(name, args);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error, `${name} ${JSON.stringify(args)}`).toMatch(error);
    }
  });

  it('reports a port in use', async () => {
    const session = newSession();
    const first = await session.execute('addSeed', { port: 0 });
    if (!first.ok) throw new Error(first.error);
    const port = Number(first.result.id.split(':')[1]);
    const second = await session.execute('addSeed', { port });
    expect(second).toEqual({ ok: false, error: `cannot listen on 127.0.0.1:${port}: EADDRINUSE` });
  });

  it('refuses commands after close', async () => {
    const session = newSession();
    await startNetwork(session, 1, 2);
    const net = localNet(session);
    await session.close();
    expect(net.peers()).toHaveLength(0);
    expect(session.runtime).toBeUndefined();
    expect(await session.execute('addSeed', {})).toEqual({ ok: false, error: 'the session is closed' });
  });
});
