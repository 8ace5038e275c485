/**
 * Saving one plot over time (renderer/src/plots) where the user chooses: the chart as PNG (drawn
 * by the renderer, base64, checked to really be a PNG) or its data as CSV (written by the
 * renderer, which holds the series). Files are proposed as `plot-<name>.png` / `plot-<name>.csv`.
 */
import { writeFile } from 'node:fs/promises';
import type { CommandResults, ParsedArgs } from '../shared/types';
import type { SaveTarget } from './exportDegrees';
import { decodePng } from './exportDegrees';

/**
 * Runs the `exportPlot` command: asks `target` for a path, then writes the PNG or the CSV.
 * @returns `{ canceled: true }` when no path was chosen, else the path written
 * @throws Error with a sentence for the user (not a PNG, cannot write the file)
 */
export async function exportPlot(args: ParsedArgs<'exportPlot'>, target: SaveTarget): Promise<CommandResults['exportPlot']> {
  const data = args.format === 'png' ? decodePng(args.png) : args.csv; // refuse a bad image before asking
  const path = await target.choosePath(`plot-${args.plot}.${args.format}`, args.format);
  if (path === null) return { canceled: true };
  try {
    await writeFile(path, data);
  } catch (e) {
    throw new Error(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { canceled: false, path };
}
