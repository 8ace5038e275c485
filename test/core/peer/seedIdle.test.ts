/**
 * A joined peer does not hold its seed connections open: they close after `seedIdleMs` without a
 * request, and a later report (a degree change) dials the seed again. The idle timers run on a
 * manual clock: a connection closes when the test moves the clock past `seedIdleMs`, not before.
 */
import { afterEach, expect, it } from 'vitest';
import { NetworkHost } from '../../../src/core/runtime/network';
import { waitFor } from '../../helpers/waitFor';
import { ManualClock, advanceUntil } from '../../helpers/manualClock';

let net: NetworkHost;
afterEach(async () => net.stopAll());

it('closes idle seed connections and reopens one for the next degree report', async () => {
  const clock = new ManualClock();
  net = new NetworkHost({ randomSeed: 5, clock, timing: { gossipCount: 0, livenessIntervalMs: 60_000 }, limits: { seedIdleMs: 150 } });
  for (let i = 0; i < 3; i++) await net.addSeed();
  const open = (): number => net.seeds().reduce((n, s) => n + s.connections, 0);
  await net.addPeers(6);
  expect(open()).toBeGreaterThan(0); // no seed connection has been idle for seedIdleMs yet
  clock.advance(149);
  expect(open()).toBeGreaterThan(0);
  clock.advance(1);
  await waitFor(() => open() === 0, { what: 'every idle seed connection to close' });

  // a new peer links to some of them: their degrees change, and they report it over new connections
  const [id] = await net.addPeers(1);
  const joiner = net.get(id!)!;
  const degreeOf = (peer: string): number | undefined => net.seeds().flatMap((s) => s.peers()).find((p) => `${p.host}:${p.port}` === peer)?.degree;
  for (const n of (joiner as { neighbours(): string[] }).neighbours()) {
    const p = net.peers().find((x) => x.id === n)!;
    await waitFor(() => degreeOf(n) === p.degree, { what: `the seeds to learn ${n}'s new degree ${p.degree}` });
  }
  expect(open()).toBeGreaterThan(0);
  // (a report may still be finishing: step the clock until its idle timer has run too)
  await advanceUntil(clock, () => open() === 0, { stepMs: 150, intervalMs: 50, what: 'those connections to close again' });
});

it('peers that stop at the same moment leave no trace at the seeds (a neighbour’s goodbye does not register them again)', async () => {
  net = new NetworkHost({ randomSeed: 9, timing: { gossipCount: 0, livenessIntervalMs: 60_000 } });
  for (let i = 0; i < 3; i++) await net.addSeed();
  for (let round = 0; round < 3; round++) {
    await net.addPeers(12);
    await Promise.all(net.peers().map((p) => p.stop()));
    await new Promise((r) => setTimeout(r, 100)); // a re-registration would land by now
    expect(net.seeds().flatMap((s) => s.peers().map((p) => `${p.host}:${p.port}`))).toEqual([]);
  }
});
