#!/usr/bin/env node
/**
 * `npm start` (and `npm run web`, which adds --web): opens Gossip Lab.
 *
 * 1. Builds the app (`electron-vite build`) when out/ is missing or older than a source file.
 * 2. Where Electron's binary is installed and there is a display: the desktop app
 *    (`electron-vite preview`).
 * 3. Otherwise — or with --web — it says why, and serves the same app in a browser instead: the
 *    web harness (src/web/server.ts) on port 5173, or on any free port when 5173 is taken (chosen
 *    before the build, and said), prints the address and opens it in the default browser when
 *    there is one (xdg-open / open / start; never an error when there is none).
 *
 *   node scripts/start.mjs [--web] [--port 5173] [--host 127.0.0.1] [--no-open] [--no-build]
 *                          [--static out/renderer] [--export-dir ./exports]
 *
 * GOSSIP_LAB_ELECTRON_PATH=FILE checks FILE instead of the electron package's binary (tests use
 * it to act as a machine without Electron). Ctrl-C stops the app or the harness (every node).
 */
import { spawn, spawnSync } from 'node:child_process';
import { buildEnv } from './electronEnv.mjs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const DEFAULT_PORT = 5173;

const { values: o } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'no-open': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    static: { type: 'string' },
    'export-dir': { type: 'string', default: './exports' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (o.help) {
  console.log(
    'usage: node scripts/start.mjs [--web] [--port N] [--host H] [--no-open] [--no-build] [--static DIR] [--export-dir DIR]\n' +
      'Opens the desktop app where Electron is installed, else (or with --web) serves the app in a browser.',
  );
  process.exit(0);
}
const say = (line) => console.log(`gossip-lab: ${line}`);

/** Where Electron's binary is, or why it is not there (as e2e/electronBinary.ts decides). */
function electronBinary() {
  const override = process.env.GOSSIP_LAB_ELECTRON_PATH;
  if (override !== undefined) {
    return existsSync(override) ? { path: override } : { missing: `Electron's binary is not installed (${override} missing)` };
  }
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `Electron's binary is not installed (${String(path)} missing)` };
  } catch (e) {
    const first = String(e?.message ?? e).split('\n')[0];
    if (e?.code === 'MODULE_NOT_FOUND') return { missing: 'Electron is not installed (the optional dependency `electron` was skipped or its install failed)' };
    return { missing: `Electron's binary is not installed: ${first}` };
  }
}

/** Why the desktop app cannot open, or undefined when it can. */
function whyNoDesktop() {
  const bin = electronBinary();
  if ('missing' in bin) {
    return `${bin.missing.replace(/: Electron failed to install correctly.*$/s, '')}. Its download failed or was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); to get the desktop app, run \`npm install\` where Electron's binary can be downloaded.`;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set) for the desktop app.';
  return undefined;
}

