/**
 * The replay reader on its own (src/renderer/src/recording): lines split across chunks and
 * multi-byte characters, a file that is not a recording, damaged lines skipped, an unfinished
 * last line, keyframe seek, and play on an injected ticker. Recordings here are written by the
 * host's own Recorder (src/host/recorder.ts) on a manual clock, so writer and reader meet.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Recorder } from '../../../src/host/recorder';
import { readLines } from '../../../src/renderer/src/recording/lines';
import { parseHeader } from '../../../src/renderer/src/recording/parse';
import type { ReplaySink, Ticker } from '../../../src/renderer/src/recording/player';
import { ReplayPlayer, keyframeAtOrBefore } from '../../../src/renderer/src/recording/player';
import { scanRecording } from '../../../src/renderer/src/recording/scan';
import { blobSource } from '../../../src/renderer/src/recording/source';
import type { Snapshot, UiEvent, UiNode } from '../../../src/shared/types';
import { ManualClock } from '../../helpers/manualClock';
import { snapshot } from '../fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function node(id: string, life: UiNode['life'] = 'up'): UiNode {
  return { id, role: 'peer', origin: 'local', life, degree: 0 };
}

/** A recording of `steps` batches 1 s apart, node i appearing at step i; keyframes every `kfMs`. */
function record(steps: number, kfMs: number, maxBytes?: number): { path: string; bytes: Buffer; limited: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'gossip-lab-reader-'));
  dirs.push(dir);
  const path = join(dir, 'r.glrec.jsonl');
  const clock = new ManualClock(1_000_000);
  const nodes: UiNode[] = [];
  let limited: number | null = null;
  const rec = new Recorder({ path, source: 'app', description: 'test ✓ — ü', clock, snapshot: (): Snapshot => snapshot({ nodes: [...nodes] }), keyframeIntervalMs: kfMs, maxBytes, onLimit: (b) => (limited = b) });
  for (let i = 0; i < steps; i++) {
    clock.advance(1000);
    const n = node(`10.0.0.${i}:7000`);
    nodes.push(n);
    rec.record([{ kind: 'node', node: n }, { kind: 'notice', level: 'info', text: `step ${i} — ✓ ü 日本`, at: clock.now() }, { kind: 'load', load: { loopDelayP99Ms: 1, utilization: 0.1 } }]);
  }
  rec.close();
  return { path, bytes: readFileSync(path), limited };
}

class Drawn implements ReplaySink {
  ids: string[] = [];
  cursors: Array<[number, boolean]> = [];
  snapshots = 0;
  animated = 0;
  snapshot(s: Snapshot): void {
    this.snapshots++;
    this.ids = s.nodes.map((n) => n.id);
  }
  events(batch: readonly UiEvent[], animate: boolean): void {
    if (animate) this.animated++;
    for (const e of batch) if (e.kind === 'node' && !this.ids.includes(e.node.id)) this.ids.push(e.node.id);
  }
  cursor(t: number, playing: boolean): void {
    this.cursors.push([t, playing]);
  }
}

/** A ticker the test drives. */
class StepTicker implements Ticker {
  t = 0;
  fn: (() => void) | null = null;
  now(): number {
    return this.t;
  }
  every(_ms: number, fn: () => void): () => void {
    this.fn = fn;
    return () => (this.fn = null);
  }
}

describe('readLines', () => {
  it('gives the same lines, offsets and text whatever the chunk size, multi-byte characters across chunk edges included', async () => {
    const { bytes } = record(20, 5000);
    const source = blobSource(new Blob([bytes]), 'r');
    const whole: Array<{ offset: number; end: number; text: string }> = [];
    for await (const l of readLines(source, 0, 1 << 20)) whole.push(l);
    expect(whole.map((l) => l.text).join('\n') + '\n').toBe(bytes.toString('utf8'));
    for (const chunk of [1, 7, 64, 333]) {
      const lines: typeof whole = [];
      for await (const l of readLines(source, 0, chunk)) lines.push(l);
      expect(lines).toEqual(whole);
    }
    // from a line's offset, reading starts exactly at that line
    const third = whole[3]!;
    const from: typeof whole = [];
    for await (const l of readLines(source, third.offset, 50)) from.push(l);
    expect(from).toEqual(whole.slice(3));
  });

  it('leaves out an unterminated last line (a recording still being written)', async () => {
    const lines: string[] = [];
    for await (const l of readLines(blobSource(new Blob(['{"a":1}\n{"b":']), 'x'))) lines.push(l.text);
    expect(lines).toEqual(['{"a":1}']);
  });
});

