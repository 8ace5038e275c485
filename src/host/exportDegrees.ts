/**
 * Saving the degree data where the user chooses: the histogram as PNG (drawn by the renderer,
 * sent as base64, checked to really be a PNG) or the degree sequence as CSV (`peer,degree`), of
 * one degree scope (./degreeScope.ts), named in the file name (`degree-sequence-remote.csv`) and
 * in the CSV's first line (`# scope: remote …`, a comment `gossip-lab fit` skips).
 * Where to save is asked through a {@link SaveTarget}: a save dialog in Electron, a directory in
 * the web harness, a temp dir in tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandResults, DegreeScope, ParsedArgs } from '../shared/types';
import { SCOPE_DESCRIPTION } from './degreeScope';
import { ccdfCsv, ccdfFileName } from './exportCcdf';

/** Asks where to save a file. */
export interface SaveTarget {
  /**
   * @param suggestedName a file name to propose (`degree-histogram-both.png`, `degree-sequence-remote.csv`)
   * @param kind the file type
   * @returns an absolute path to write, or null when the user cancelled
   */
  choosePath(suggestedName: string, kind: 'png' | 'csv'): Promise<string | null>;
}

/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Decodes a base64 PNG and checks its signature.
 * @throws Error when the bytes are not a PNG image.
 */
export function decodePng(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < PNG_SIGNATURE.length + 12 || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new Error('the image is not a PNG file (wrong signature); nothing was saved');
  }
  return bytes;
}

/**
 * The degree sequence as CSV: with a scope, first a comment line naming it
 * (`# scope: remote (…)`), then the header `peer,degree` and one row per peer, in the given order.
 */
export function degreeCsv(rows: ReadonlyArray<readonly [string, number]>, scope?: DegreeScope): string {
  const cell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = scope === undefined ? [] : [scopeComment(scope, rows.length)];
  return [...head, 'peer,degree', ...rows.map(([peer, degree]) => `${cell(peer)},${degree}`)].join('\n') + '\n';
}

/** `# scope: remote (the running peers of the watched remote networks): 10 peers; a degree counts every link, local or remote`. */
export function scopeComment(scope: DegreeScope, peers: number): string {
  return `# scope: ${scope} (${SCOPE_DESCRIPTION[scope]}): ${peers} peer${peers === 1 ? '' : 's'}; a degree counts every link, local or remote`;
}

/** The file name proposed for an export of `scope`: `degree-histogram-<scope>.png`, `degree-sequence-<scope>.csv`. */
export function exportFileName(format: 'png' | 'csv', scope: DegreeScope): string {
  return format === 'png' ? `degree-histogram-${scope}.png` : `degree-sequence-${scope}.csv`;
}

/**
 * Runs the `exportDegrees` command: asks `target` for a path, then writes the PNG or the CSV —
 * of the histogram / degree sequence, or with `chart: 'ccdf'` of the CCDF with its fit
 * (`degree-ccdf-<scope>.png` / `.csv`; the CSV by ./exportCcdf.ts).
 * @param scope whose degrees: named in the proposed file name and the CSV
 * @param rows the live peers of `scope` and their degrees (used for CSV)
 * @returns `{ canceled: true }` when no path was chosen, else the path written
 * @throws Error with a sentence for the user (not a PNG, cannot write the file)
 */
export async function exportDegrees(
  args: ParsedArgs<'exportDegrees'>,
  target: SaveTarget,
  scope: DegreeScope,
  rows: () => ReadonlyArray<readonly [string, number]>,
): Promise<CommandResults['exportDegrees']> {
  const png = args.format === 'png' ? decodePng(args.png) : undefined; // refuse before asking
  const ccdf = args.chart === 'ccdf'; // the CCDF with its fit (./exportCcdf.ts), else the histogram / degree sequence
  const path = await target.choosePath(ccdf ? ccdfFileName(args.format, scope) : exportFileName(args.format, scope), args.format);
  if (path === null) return { canceled: true };
  const csv = (r: ReturnType<typeof rows>): string => (ccdf ? ccdfCsv(r.map(([, d]) => d), scopeComment(scope, r.length)) : degreeCsv(r, scope));
  const data = png ?? csv(rows());
  try {
    await writeFile(path, data);
  } catch (e) {
    throw new Error(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { canceled: false, path };
}

/**
 * A {@link SaveTarget} that never asks: it writes into `dir` (created when needed) as
 * `<suggested name's stem>-<timestamp>.<kind>` — `degree-histogram-<timestamp>.png`,
 * `degree-sequence-<timestamp>.csv`, `plot-coverage-<timestamp>.csv` (UTC ISO time, `:` and `.`
 * replaced by `-`). Used by the web harness and by unattended (test) runs of the app.
 */
export function directoryTarget(dir: string): SaveTarget {
  const base = resolve(dir);
  return {
    async choosePath(suggested, kind) {
      await mkdir(base, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      // the suggested name's stem (`plot-coverage.csv` → `plot-coverage-<stamp>.csv`); the degree names by default
      const stem = /^[\w-]+(?=\.(png|csv)$)/.exec(suggested)?.[0] ?? (kind === 'png' ? 'degree-histogram' : 'degree-sequence');
      return join(base, `${stem}-${stamp}.${kind}`);
    },
  };
}
