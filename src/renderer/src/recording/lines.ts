/**
 * Reads a recording line by line from any byte offset, a chunk at a time: each line with the byte
 * offset it starts at, so a later seek can come back to it. Lines are UTF-8; a line longer than
 * MAX_RECORDING_LINE_BYTES is an error. An unterminated last line (a recording still being
 * written, or cut by a crash) is not returned.
 */
import { MAX_RECORDING_LINE_BYTES } from '../../../shared/recording';
import type { ByteSource } from './source';

/** Bytes read at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/** One line and where it starts and ends in the file (bytes; `end` is past its newline). */
export interface Line {
  offset: number;
  end: number;
  text: string;
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8');

/**
 * The complete lines from `offset`, in order, read `chunkBytes` at a time until the source's end
 * (its size when the read began).
 * @throws Error for a line longer than the limit, or when the source cannot be read.
 */
export async function* readLines(source: ByteSource, offset = 0, chunkBytes = CHUNK_BYTES): AsyncGenerator<Line> {
  const size = await source.size();
  let pos = offset;
  let carry: Uint8Array = new Uint8Array(0);
  let carryStart = offset;
  while (pos < size) {
    const chunk = await source.read(pos, Math.min(chunkBytes, size - pos));
    if (chunk.length === 0) break;
    pos += chunk.length;
    const buf = carry.length === 0 ? chunk : concat(carry, chunk);
    let start = 0;
    for (let i = buf.indexOf(NEWLINE); i >= 0; i = buf.indexOf(NEWLINE, start)) {
      yield { offset: carryStart + start, end: carryStart + i + 1, text: decoder.decode(buf.subarray(start, i)) };
      start = i + 1;
    }
    carry = buf.subarray(start);
    carryStart += start;
    if (carry.length > MAX_RECORDING_LINE_BYTES) throw new Error(`a line at byte ${carryStart} is longer than ${MAX_RECORDING_LINE_BYTES / 1024 / 1024} MiB: this is not a recording, or it is damaged`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
