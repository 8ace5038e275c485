/**
 * Networks grown in memory by the peers' own neighbour choice (core/peer/neighbourChoice.ts), to
 * see how much the fitted exponent varies from one network to the next — without sockets.
 */
import { preferentialOrder } from '../../../core/peer/neighbourChoice';
import type { Candidate } from '../../../core/peer/neighbourChoice';
import type { Random } from '../../../core/random';

/** Hand the event loop back at least this often (ms), so a cancel message can arrive. */
const YIELD_EVERY_MS = 25;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Grows a network of `peers` peers the way the app's peers join one after another: each new peer
 * orders every earlier peer with the peers' own {@link preferentialOrder} (weighted sampling
 * without replacement, weight = degree + 1: shifted linear preferential attachment, Dorogovtsev,
 * Mendes & Samukhin 2000) and links to the first `m` (to all of them while fewer than `m` exist).
 * Peers never leave, every dial succeeds and no links heal: the rule alone, as a real network
 * would follow it with no failures.
 *
 * @param peers how many peers, an integer ≥ 0
 * @param m neighbours each joining peer picks, an integer ≥ 1
 * @param random the generator (`seededRandom(seed)` reproduces a network)
 * @param signal aborting it stops the growth (checked every ~25 ms); the promise rejects with its reason
 * @returns each peer's degree, in joining order
 * @throws RangeError when `peers` or `m` is not a valid integer
 */
export async function growByAttachment(peers: number, m: number, random: Random, signal?: AbortSignal): Promise<number[]> {
  if (!Number.isInteger(peers) || peers < 0) throw new RangeError(`growByAttachment: peers must be an integer ≥ 0, got ${peers}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`growByAttachment: m must be an integer ≥ 1, got ${m}`);
  const nodes: Candidate[] = [];
  let lastYield = performance.now();
  for (let i = 0; i < peers; i++) {
    signal?.throwIfAborted();
    const chosen = preferentialOrder(nodes, random).slice(0, m);
    for (const c of chosen) c.degree++;
    nodes.push({ key: String(i), degree: chosen.length });
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  signal?.throwIfAborted();
  return nodes.map((n) => n.degree);
}
