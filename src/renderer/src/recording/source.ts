/**
 * Where a recording's bytes come from: a file the user picked or dropped (a `Blob`, read slice by
 * slice), or a recording the host keeps (read with the `readRecording` command). Either way the
 * replay reads pieces, never the whole file.
 */
import { MAX_RECORDING_READ_BYTES } from '../../../shared/recording';
import type { LabApi } from '../../../shared/types';

/** Random access to a recording's bytes. */
export interface ByteSource {
  /** What the user knows it by (the file name). */
  readonly name: string;
  /** The size now, bytes (a recording the host still writes grows). */
  size(): Promise<number>;
  /**
   * Up to `length` bytes from `offset` (fewer at the end).
   * @throws Error when the bytes cannot be read (the message says why, in words).
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over a `Blob` or `File` (drag and drop, the file picker; a `Blob` in tests). */
export function blobSource(blob: Blob, name: string): ByteSource {
  return {
    name,
    size: () => Promise.resolve(blob.size),
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
  };
}

/** A source over a recording the host keeps, read with the `readRecording` command. */
export function hostSource(api: Pick<LabApi, 'command'>, name: string): ByteSource {
  let size = 0;
  return {
    name,
    async size() {
      const r = await api.command('readRecording', { name, offset: 0, length: 1 });
      if (!r.ok) throw new Error(r.error);
      size = r.result.size;
      return size;
    },
    async read(offset, length) {
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const r = await api.command('readRecording', { name, offset: offset + got, length: Math.min(length - got, MAX_RECORDING_READ_BYTES) });
        if (!r.ok) throw new Error(r.error);
        const bytes = fromBase64(r.result.data);
        out.set(bytes, got);
        got += bytes.length;
        if (bytes.length === 0) break;
      }
      return got === length ? out : out.subarray(0, got);
    },
  };
}

/** Decodes base64 to bytes (the page has `atob`; so has Node ≥ 16, for tests). */
function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
