/**
 * `npm run bench`: every benchmark, a table printed and JSON written to bench/results/.
 * Needs the built renderer (`npx electron-vite build`) and Debian's Chromium.
 *
 * Options: `--ui-peers 100,500` (peer counts of the UI benchmark), `--seconds 15` (window).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchUi, formatUiTable } from './ui';
import type { UiBenchResult } from './ui';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
};

const uiPeers = arg('ui-peers', '500').split(',').map(Number);
const seconds = Number(arg('seconds', '15'));
const machine = { cpus: (await import('node:os')).cpus().length, node: process.version, date: new Date().toISOString() };

const ui: UiBenchResult[] = [];
for (const n of uiPeers) {
  console.error(`UI benchmark: ${n} peers …`);
  ui.push(await benchUi(n, seconds));
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ui.json', JSON.stringify({ machine, ui }, null, 2) + '\n');
console.log('\nUI (renderer in Chromium via the browser harness, peers gossiping at the default rates)\n');
console.log(formatUiTable(ui));
console.log('\nwritten: bench/results/ui.json');
