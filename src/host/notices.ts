/**
 * The notices the host sends the user, coalesced: a notice that repeats (the same `key`, or the
 * same level and text) within {@link NOTICE_WINDOW_MS} of its last time is not a new entry but a
 * count on the one already shown (`count` on the `notice` event; the renderer draws "… (×3)").
 * New entries pass at most {@link NOTICES_PER_SECOND} a second; repeats are not limited here
 * (the batcher keeps one `notice` event per key per batch). Times in ms, on an injectable clock.
 */
import type { Clock } from '../core/clock';
import type { UiEvent } from '../shared/types';
import { RateLimiter } from './rate';

/** Default window within which a repeat of a notice counts on the same entry, ms. */
export const NOTICE_WINDOW_MS = 10_000;
/** Most new notice entries a second; more are dropped. */
export const NOTICES_PER_SECOND = 20;
/** Notice keys remembered at most (the oldest are forgotten beyond). */
const MAX_KEYS = 1000;

/** What a {@link NoticeBoard} needs. */
export interface NoticeBoardOptions {
  clock: Clock;
  /** Queues a UI event. */
  push: (e: UiEvent) => void;
  /** The coalescing window, ms (default {@link NOTICE_WINDOW_MS}). */
  windowMs?: number;
}

/** Sends notices, a repeat within the window as a higher count on the same entry. */
export class NoticeBoard {
  private readonly recent = new Map<string, { count: number; last: number }>();
  private readonly limiter: RateLimiter;
  private readonly windowMs: number;
  private closed = false;

  constructor(private readonly opts: NoticeBoardOptions) {
    this.windowMs = opts.windowMs ?? NOTICE_WINDOW_MS;
    this.limiter = new RateLimiter(NOTICES_PER_SECOND, 1000, opts.clock);
  }

  /**
   * Queues a notice.
   * @param key what its repeats share (default: the level and the text): a remote seed's address,
   *   a kind of failure whose text names a different peer each time
   */
  notice(level: 'info' | 'error', text: string, key?: string): void {
    if (this.closed) return;
    const k = key ?? `${level}:${text}`;
    const now = this.opts.clock.now();
    const seen = this.recent.get(k);
    if (seen && now - seen.last < this.windowMs) {
      seen.count++;
      seen.last = now;
      this.opts.push({ kind: 'notice', level, text, at: now, key: k, count: seen.count });
      return;
    }
    if (!this.limiter.allow()) return;
    this.recent.delete(k);
    this.recent.set(k, { count: 1, last: now });
    if (this.recent.size > MAX_KEYS) this.recent.delete(this.recent.keys().next().value as string);
    this.opts.push({ kind: 'notice', level, text, at: now, key: k, count: 1 });
  }

  /** Sends nothing from now on. */
  close(): void {
    this.closed = true;
    this.recent.clear();
  }
}
