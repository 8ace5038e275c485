#!/usr/bin/env node
// The gossip-lab command. Runs the built bundle, dist/gossip-lab.mjs (`npm run build:cli`: plain
// JavaScript with every dependency inlined, no TypeScript compiler at run time) when it is there
// and, in a checkout, newer than every source file it is built from; otherwise the TypeScript
// sources through tsx (development). GOSSIP_LAB_TSX=1 forces the sources, GOSSIP_LAB_BUNDLE=1 the
// bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'gossip-lab.mjs');

/** Newest modification time under `dir` (TypeScript sources only), 0 when there is none. */
function newest(dir) {
  let t = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'renderer' && e.name !== 'preload' && e.name !== 'main') t = Math.max(t, newest(p));
    } else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function useBundle() {
  if (process.env.GOSSIP_LAB_TSX === '1') return false;
  if (!existsSync(bundle)) return false;
  if (process.env.GOSSIP_LAB_BUNDLE === '1') return true;
  const built = statSync(bundle).mtimeMs;
  const lock = join(root, 'package-lock.json'); // new dependency versions
  return newest(join(root, 'src')) <= built && (!existsSync(lock) || statSync(lock).mtimeMs <= built);
}

if (useBundle()) {
  await import(pathToFileURL(bundle).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(`gossip-lab: neither the built CLI (${bundle}) nor tsx to run the sources is installed: run \`npm install\`, then \`npm run build:cli\``);
    process.exit(1);
  }
  register();
  await import('../src/cli/main.ts');
}
