/**
 * Replays how one gossip message spread: the graph dims, the origin lights up, then each first
 * receipt lights its node and the link it came over, in order of receipt time scaled so the whole
 * replay takes a few seconds.
 */
import type { Core } from 'cytoscape';
import type { CommandResults } from '../../../shared/types';
import { linkKey } from '../store/reduce';

/** The result of the `messageSpread` command. */
export type Spread = CommandResults['messageSpread'];

/** Length of the replay, ms (receipt times are scaled into it). */
export const REPLAY_MS = 3500;
/** How long the final picture stays before the graph returns to normal, ms. */
const HOLD_MS = 2500;

/**
 * Starts a replay on `cy`.
 * @param onProgress called with (receipts shown so far, total) as the replay advances
 * @returns a function that cancels it and restores the graph
 */
export function replaySpread(cy: Core, spread: Spread, onProgress: (shown: number, total: number) => void): () => void {
  const receipts = [...spread.receipts].sort((a, b) => a.at - b.at);
  const t0 = receipts[0]?.at ?? 0;
  const span = (receipts[receipts.length - 1]?.at ?? 0) - t0;
  const offsets = receipts.map((r, i) => (span > 0 ? ((r.at - t0) / span) * REPLAY_MS : (i / Math.max(1, receipts.length - 1)) * REPLAY_MS));
  const lit = cy.collection();
  let frame = 0;
  let hold: ReturnType<typeof setTimeout> | null = null;
  let next = 0;
  let done = false;

  const restore = (): void => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    if (hold !== null) clearTimeout(hold);
    cy.batch(() => {
      cy.elements().removeClass('dim');
      lit.removeClass('replay replay-origin');
    });
  };

  cy.batch(() => {
    cy.elements().addClass('dim');
    const origin = cy.getElementById(spread.origin);
    origin.addClass('replay-origin');
    lit.merge(origin);
  });
  onProgress(0, receipts.length);
  const start = performance.now();

  const step = (): void => {
    const elapsed = performance.now() - start;
    if (next < receipts.length && (offsets[next] ?? 0) <= elapsed) {
      cy.batch(() => {
        while (next < receipts.length && (offsets[next] ?? 0) <= elapsed) {
          const r = receipts[next++];
          if (r === undefined) break;
          const node = cy.getElementById(r.node);
          const edge = cy.getElementById(linkKey(r.from, r.node));
          node.addClass('replay');
          edge.addClass('replay');
          lit.merge(node).merge(edge);
        }
      });
      onProgress(next, receipts.length);
    }
    if (next < receipts.length) frame = requestAnimationFrame(step);
    else hold = setTimeout(restore, HOLD_MS);
  };
  frame = requestAnimationFrame(step);
  return restore;
}
