/**
 * Event-to-screen delay: for every gossip event in a batch, the time from the core event (its
 * `at`, the host's clock) to the second animation frame after the batch was applied — by then
 * the frame showing it has been painted. Host and page share the machine's clock here (the
 * browser harness and Electron both run on one machine), so the difference is meaningful.
 * `bench/ui.ts` reads the samples through `window.__gossipLab.metrics`.
 */
import type { UiEvent } from '../../shared/types';

/** Samples kept (the newest win). */
const MAX_SAMPLES = 50_000;

/** Collects event-to-screen delays, ms. */
export class ScreenDelayProbe {
  private samples: number[] = [];

  /** Call right after a batch was applied to the store and the transient bus. */
  observe(batch: readonly UiEvent[]): void {
    let stamps: number[] | null = null;
    for (const e of batch) if (e.kind === 'gossip') (stamps ??= []).push(e.at);
    if (!stamps) return;
    const taken = stamps;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const now = Date.now();
        for (const at of taken) this.samples.push(now - at);
        if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, this.samples.length - MAX_SAMPLES);
      }),
    );
  }

  /** Removes and returns the samples so far, ms. */
  drain(): number[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }
}

/** The page's probe. */
export const screenDelay = new ScreenDelayProbe();