/** Newest modification time of the files under `dir` (recursively), 0 when there is none. */
function newest(dir) {
  let t = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return existsSync(dir) ? statSync(dir).mtimeMs : 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Why out/ must be built, or undefined when it is up to date. */
function buildNeeded() {
  const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((f) => join(root, f));
  const missing = outputs.find((f) => !existsSync(f));
  if (missing) return `${missing.slice(root.length + 1)} is missing`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const inputs = ['src', 'electron.vite.config.ts', 'package-lock.json'].map((f) => join(root, f));
  if (inputs.some((f) => newest(f) > built)) return 'the sources changed since the last build';
  return undefined;
}

/** The file of a package's command-line tool (`electron-vite/bin/electron-vite.js`); packages' exports may hide it from require.resolve. */
function toolFile(pkg, rel) {
  for (let d = root; ; d = dirname(d)) {
    const f = join(d, 'node_modules', pkg, rel);
    if (existsSync(f)) return f;
    if (dirname(d) === d) break;
  }
  console.error(`gossip-lab: ${pkg} is not installed (no node_modules/${pkg}/${rel}): run \`npm install\` first`);
  process.exit(1);
}

/** Runs electron-vite with this Node. */
function electronVite(args, stdio = 'inherit') {
  return spawn(process.execPath, [toolFile('electron-vite', 'bin/electron-vite.js'), ...args], { cwd: root, stdio });
}

function build() {
  const why = buildNeeded();
  if (why === undefined) return;
  say(`building the app (${why}) …`);
  const r = spawnSync(process.execPath, [toolFile('electron-vite', 'bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit', env: buildEnv() });
  if (r.status !== 0) {
    say('the build failed (above); nothing to start.');
    process.exit(r.status ?? 1);
  }
}

/** True when `port` on `host` can be listened on now. */
function portFree(port, host) {
  return new Promise((ok) => {
    const srv = net.createServer();
    srv.once('error', () => ok(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => ok(true)));
  });
}

/** A free port chosen by the system. */
function anyFreePort(host) {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.once('error', fail);
    srv.listen({ port: 0, host }, () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** The port to serve on: --port, or 5173, or any free one when that is taken (and says so). */
async function choosePort(host) {
  const wanted = o.port === undefined ? DEFAULT_PORT : Number(o.port);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    console.error(`gossip-lab: --port ${o.port}: not a port (0–65535)`);
    process.exit(2);
  }
  if (wanted === 0 || (await portFree(wanted, host))) return wanted;
  const port = await anyFreePort(host);
  say(`port ${wanted} on ${host} is in use (another harness or dev server?); using port ${port} instead.`);
  return port;
}

/** Finds `cmd` on PATH. */
function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

/** Opens `url` in the default browser when there is one; never fails. */
function openBrowser(url) {
  let cmd;
  let args;
  if (process.platform === 'darwin') [cmd, args] = ['open', [url]];
  else if (process.platform === 'win32') [cmd, args] = ['cmd', ['/c', 'start', '""', url]];
  else {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
    if (!onPath('xdg-open')) return false;
    [cmd, args] = ['xdg-open', [url]];
  }
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Starts the web harness on `port`; resolves with the child and its URL, or rejects with its output. */
function startHarness(host, port) {
  const staticDir = o.static ?? join(root, 'out/renderer');
  const args = ['--import', 'tsx', join(root, 'src/web/server.ts'), '--host', host, '--port', String(port), '--export-dir', o['export-dir'], '--static', staticDir];
  const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  return new Promise((ok, fail) => {
    let out = '';
    let err = '';
    const onOut = (s) => {
      out += s;
      const m = /Gossip Lab web UI: (\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onOut);
        child.stdout.pipe(process.stdout);
        ok({ child, url: m[1] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onOut);
    child.stderr.setEncoding('utf8').on('data', (s) => {
      err += s;
      process.stderr.write(s);
    });
    child.once('exit', (code, signal) => fail(Object.assign(new Error(`the web harness exited (${signal ?? code})`), { code, out, err })));
  });
}

async function serveInBrowser(reason) {
  if (reason) say(`not opening the desktop app: ${reason}`);
  say('serving the same app in a browser instead (the web harness: the nodes run in this process tree, the page talks to them over a WebSocket).');
  const host = o.host;
  let port = await choosePort(host);
  if (!o['no-build']) build();
  let started;
  try {
    started = await startHarness(host, port);
  } catch (e) {
    if (!/EADDRINUSE/.test(e.err ?? '')) process.exit(e.code ?? 1);
    // taken between the check and the build: once more on any free port
    const again = await anyFreePort(host);
    say(`port ${port} was taken meanwhile; using port ${again}.`);
    port = again;
    started = await startHarness(host, port).catch((e2) => process.exit(e2.code ?? 1));
  }
  const { child, url } = started;
  say(`Gossip Lab is at ${url}`);
  if (!o['no-open']) {
    if (openBrowser(url)) say('opened it in your browser.');
    else say('open that address in a browser (no browser could be started here).');
  }
  say('Ctrl-C stops it (and every node it runs).');
  forwardSignals(child);
  child.once('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
}

/**
 * Passes a stop signal on to the child. Ctrl-C in a terminal already reaches the whole process
 * group, the child included, so an interactive SIGINT is not sent twice (a second one would cut
 * the harness's graceful stop short).
 */
function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (sig === 'SIGINT' && process.stdin.isTTY) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(sig === 'SIGHUP' ? 'SIGTERM' : sig);
    });
  }
}

async function main() {
  const noDesktop = o.web ? undefined : whyNoDesktop();
  if (o.web || noDesktop) {
    await serveInBrowser(noDesktop);
    return;
  }
  if (!o['no-build']) build();
  say('opening the desktop app (Electron) …');
  const child = electronVite(['preview', '--skipBuild']);
  forwardSignals(child);
  child.once('exit', (code, signal) => {
    if (code !== 0 && !signal) say(`the desktop app exited with code ${code}; \`npm run web\` serves the same app in a browser.`);
    process.exit(signal ? 0 : (code ?? 0));
  });
}

await main();
