/** `gossip-lab fit FILE`: the discrete power-law fit of a degree sequence or an edge list. */
import { readFile } from 'node:fs/promises';
import { parseDegreeInput } from '../../core/analysis/input';
import { fitPowerLaw } from '../../core/analysis/powerlaw';
import type { PowerLawFit } from '../../core/analysis/powerlaw';
import { UsageError } from '../usage';

/**
 * Reads and fits `file`.
 * @throws UsageError when the file cannot be read or parsed, or has too few distinct degrees.
 */
export async function runFit(file: string): Promise<PowerLawFit> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let degrees: number[];
  try {
    degrees = parseDegreeInput(text, file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fit = fitPowerLaw(degrees);
  if (!fit) throw new UsageError(`${file}: fewer than two distinct positive degrees; nothing to fit`);
  return fit;
}

/** The fit as `key value` lines. */
export function formatFit(f: PowerLawFit): string {
  return [
    `n      ${f.n}`,
    `alpha  ${f.alpha.toFixed(4)}`,
    `xmin   ${f.xmin}`,
    `D      ${f.D.toFixed(4)}`,
    `nTail  ${f.nTail}`,
    `sigma  ${f.sigma.toFixed(4)}`,
  ].join('\n');
}