describe('scanRecording', () => {
  it('indexes keyframes and marks, skips the load events the writer left out and damaged lines', async () => {
    const { bytes } = record(30, 10_000);
    const text = bytes.toString('utf8').split('\n');
    text.splice(5, 0, '{"t":1000005000,"e":"not a list"}', 'garbage', '{"t":"x","e":[]}');
    const damaged = new Blob([text.join('\n')]);
    const batches: number[] = [];
    const index = await scanRecording(blobSource(damaged, 'd'), { onBatch: (t) => batches.push(t) });
    expect(index.malformed).toBe(3);
    expect(index.header.description).toBe('test ✓ — ü');
    expect(index.keyframes.map((k) => k.t)).toEqual([1_000_000, 1_010_000, 1_020_000, 1_030_000]);
    expect(index.batches).toBe(30);
    expect(index.events).toBe(30); // a node per step; the notices are the recording host's own (left out, not counted); load is never written
    expect(index.droppedEvents).toBe(0);
    expect(batches).toEqual([...batches].sort((a, b) => a - b));
    expect(index.endReason).toBe('stopped');
    expect(keyframeAtOrBefore(index, 1_015_000).t).toBe(1_010_000);
    expect(keyframeAtOrBefore(index, 0).t).toBe(1_000_000);
  });

  it('refuses what is not a recording, in words', async () => {
    await expect(scanRecording(blobSource(new Blob(['peer,degree\n1,2\n']), 'x.csv'))).rejects.toThrow(/not a Gossip Lab recording/);
    await expect(scanRecording(blobSource(new Blob(['{"format":"gossip-lab-recording","version":9,"startedAt":1,"keyframeIntervalMs":1}\n']), 'v9'))).rejects.toThrow(/version 9/);
    await expect(scanRecording(blobSource(new Blob([]), 'empty'))).rejects.toThrow(/empty/);
    expect(() => parseHeader('{"format":"gossip-lab-recording","version":1}')).toThrow(/damaged/);
  });

  it('a recording stopped by its size limit ends with reason limit, and its writer said so', async () => {
    const { bytes, limited } = record(200, 10_000, 8_000);
    expect(bytes.length).toBeLessThanOrEqual(8_000);
    expect(limited).not.toBe(null);
    const index = await scanRecording(blobSource(new Blob([bytes]), 'l'));
    expect(index.endReason).toBe('limit');
    expect(index.marks.at(-1)?.kind).toBe('limit');
  });
});

