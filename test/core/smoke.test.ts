import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../src/core/host/network';
import { GossipStats } from '../../src/core/host/stats';

describe('smoke', () => {
  let net: NetworkHost | undefined;
  afterEach(async () => net?.stopAll());
  it('gossips', async () => {
    net = new NetworkHost({ randomSeed: 1, timing: { gossipIntervalMs: 20, gossipCount: 3, livenessIntervalMs: 100 } });
    const stats = new GossipStats();
    net.on((e) => stats.record(e));
    for (let i = 0; i < 3; i++) await net.addSeed();
    await net.addPeers(20, { autoGossip: false });
    net.startGossip();
    await new Promise((r) => setTimeout(r, 500));
    const s = stats.summary(new Set(net.peers().map((p) => p.id)));
    console.log(s, net.links().length, net.degrees());
    expect(s.coverage.every((c) => c === 1)).toBe(true);
  });
});
