/**
 * Notices that coalesce (src/host/notices.ts): a repeat within the window is a higher count on
 * the same entry, not a new one; after the window it is a new entry; new entries are rate
 * limited, repeats are not lost; the batcher keeps one notice event per key per batch. On a
 * manual clock.
 */
import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../src/host/batcher';
import { NOTICES_PER_SECOND, NoticeBoard } from '../../src/host/notices';
import type { UiEvent } from '../../src/shared/types';
import { ManualClock } from '../helpers/manualClock';

type NoticeEvent = Extract<UiEvent, { kind: 'notice' }>;

function board(windowMs = 10_000): { b: NoticeBoard; got: NoticeEvent[]; clock: ManualClock } {
  const clock = new ManualClock(1_000_000);
  const got: NoticeEvent[] = [];
  return { b: new NoticeBoard({ clock, windowMs, push: (e) => e.kind === 'notice' && got.push(e) }), got, clock };
}

describe('NoticeBoard', () => {
  it('counts a repeat of the same text within the window on one entry', () => {
    const { b, got, clock } = board();
    b.notice('error', 'seed 10.0.0.5:6000 does not answer');
    clock.advance(3000);
    b.notice('error', 'seed 10.0.0.5:6000 does not answer');
    clock.advance(3000);
    b.notice('error', 'seed 10.0.0.5:6000 does not answer');
    expect(got.map((e) => [e.key, e.count])).toEqual([
      ['error:seed 10.0.0.5:6000 does not answer', 1],
      ['error:seed 10.0.0.5:6000 does not answer', 2],
      ['error:seed 10.0.0.5:6000 does not answer', 3],
    ]);
    expect(got.at(-1)!.at).toBe(1_006_000);
  });

  it('starts a new entry after the window since the last repeat; other texts and levels are apart', () => {
    const { b, got, clock } = board(1000);
    b.notice('info', 'a');
    clock.advance(999);
    b.notice('info', 'a'); // within: ×2
    clock.advance(1000);
    b.notice('info', 'a'); // the window passed since the last: new
    b.notice('error', 'a');
    b.notice('info', 'b');
    expect(got.map((e) => `${e.key}×${e.count}`)).toEqual(['info:a×1', 'info:a×2', 'info:a×1', 'error:a×1', 'info:b×1']);
  });

  it('coalesces by an explicit key whose texts differ (the latest text shown)', () => {
    const { b, got } = board();
    b.notice('error', 'peer 127.0.0.1:7001 could not join: no seed answered', 'join-failed:no seed answered');
    b.notice('error', 'peer 127.0.0.1:7002 could not join: no seed answered', 'join-failed:no seed answered');
    expect(got.at(-1)).toMatchObject({ key: 'join-failed:no seed answered', count: 2, text: 'peer 127.0.0.1:7002 could not join: no seed answered' });
  });

  it('limits new entries a second, never the count of one shown', () => {
    const { b, got } = board();
    for (let i = 0; i < NOTICES_PER_SECOND + 5; i++) b.notice('info', `n${i}`);
    expect(got).toHaveLength(NOTICES_PER_SECOND);
    b.notice('info', 'n0');
    expect(got.at(-1)).toMatchObject({ key: 'info:n0', count: 2 });
  });

  it('sends nothing after close', () => {
    const { b, got } = board();
    b.close();
    b.notice('info', 'late');
    expect(got).toEqual([]);
  });
});

describe('EventBatcher and repeated notices', () => {
  it('keeps one notice event per key per batch, the latest count, where the first was', () => {
    const clock = new ManualClock(1_000_000);
    const batcher = new EventBatcher(50, clock);
    const batches: UiEvent[][] = [];
    batcher.onBatch((b) => batches.push([...b]));
    const b = new NoticeBoard({ clock, push: (e) => batcher.push(e) });
    b.notice('error', 'x');
    batcher.push({ kind: 'link', a: 'a', b: 'b', up: true });
    b.notice('error', 'x');
    b.notice('error', 'x');
    clock.advance(0);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => (e.kind === 'notice' ? `notice×${e.count}` : e.kind))).toEqual(['notice×3', 'link']);
  });
});