describe('ReplayPlayer', () => {
  it('seeks through the last keyframe before the instant, backwards and forwards', async () => {
    const { bytes } = record(30, 10_000);
    const source = blobSource(new Blob([bytes]), 'r');
    const index = await scanRecording(source);
    const sink = new Drawn();
    const p = new ReplayPlayer(source, index, sink, new StepTicker());
    await p.seek(1_000_000 + 12_500); // steps 0..11 have happened
    expect(sink.ids).toHaveLength(12);
    await p.seek(1_000_000 + 3_000);
    expect(sink.ids).toHaveLength(3);
    const snaps = sink.snapshots;
    await p.seek(1_000_000 + 5_000); // no keyframe in between: read on from here
    expect(sink.snapshots).toBe(snaps);
    expect(sink.ids).toHaveLength(5);
    await p.seek(Number.MAX_SAFE_INTEGER); // clamped to the end
    expect(p.cursor).toBe(index.end);
    expect(sink.ids).toHaveLength(30);
    p.close();
  });

  it('plays at its speed on the ticker, animates only while playing, and stops at the end', async () => {
    const { bytes } = record(10, 10_000);
    const source = blobSource(new Blob([bytes]), 'r');
    const index = await scanRecording(source);
    const sink = new Drawn();
    const ticker = new StepTicker();
    const p = new ReplayPlayer(source, index, sink, ticker);
    await p.seek(index.start);
    expect(sink.animated).toBe(0);
    p.setSpeed(2);
    p.play();
    expect(p.playing).toBe(true);
    ticker.t += 1000; // 2 s of the recording
    ticker.fn!();
    await expect.poll(() => p.cursor).toBe(index.start + 2000);
    expect(sink.ids).toHaveLength(2);
    expect(sink.animated).toBe(2);
    for (let i = 0; i < 20 && p.playing; i++) {
      ticker.t += 1000;
      ticker.fn?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    await expect.poll(() => p.playing).toBe(false);
    expect(p.cursor).toBe(index.end);
    expect(sink.ids).toHaveLength(10);
    expect(sink.cursors.at(-1)).toEqual([index.end, false]);
    p.close();
  });
});

describe('a hostile or damaged recording', () => {
  /** A recording's text from its lines (a valid header first). */
  const file = (...lines: unknown[]): Blob => new Blob([[{ format: 'gossip-lab-recording', version: 1, startedAt: 1000, source: 'app', description: '', keyframeIntervalMs: 10_000 }, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n']);
  const goodNode = { id: '10.0.0.1:7000', role: 'peer', origin: 'local', life: 'up', degree: 1 };

  it('never lets an event the page cannot draw through: checked field by field, counted; the host’s own events left out uncounted', async () => {
    const seen: UiEvent[] = [];
    const index = await scanRecording(
      blobSource(
        file({ t: 1000, k: snapshot({ nodes: [goodNode as UiNode] }) }, {
          t: 1100,
          e: [
            { kind: 'degrees', report: { degrees: [], fit: {}, histogram: [], ccdf: [], fitLine: [] } }, // a fit without numbers
            { kind: 'node', node: { ...goodNode, degree: '3' } },
            { kind: 'remote-seed', seed: null },
            { kind: 'link', a: 'x', b: 7, up: true },
            { kind: 'from-the-future', x: 1 },
            { kind: 'notice', level: 'info', text: 'recorded host notice', at: 1 }, // the host's own: left out, not counted
            { kind: 'progress', id: 1, task: 'addPeers', label: '', done: 1, total: 2, state: 'running' },
            { kind: 'node', node: { ...goodNode, id: '10.0.0.2:7000' } },
          ],
        }),
        'hostile',
      ),
      { onBatch: (_t, e) => seen.push(...e) },
    );
    expect(index.droppedEvents).toBe(5);
    expect(seen).toEqual([{ kind: 'node', node: { ...goodNode, id: '10.0.0.2:7000' } }]);
  });

  it('a keyframe with unreadable nodes is skipped as a damaged line; damaged secondary parts become empty', async () => {
    const index = await scanRecording(
      blobSource(
        file(
          { t: 1000, k: snapshot({ nodes: [goodNode as UiNode] }) },
          { t: 2000, k: { ...snapshot(), nodes: [{ id: 5 }] } },
          { t: 3000, k: { ...snapshot({ nodes: [goodNode as UiNode] }), report: { fit: {} }, faults: { rules: { partition: 'all' }, paused: [] }, tasks: [{ id: 1 }] } },
        ),
        'damaged',
      ),
    );
    expect(index.malformed).toBe(1);
    expect(index.keyframes.map((k) => k.t)).toEqual([1000, 3000]);
    const sink = new Drawn();
    let got: Snapshot | null = null;
    const p = new ReplayPlayer(blobSource(file({ t: 1000, k: { ...snapshot({ nodes: [goodNode as UiNode] }), report: { fit: {} }, faults: { rules: { partition: 'all' }, paused: [] } } }), 'x'), { ...index, keyframes: [{ t: 1000, offset: 0 }] }, { ...sink, snapshot: (s) => (got = s), events: () => {}, cursor: () => {} }, new StepTicker());
    // offset 0 is the header, not a keyframe: refused in words, not drawn
    const errors: unknown[] = [];
    const q = new ReplayPlayer(blobSource(file({ t: 1000, k: snapshot() }), 'y'), { ...index, keyframes: [{ t: 1000, offset: 0 }], start: 1000, end: 1000 }, sink, new StepTicker(), (e) => errors.push(e));
    await q.seek(1000);
    expect(String(errors[0])).toMatch(/keyframe at byte 0 cannot be read/);
    p.close();
    q.close();
    expect(got).toBe(null);
    const scanned = await scanRecording(blobSource(file({ t: 1000, k: { ...snapshot({ nodes: [goodNode as UiNode] }), report: { fit: {} }, faults: { rules: { partition: 'all' }, paused: [] } } }), 'z'), {
      onKeyframe: (_t, k) => (got = k),
    });
    expect(scanned.malformed).toBe(0);
    expect(got!.report).toEqual({ scope: 'both', degrees: [], fit: null, histogram: [], ccdf: [], fitLine: [] });
    expect(got!.faults).toEqual({ rules: {}, paused: [] });
  });

  it('a player closed while it reads never touches its sink again', async () => {
    const { bytes } = record(30, 10_000);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const blob = new Blob([bytes]);
    const slow = { name: 'slow', size: () => Promise.resolve(blob.size), read: async (o: number, l: number) => (await gate, new Uint8Array(await blob.slice(o, o + l).arrayBuffer())) };
    const index = await scanRecording(blobSource(blob, 'r'));
    const sink = new Drawn();
    const p = new ReplayPlayer(slow, index, sink, new StepTicker());
    const seeking = p.seek(index.start + 12_000);
    p.close();
    const calls = sink.snapshots + sink.cursors.length;
    release();
    await seeking;
    expect(sink.snapshots + sink.cursors.length).toBe(calls);
    expect(sink.ids).toEqual([]);
  });
});
