/**
 * The session reports how busy its thread is, once an interval: a thread kept busy reads as
 * overloaded (the UI warns), an idle one does not.
 */
import { expect, it } from 'vitest';
import { OVERLOADED_DELAY_MS } from '../../src/shared/types';
import { Mirror, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();

it('reports the event loop delay and utilisation; a blocked thread reads as overloaded', async () => {
  const session = newSession({ loadIntervalMs: 100 });
  const mirror = new Mirror();
  session.onBatch(mirror.apply);
  const loads = () => mirror.ofKind('load').map((e) => e.load);
  // an idle thread reads as not overloaded — on a loaded machine the scheduler may stall even an
  // idle thread for a reading or two, so wait for a reading without such a stall
  const idle = await waitFor('a reading below the overload threshold', () => loads().find((l) => l.loopDelayP99Ms < OVERLOADED_DELAY_MS));
  expect(idle.loopDelayP99Ms).toBeLessThan(OVERLOADED_DELAY_MS);
  expect(idle.utilization).toBeGreaterThanOrEqual(0);
  expect(idle.utilization).toBeLessThanOrEqual(1);

  const seen = loads().length;
  // block outside the timer phase (libuv reads the clock once per turn, before running timers)
  await new Promise((r) => setImmediate(r));
  const until = Date.now() + OVERLOADED_DELAY_MS + 150;
  while (Date.now() < until); // the thread does nothing else: every timer waits
  const busy = await waitFor('a reading after the block', () => loads().slice(seen).find((l) => l.loopDelayP99Ms >= OVERLOADED_DELAY_MS));
  expect(busy.loopDelayP99Ms).toBeLessThan(5000);
});
