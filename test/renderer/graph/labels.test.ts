/**
 * Label culling (src/renderer/src/graph/labels.ts): the labels kept never overlap, higher
 * priority (the selection, hubs) wins, and labels with room all stay.
 */
import { describe, expect, it } from 'vitest';
import { cullLabels, labelBox, overlappingPairs, overlaps, type Box, type LabelCandidate } from '../../../src/renderer/src/graph/labels';

const box = (x: number, y: number, w = 60, h = 12): Box => ({ x1: x, y1: y, x2: x + w, y2: y + h });

describe('cullLabels', () => {
  it('keeps every label that has room', () => {
    const c: LabelCandidate[] = [0, 1, 2].map((i) => ({ id: `n${i}`, box: box(i * 100, 0), priority: 0 }));
    expect(cullLabels(c)).toEqual(new Set(['n0', 'n1', 'n2']));
  });

  it('of two overlapping labels keeps the higher priority one (a hub over a leaf)', () => {
    const kept = cullLabels([
      { id: 'leaf', box: box(0, 0), priority: 1 },
      { id: 'hub', box: box(30, 5), priority: 54 },
    ]);
    expect(kept).toEqual(new Set(['hub']));
  });

  it('keeps a chain of overlaps non-overlapping: a hides b, so c (overlapping only b) stays', () => {
    const kept = cullLabels([
      { id: 'a', box: box(0, 0), priority: 3 },
      { id: 'b', box: box(50, 0), priority: 2 },
      { id: 'c', box: box(100, 0), priority: 1 },
    ]);
    expect(kept).toEqual(new Set(['a', 'c']));
  });

  it('never keeps two overlapping labels, on a dense random cloud', () => {
    let s = 7;
    const rnd = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    const c: LabelCandidate[] = Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}`, box: box(rnd() * 800, rnd() * 800, 40 + rnd() * 60, 11), priority: Math.floor(rnd() * 50) }));
    const kept = cullLabels(c);
    const boxes = c.filter((x) => kept.has(x.id)).map((x) => x.box);
    expect(boxes.length).toBeGreaterThan(50);
    expect(overlappingPairs(boxes)).toEqual([]);
    // and each culled label does overlap a kept one of at least its priority
    for (const x of c) {
      if (kept.has(x.id)) continue;
      expect(c.some((k) => kept.has(k.id) && k.priority >= x.priority && overlaps(k.box, x.box))).toBe(true);
    }
  });

  it('is stable: equal priorities are decided by id', () => {
    const c = [
      { id: 'b', box: box(0, 0), priority: 1 },
      { id: 'a', box: box(10, 0), priority: 1 },
    ];
    expect(cullLabels(c)).toEqual(new Set(['a']));
    expect(cullLabels([...c].reverse())).toEqual(new Set(['a']));
  });
});

describe('labelBox and overlaps', () => {
  it('puts the label centred below the node, after the margin', () => {
    const b = labelBox(100, 50, 20, { textWidth: 40, fontPx: 10, margin: 3, pad: 0 });
    expect(b).toEqual({ x1: 80, x2: 120, y1: 63, y2: 77 });
  });

  it('does not count touching boxes as overlapping', () => {
    expect(overlaps(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBe(false);
    expect(overlaps(box(0, 0, 10, 10), box(9, 9, 10, 10))).toBe(true);
    expect(overlappingPairs([box(0, 0, 10, 10), box(9, 9, 10, 10), box(50, 50, 5, 5)])).toEqual([[0, 1]]);
  });
});
