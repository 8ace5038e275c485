/**
 * A seed's lease on registrations: a peer that died with no live neighbour to report it is
 * removed once it has been silent for `registrationLeaseMs` and the seed's own probe fails; a
 * live peer keeps its lease by its registration checks. Real sockets, a manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import { addrKey } from '../../../src/core/protocol/addr';
import { ManualClock, settle } from '../../helpers/manualClock';
import { waitFor } from '../../helpers/waitFor';

const CHECK_MS = 10_000;
const LEASE_MS = 30_000;

describe('the registration lease', () => {
  let net: NetworkHost | undefined;
  afterEach(async () => {
    await net?.stopAll();
    net = undefined;
  });

  it('removes a peer nobody reports once its lease runs out and the probe fails; keeps a live one', async () => {
    const clock = new ManualClock();
    net = new NetworkHost({
      randomSeed: 2,
      clock,
      timing: { gossipCount: 0, livenessIntervalMs: 3_600_000 }, // no liveness reports in this test
      limits: { registrationCheckMs: CHECK_MS, registrationLeaseMs: LEASE_MS },
    });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    await net.addSeed();
    const [lone, live] = await net.addPeers(2);
    const seed = net.seeds()[0]!;
    const listed = (): string[] => seed.peers().map(addrKey);
    expect(listed()).toEqual(expect.arrayContaining([lone, live]));
    await net.killNode(lone!);

    // before the lease runs out nothing changes
    for (let t = 0; t < LEASE_MS - CHECK_MS; t += CHECK_MS / 2) {
      clock.advance(CHECK_MS / 2);
      await settle();
    }
    expect(listed()).toContain(lone);
    for (let t = 0; t < 3 * CHECK_MS; t += CHECK_MS / 2) {
      clock.advance(CHECK_MS / 2);
      await settle();
    }
    await waitFor(() => !listed().includes(lone!), { what: 'the seed to drop the silent dead peer' });
    expect(listed()).toContain(live);
    expect(events.some((e) => e.type === 'peer-removed' && e.peer === lone && e.reason === 'dead')).toBe(true);
    expect(events.some((e) => e.type === 'peer-removed' && e.peer === live)).toBe(false);
  });
});
