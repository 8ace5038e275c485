/**
 * The cost of the power-law analysis (src/core/analysis): ms per synthetic set of the CSN §4.1
 * bootstrap, and the likelihood-ratio tests, on the Gnutella graph and a 1,000-peer BA network.
 *
 * Run: `npx tsx bench/analysis.ts [--sets 500]` (prints JSON). Needs ../shared/ beside the repo.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { bootstrapGoodnessOfFit } from '../src/core/analysis/bootstrap';
import { likelihoodRatioTests } from '../src/core/analysis/likelihoodRatio';
import { fitPowerLaw } from '../src/core/analysis/powerlaw';
import { seededRandom } from '../src/core/random';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/powerlaw/', import.meta.url));
const { values } = parseArgs({ options: { sets: { type: 'string', default: '500' } } });
const sets = Number(values.sets);

async function measure(name: string): Promise<Record<string, unknown>> {
  const degrees = (JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as { degrees: number[] }).degrees;
  await bootstrapGoodnessOfFit(degrees, 20, seededRandom(0)); // warm the JIT
  const t0 = performance.now();
  const r = await bootstrapGoodnessOfFit(degrees, sets, seededRandom(1));
  const bootMs = performance.now() - t0;
  const t1 = performance.now();
  likelihoodRatioTests(degrees, fitPowerLaw(degrees)!);
  return { data: name, n: r.fit.n, sets, p: r.p, msPerSet: +(bootMs / sets).toFixed(3), likelihoodRatiosMs: +(performance.now() - t1).toFixed(1) };
}

async function main(): Promise<void> {
  const out = [];
  for (const name of ['gnutella08-undirected', 'ba-n1000-m2-seed1']) out.push(await measure(name));
  console.log(JSON.stringify(out, null, 2));
}
void main();
