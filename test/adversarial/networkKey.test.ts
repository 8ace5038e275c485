/**
 * A keyed network against outsiders, over real loopback sockets: a seed and 3 peers holding one
 * network key join and gossip over TLS-PSK; a peer without the key and a peer with another key
 * try to join it, and to dial its peers directly. Both are refused at the handshake with a clear
 * error on both sides, and the keyed network is unchanged: the seed's table and every peer's
 * neighbour set are as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { NodeEvent } from '../../src/core/events';
import { NetworkHost } from '../../src/core/runtime/network';
import type { NodeLogger } from '../../src/core/log';
import { dial } from '../../src/core/net/connection';
import { DEFAULT_LIMITS } from '../../src/core/net/limits';
import { pskTransport } from '../../src/core/net/secure';
import { addrKey } from '../../src/core/protocol/addr';
import { waitFor } from '../helpers/waitFor';

const KEY = Buffer.from('the keyed network: 0123456789abcdef');
const OTHER_KEY = Buffer.from('another network!! 0123456789abcdef');
const GOSSIP_COUNT = 2;
/** Quick timings: gossip every 100 ms, liveness every 200 ms. */
const TIMING = { neighbours: 2, gossipIntervalMs: 100, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 200, livenessMisses: 3 };

/** Every warning logged by a network's nodes, as `id: line`. */
function warnings(into: string[]): (id: string) => NodeLogger {
  return (id) => ({ info() {}, warn: (m) => into.push(`${id}: ${m}`), error: (m) => into.push(`${id}: ${m}`) });
}

/** What the keyed network looks like: the seed's table and each peer's neighbours. */
function state(net: NetworkHost): { table: string[]; neighbours: Record<string, string[]> } {
  const seed = net.seeds()[0]!;
  return {
    table: seed.peers().map(addrKey).sort(),
    neighbours: Object.fromEntries(net.peers().map((p) => [p.id, [...p.neighbours()].sort()])),
  };
}

describe('a keyed network (1 seed + 3 peers) and outsiders', () => {
  const keyedLog: string[] = [];
  const keyed = new NetworkHost({ randomSeed: 11, timing: TIMING, limits: { transport: pskTransport(KEY) }, logger: warnings(keyedLog) });
  const keyedEvents: NodeEvent[] = [];
  keyed.on((e) => keyedEvents.push(e));
  const outsiders: NetworkHost[] = [];
  let before: ReturnType<typeof state>;

  beforeAll(async () => {
    await keyed.addSeed();
    const ids = await keyed.addPeers(3, { autoGossip: false });
    expect(ids).toHaveLength(3);
    keyed.startGossip();
    // every message reaches every peer (3 origins × GOSSIP_COUNT)
    const all = 3 * GOSSIP_COUNT;
    await waitFor(() => keyed.peers().every((p) => p.messageList.size === all), { what: 'gossip to reach every keyed peer', timeoutMs: 20_000 });
    before = state(keyed);
  });
  afterAll(async () => {
    await Promise.all(outsiders.map((o) => o.stopAll()));
    await keyed.stopAll();
  });

  it('joins and gossips with the key: every peer is listed and linked, every message reached everyone', () => {
    expect(before.table).toHaveLength(3);
    for (const p of keyed.peers()) expect(p.neighbours().length).toBeGreaterThan(0);
    expect(keyedEvents.filter((e) => e.type === 'gossip-generated')).toHaveLength(3 * GOSSIP_COUNT);
    expect(keyedLog.filter((l) => /refused/.test(l))).toEqual([]);
  });

  for (const c of [
    { name: 'without the key', limits: {}, client: /key-required: this network requires a network key/, server: /refused .*: it has no network key/ },
    {
      name: 'with another key',
      limits: { transport: pskTransport(OTHER_KEY) },
      client: /handshake with .* refused: the remote uses another network key/,
      server: /refused .*: it uses another network key/,
    },
  ]) {
    it(`refuses a peer ${c.name} at the handshake, on both sides, and changes nothing`, async () => {
      const outsider = new NetworkHost({ randomSeed: 5, timing: TIMING, limits: c.limits });
      outsiders.push(outsider);
      const events: NodeEvent[] = [];
      outsider.on((e) => events.push(e));
      const seed = keyed.seeds()[0]!;
      outsider.addRemoteSeed(seed.addr);
      const logged = keyedLog.length;

      const joined = await outsider.addPeers(1);
      expect(joined).toEqual([]);
      const failed = events.find((e): e is Extract<NodeEvent, { type: 'join-failed' }> => e.type === 'join-failed');
      expect(failed?.message).toMatch(c.client);
      await waitFor(() => keyedLog.slice(logged).some((l) => l.startsWith(`${seed.id}: `) && c.server.test(l)), { what: 'the seed to log the refusal' });

      // dialling a keyed peer directly is refused the same way, and the peer says so
      const target = keyed.peers()[0]!;
      const conn = await dial(target.addr.host, target.addr.port, systemClock, { ...DEFAULT_LIMITS, ...c.limits }).then(
        (cn) => cn,
        (e: Error) => e,
      );
      if (conn instanceof Error) expect(conn.message).toMatch(c.client);
      else {
        const answer = await conn.request({ type: 'neighbours-query', offset: 0 }).catch((e: Error) => e);
        expect((answer as Error).message).toMatch(c.client);
      }
      await waitFor(() => keyedLog.slice(logged).some((l) => l.startsWith(`${target.id}: `) && c.server.test(l)), { what: 'the peer to log the refusal' });

      expect(state(keyed)).toEqual(before);
      expect(keyed.peers()).toHaveLength(3);
    });
  }
});

describe('a keyed peer and an open network', () => {
  it('is refused by an unkeyed seed, which logs that a keyed node called', async () => {
    const openLog: string[] = [];
    const open = new NetworkHost({ randomSeed: 3, timing: TIMING, logger: warnings(openLog) });
    const keyedPeer = new NetworkHost({ randomSeed: 4, timing: TIMING, limits: { transport: pskTransport(KEY) } });
    try {
      const seedId = await open.addSeed();
      expect(await open.addPeers(2)).toHaveLength(2);
      const table = open.seeds()[0]!.peers().map(addrKey).sort();
      const events: NodeEvent[] = [];
      keyedPeer.on((e) => events.push(e));
      keyedPeer.addRemoteSeed(open.seeds()[0]!.addr);
      expect(await keyedPeer.addPeers(1)).toEqual([]);
      const failed = events.find((e): e is Extract<NodeEvent, { type: 'join-failed' }> => e.type === 'join-failed');
      expect(failed?.message).toMatch(/handshake with .* refused: the remote does not use a network key/);
      await waitFor(() => openLog.some((l) => l.startsWith(`${seedId}: refused`) && /uses a network key and this node has none/.test(l)), {
        what: 'the open seed to log the refusal',
      });
      expect(open.seeds()[0]!.peers().map(addrKey).sort()).toEqual(table);
    } finally {
      await keyedPeer.stopAll();
      await open.stopAll();
    }
  });
});
