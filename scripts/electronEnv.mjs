// The environment electron-vite needs to build without the `electron` package. electron-vite reads
// Electron's major version from node_modules/electron/package.json to pick its build targets;
// where Electron's optional install failed, npm removed the package, so the version comes from
// package.json's own `electron` entry instead (ELECTRON_MAJOR_VER, which electron-vite honours).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `process.env`, plus ELECTRON_MAJOR_VER when the electron package is not installed. */
export function buildEnv() {
  try {
    createRequire(join(root, 'package.json')).resolve('electron/package.json');
    return process.env;
  } catch {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? '';
    const major = /(\d+)/.exec(range)?.[1];
    return major ? { ...process.env, ELECTRON_MAJOR_VER: major } : process.env;
  }
}
