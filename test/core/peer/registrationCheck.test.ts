/**
 * The periodic registration check after seeds die: a peer whose registered seeds no longer answer
 * registers with other seeds of its list, so every live peer is again registered at a majority of
 * the live seeds. Real sockets; the check runs on a manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../../src/core/runtime/network';
import { addrKey } from '../../../src/core/protocol/addr';
import { ManualClock, settle } from '../../helpers/manualClock';
import { waitFor } from '../../helpers/waitFor';

const CHECK_MS = 60_000;

describe('the registration check', () => {
  let net: NetworkHost | undefined;
  afterEach(async () => {
    await net?.stopAll();
    net = undefined;
  });

  it('registers a peer whose seeds died with live ones, up to a majority of the live seeds', async () => {
    const clock = new ManualClock();
    net = new NetworkHost({ randomSeed: 9, clock, timing: { gossipCount: 0, livenessIntervalMs: 600_000 }, limits: { registrationCheckMs: CHECK_MS } });
    for (let i = 0; i < 5; i++) await net.addSeed();
    await net.addPeers(8);
    const [s0, s1] = net.seeds();
    await net.killNode(s0!.id);
    await net.killNode(s1!.id);
    const liveSeeds = (): Set<string> => new Set(net!.seeds().map((s) => s.id));
    // a majority of 5 is 3; with 2 seeds dead, peers that had one of them registered at 2 live seeds
    const liveRegistrations = (): number[] => net!.peers().map((p) => p.seeds().map(addrKey).filter((k) => liveSeeds().has(k)).length);
    expect(Math.min(...liveRegistrations())).toBeLessThan(3);

    clock.advance(CHECK_MS);
    await settle();
    await waitFor(() => Math.min(...liveRegistrations()) >= 3, { what: 'every peer registered at 3 live seeds' });
    // and the live seeds list them
    for (const p of net.peers()) {
      const listing = net.seeds().filter((s) => s.peers().some((e) => addrKey(e) === p.id));
      expect(listing.length, p.id).toBeGreaterThanOrEqual(3);
    }
  });
});
