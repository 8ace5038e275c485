/** The frame decoder fed raw buffers, no socket (as ws's receiver tests do). */
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameTooLargeError, MAX_FRAME_BYTES, encodeFrame } from '../../../src/core/protocol/frame';

const payload = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('FrameDecoder', () => {
  it('returns whole frames however the bytes are split', () => {
    const frames = ['a', '', 'hello world', 'x'.repeat(1000)].map((s) => encodeFrame(payload(s)));
    const all = Buffer.concat(frames);
    for (const chunkSize of [1, 2, 3, 5, 7, 64, all.length]) {
      const d = new FrameDecoder();
      const out: string[] = [];
      for (let i = 0; i < all.length; i += chunkSize) out.push(...d.push(all.subarray(i, i + chunkSize)).map((b) => b.toString()));
      expect(out).toEqual(['a', '', 'hello world', 'x'.repeat(1000)]);
      expect(d.pendingBytes).toBe(0);
    }
  });

  it('keeps a partial frame pending', () => {
    const d = new FrameDecoder();
    const f = encodeFrame(payload('abcdef'));
    expect(d.push(f.subarray(0, 7))).toEqual([]);
    expect(d.pendingBytes).toBe(7);
    expect(d.push(f.subarray(7)).map(String)).toEqual(['abcdef']);
  });

  it('rejects a header over the limit before buffering the payload, then stays failed', () => {
    const d = new FrameDecoder();
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_FRAME_BYTES + 1);
    expect(() => d.push(header)).toThrow(FrameTooLargeError);
    expect(d.failed).toBe(true);
    expect(d.pendingBytes).toBe(0);
    expect(() => d.push(Buffer.from('more'))).toThrow(/failed/);
  });

  it('accepts exactly the limit and refuses to encode more', () => {
    const max = Buffer.alloc(MAX_FRAME_BYTES, 0x61);
    expect(new FrameDecoder().push(encodeFrame(max))[0]!.length).toBe(MAX_FRAME_BYTES);
    expect(() => encodeFrame(Buffer.alloc(MAX_FRAME_BYTES + 1))).toThrow(FrameTooLargeError);
  });
});
