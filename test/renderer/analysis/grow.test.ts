/**
 * Networks grown by the peers' own neighbour choice (src/renderer/src/analysis/grow.ts over
 * core/peer/neighbourChoice.ts's preferentialOrder): the degrees a joining order must give, the
 * seed reproducing a network, attachment favouring high degrees, cancel, and an α near what
 * issue 11 measured on 1,000-peer networks of the app's rule (≈ 2.7–3.1).
 */
import { describe, expect, it } from 'vitest';
import { growByAttachment } from '../../../src/renderer/src/analysis/grow';
import { fitPowerLaw } from '../../../src/core/analysis/powerlaw';
import { seededRandom } from '../../../src/core/random';

describe('growByAttachment', () => {
  it('small networks: each peer links to m earlier peers, to all of them while fewer exist', async () => {
    expect(await growByAttachment(0, 2, seededRandom(1))).toEqual([]);
    expect(await growByAttachment(1, 2, seededRandom(1))).toEqual([0]);
    expect(await growByAttachment(3, 2, seededRandom(1))).toEqual([2, 2, 2]);
    const d = await growByAttachment(4, 1, seededRandom(1));
    expect(d.reduce((a, b) => a + b, 0)).toBe(2 * 3);
  });

  it('every peer has degree ≥ m once m exist, and the degrees sum to twice the links', async () => {
    for (const m of [1, 2, 3]) {
      const d = await growByAttachment(500, m, seededRandom(m));
      expect(d.slice(m).every((x) => x >= m)).toBe(true);
      const links = (m * (m - 1)) / 2 + m * (500 - m);
      expect(d.reduce((a, b) => a + b, 0)).toBe(2 * links);
    }
  });

  it('the same seed grows the same network; another seed another', async () => {
    const a = await growByAttachment(400, 2, seededRandom(5));
    expect(await growByAttachment(400, 2, seededRandom(5))).toEqual(a);
    expect(await growByAttachment(400, 2, seededRandom(6))).not.toEqual(a);
  });

  it('preferential: early peers become hubs, and 1,000 peers with m = 2 fit α ≈ 2.4–3.3', async () => {
    const d = await growByAttachment(1000, 2, seededRandom(2000));
    const early = d.slice(0, 10).reduce((a, b) => a + b, 0) / 10;
    const late = d.slice(-100).reduce((a, b) => a + b, 0) / 100;
    expect(early).toBeGreaterThan(4 * late);
    const fit = fitPowerLaw(d)!;
    expect(fit.alpha).toBeGreaterThan(2.4);
    expect(fit.alpha).toBeLessThan(3.3);
  });

  it('an aborted signal stops it with its reason; bad sizes are refused', async () => {
    const c = new AbortController();
    c.abort(new Error('stop'));
    await expect(growByAttachment(100, 2, seededRandom(1), c.signal)).rejects.toThrow('stop');
    await expect(growByAttachment(-1, 2, seededRandom(1))).rejects.toThrow(RangeError);
    await expect(growByAttachment(10, 0, seededRandom(1))).rejects.toThrow(RangeError);
  });
});
