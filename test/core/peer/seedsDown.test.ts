/** Registration when seeds are down: a majority of the rest is enough; no majority is a clear error. */
import { afterEach, describe, expect, it } from 'vitest';
import { PeerNode } from '../../../src/core/peer/peerNode';
import { seededRandom } from '../../../src/core/random';
import { SeedNode } from '../../../src/core/seed/seedNode';
import type { Addr } from '../../../src/core/protocol/addr';
import { addrKey } from '../../../src/core/protocol/addr';
import { freePort } from '../../helpers/ports';


describe('seeds down at start', () => {
  const nodes: Array<SeedNode | PeerNode> = [];
  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    nodes.length = 0;
  });

  const seed = async (): Promise<Addr> => {
    const s = new SeedNode({ host: '127.0.0.1', port: 0 });
    nodes.push(s);
    return s.start();
  };
  const peer = (seeds: Addr[], randomSeed: number): PeerNode => {
    const p = new PeerNode({ host: '127.0.0.1', port: 0, seeds, gossipCount: 0, random: seededRandom(randomSeed), joinRetries: 2, joinBackoffMs: 20 });
    nodes.push(p);
    return p;
  };

  it('registers with 2 of 3 seeds when one is down, whichever it drew first', async () => {
    const up = [await seed(), await seed()];
    const down = { host: '127.0.0.1', port: await freePort() };
    for (let r = 0; r < 6; r++) {
      const p = peer([down, ...up], r);
      await p.start();
      expect(p.seeds().map(addrKey).sort()).toEqual(up.map(addrKey).sort());
    }
  });

  it('fails with a clear error naming the unreachable seeds when no majority is reachable', async () => {
    const up = await seed();
    const down = [{ host: '127.0.0.1', port: await freePort() }, { host: '127.0.0.1', port: await freePort() }];
    const p = peer([up, ...down], 1);
    const events: string[] = [];
    p.on((e) => events.push(e.type));
    const err = await p.start().then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe('JoinError');
    expect(err?.message).toContain('reached 1 of 3, need 2');
    for (const d of down) expect(err?.message).toContain(`${addrKey(d)} (connect to ${addrKey(d)} failed: ECONNREFUSED)`);
    expect(events).toContain('join-failed');
    expect(p.status).toEqual({ code: 'stopped', reason: 'failed' });
    // it took itself off the one seed it reached
    const seedNode = nodes[0] as SeedNode;
    expect(seedNode.peers()).toEqual([]);
  });
});
