/**
 * Short-lived highlight classes on graph elements ("the link lights up"), driven by high-rate
 * events. Each flash sets a class and an expiry; one timer clears expired classes in a batch,
 * so a burst of thousands of receipts costs one class change per element.
 */
import type { Core } from 'cytoscape';

/** How often expired flashes are cleared, ms. */
const TICK_MS = 80;

/** Flashes classes on elements of one cytoscape instance. */
export class Flasher {
  /** `${cls}\n${id}` → time (ms, performance.now) when the class comes off. */
  private readonly until = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly cy: Core) {}

  /**
   * Adds class `cls` to the elements with these ids for `ms` milliseconds (extending a running
   * flash). Call inside `cy.batch()` when flashing many.
   */
  flash(ids: readonly string[], cls: string, ms: number): void {
    const end = performance.now() + ms;
    for (const id of ids) {
      const key = `${cls}\n${id}`;
      if (!this.until.has(key)) {
        const ele = this.cy.getElementById(id);
        if (ele.empty()) continue;
        ele.addClass(cls);
      }
      this.until.set(key, end);
    }
    if (this.timer === null && this.until.size > 0) this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Clears every flash now and stops the timer. */
  destroy(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.until.clear();
  }

  private tick(): void {
    const now = performance.now();
    this.cy.batch(() => {
      for (const [key, end] of this.until) {
        if (end > now) continue;
        this.until.delete(key);
        const cut = key.indexOf('\n');
        this.cy.getElementById(key.slice(cut + 1)).removeClass(key.slice(0, cut));
      }
    });
    if (this.until.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
