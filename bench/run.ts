/**
 * `npm run bench`: every benchmark, tables printed and JSON written to bench/results/.
 * The UI benchmark needs the built renderer (`npm run bench` builds it) and Debian's Chromium.
 *
 * Options: `--core 100,300,1000` (peer counts of the node benchmark; `none` to skip),
 * `--quick` (faster protocol timing for the node benchmark), `--ui-peers 100,500` (peer counts of
 * the UI benchmark; `none` to skip), `--seconds 15` (the UI window).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { CoreBenchResult } from './core';
import { formatCoreTable } from './core';
import { benchUi, formatUiTable } from './ui';
import type { UiBenchResult } from './ui';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
};
const sizes = (text: string): number[] => (text === 'none' ? [] : text.split(',').map(Number));

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
mkdirSync('bench/results', { recursive: true });

const core: CoreBenchResult[] = [];
for (const n of sizes(arg('core', '100,300,1000'))) {
  console.error(`node benchmark: ${n} peers …`);
  // each size in its own process, so its RSS is its own
  const args = ['--expose-gc', '--import', 'tsx', 'bench/core.ts', '--peers', String(n), ...(process.argv.includes('--quick') ? ['--quick'] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  core.push(JSON.parse(out.trim().split('\n').at(-1)!) as CoreBenchResult);
}
if (core.length) {
  writeFileSync('bench/results/core.json', JSON.stringify({ machine, core }, null, 2) + '\n');
  console.log('\nNodes (3 seeds + N peers in one process, loopback)\n');
  console.log(formatCoreTable(core));
}

const ui: UiBenchResult[] = [];
for (const n of sizes(arg('ui-peers', '100,500'))) {
  console.error(`UI benchmark: ${n} peers …`);
  ui.push(await benchUi(n, Number(arg('seconds', '15'))));
}
if (ui.length) {
  writeFileSync('bench/results/ui.json', JSON.stringify({ machine, ui }, null, 2) + '\n');
  console.log('\nUI (renderer in Chromium via the browser harness, peers gossiping at the default rates)\n');
  console.log(formatUiTable(ui));
}
console.log('\nwritten: bench/results/');
