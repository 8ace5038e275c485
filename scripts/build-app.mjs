// `npm run build`: the app (electron-vite) and the one-file CLI. Works without the `electron`
// package (see electronEnv.mjs), so a machine where Electron's download failed can still build
// the app for the browser harness.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEnv } from './electronEnv.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, env = process.env) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
const app = run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], buildEnv());
if (app !== 0) process.exit(app);
process.exit(run([join(root, 'scripts/build-cli.mjs')]));
