/**
 * Long host actions the user watches and may cancel (`addPeers`, `startTopology`): each running
 * one is a task with an id, a label, how many of its steps are done, and an AbortSignal the
 * action checks before each step. Progress reaches the UI as `progress` events, at most one per
 * task every {@link PROGRESS_INTERVAL_MS} (a trailing throttle: the latest count always follows),
 * and the final state (`done`, `canceled`, `failed`) at once. A `cancelTask` command aborts the
 * signal: the action stops starting more and ends as `canceled`; what it already started stays.
 * Times in ms, on the session's injectable {@link Clock}.
 */
import type { Clock } from '../core/clock';
import type { ProgressState, TaskProgress, UiEvent } from '../shared/types';
import { PROGRESS_INTERVAL_MS } from '../shared/types';
import { Throttle } from './rate';

/** What a {@link TaskBoard} needs from its session. */
export interface TaskBoardContext {
  clock: Clock;
  /** Queues a UI event. */
  push: (e: UiEvent) => void;
  /** Least time between two progress events of one task, ms (default {@link PROGRESS_INTERVAL_MS}). */
  intervalMs?: number;
}

/** One running task as its action drives it. */
export interface Task {
  readonly id: number;
  /** Aborts on `cancelTask` (and when the session closes): start nothing more. */
  readonly signal: AbortSignal;
  /** True once `cancelTask` asked for it (not when the session closes). */
  readonly canceled: boolean;
  /** Reports `done` of `total` steps (throttled); `label` replaces the label when given. */
  step(done: number, label?: string): void;
  /** Ends the task: its final state and words go out at once; later calls are ignored. */
  finish(state: Exclude<ProgressState, 'running'>, label: string, done?: number): void;
}

/** The tasks running now, and the `cancelTask` command. */
export class TaskBoard {
  private readonly running = new Map<number, { progress: TaskProgress; throttle: Throttle; abort: AbortController; canceled: boolean }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly ctx: TaskBoardContext) {}

  /**
   * Starts tracking a task of kind `task` (the command's name) with `total` steps; its first
   * progress event (0 of total) goes out at once.
   * @param signal also ends the task's signal when it aborts (the session closing)
   */
  start(task: string, label: string, total: number, signal?: AbortSignal): Task {
    const id = this.nextId++;
    const abort = new AbortController();
    const onOuterAbort = (): void => abort.abort();
    if (signal) {
      if (signal.aborted) abort.abort();
      else signal.addEventListener('abort', onOuterAbort, { once: true });
    }
    const entry = {
      progress: { task, id, label, done: 0, total, state: 'running' as ProgressState },
      throttle: new Throttle(this.ctx.intervalMs ?? PROGRESS_INTERVAL_MS, () => this.emit(id), this.ctx.clock),
      abort,
      canceled: false,
    };
    if (!this.closed) this.running.set(id, entry);
    this.emit(id);
    const emit = (): void => this.emit(id);
    const forget = (): boolean => this.running.delete(id);
    let ended = false;
    return {
      id,
      signal: abort.signal,
      get canceled() {
        return entry.canceled;
      },
      step(done, label) {
        if (ended) return;
        entry.progress = { ...entry.progress, done: Math.min(done, total), ...(label !== undefined ? { label } : {}) };
        entry.throttle.poke();
      },
      finish(state, text, done) {
        if (ended) return;
        ended = true;
        signal?.removeEventListener('abort', onOuterAbort); // one listener per task would pile up on the session's signal
        entry.throttle.close();
        entry.progress = { ...entry.progress, state, label: text, done: Math.min(done ?? entry.progress.done, total) };
        emit();
        forget();
      },
    };
  }

  /**
   * Asks task `id` to stop: its signal aborts and its label says so until it ends.
   * @returns the task's kind, or null when no such task runs (finished, or never was).
   */
  cancel(id: number): string | null {
    const entry = this.running.get(id);
    if (!entry) return null;
    if (!entry.canceled) {
      entry.canceled = true;
      entry.progress = { ...entry.progress, label: `${entry.progress.label}: canceling…` };
      entry.abort.abort();
      this.emit(id);
    }
    return entry.progress.task;
  }

  /** The tasks running now (for a snapshot). */
  all(): TaskProgress[] {
    return [...this.running.values()].map((e) => ({ ...e.progress }));
  }

  /** Aborts every running task and stops their timers; no event is sent from then on. */
  close(): void {
    this.closed = true;
    for (const e of this.running.values()) {
      e.throttle.close();
      e.abort.abort();
    }
    this.running.clear();
  }

  private emit(id: number): void {
    const entry = this.running.get(id);
    if (!entry || this.closed) return;
    this.ctx.push({ kind: 'progress', ...entry.progress });
  }
}
