/**
 * Collects the UI events the host produces and delivers them in batches, at most one batch every
 * `intervalMs` (shared/types' BATCH_INTERVAL_MS). Within a batch, upserts of the same thing
 * collapse to the latest: node upserts by node id, message upserts by message id, a task's
 * progress by task id, a repeated notice by its key, and the single-valued `degrees` and `timing` events. A collapsed upsert keeps the position of the
 * first one, so events that refer to a node never come before the node itself.
 */
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import type { UiEvent } from '../shared/types';
import { BATCH_INTERVAL_MS } from '../shared/types';
import { Throttle } from './rate';

/** Receives one batch; the array is shared between listeners and must not be changed. */
export type BatchListener = (batch: readonly UiEvent[]) => void;

/** Batches and coalesces {@link UiEvent}s. */
export class EventBatcher {
  private queue: UiEvent[] = [];
  /** Position in `queue` of the pending upsert for each key (`node:<id>`, `message:<id>`, `degrees`, `timing`). */
  private slots = new Map<string, number>();
  private readonly listeners = new Set<BatchListener>();
  private readonly throttle: Throttle;

  /**
   * @param intervalMs least time between two batches, ms (default {@link BATCH_INTERVAL_MS})
   */
  constructor(intervalMs = BATCH_INTERVAL_MS, clock: Clock = systemClock) {
    this.throttle = new Throttle(intervalMs, () => this.flush(), clock);
  }

  /** Adds a listener; returns the function that removes it. */
  onBatch(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queues one event; a batch follows as soon as the interval allows — from the timer, or from a
   * later `push` when the thread is too busy for the timer to run on time.
   */
  push(e: UiEvent): void {
    const key = slotKey(e);
    if (key !== undefined) {
      const at = this.slots.get(key);
      if (at !== undefined) {
        this.queue[at] = e;
        return;
      }
      this.slots.set(key, this.queue.length);
    } else if (e.kind === 'node-removed') {
      this.slots.delete(`node:${e.id}`); // a later upsert is a new node: it must come after this
    }
    this.queue.push(e);
    this.throttle.poke();
    // on a busy thread the flush timer runs late: deliver from here once the interval has passed
    this.throttle.runIfOverdue();
  }

  /** Events waiting for the next batch. */
  get pendingCount(): number {
    return this.queue.length;
  }

  /** Delivers what is queued now, without waiting for the interval (a recording that ends). */
  flushNow(): void {
    this.flush();
  }

  /** Drops what is queued and stops delivering. */
  close(): void {
    this.throttle.close();
    this.queue = [];
    this.slots.clear();
    this.listeners.clear();
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.slots = new Map();
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (e) {
        console.error('batch listener failed:', e);
      }
    }
  }
}

/** The coalescing key of an upsert-like event, or undefined for events that all must pass. */
function slotKey(e: UiEvent): string | undefined {
  switch (e.kind) {
    case 'node':
      return `node:${e.node.id}`;
    case 'message':
      return `message:${e.message.id}`;
    case 'degrees':
    case 'timing':
      return e.kind;
    case 'progress':
      return `progress:${e.id}`;
    case 'notice':
      return e.key === undefined ? undefined : `notice:${e.key}`;
    default:
      return undefined;
  }
}
