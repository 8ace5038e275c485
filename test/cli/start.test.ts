/**
 * `npm start` (scripts/start.mjs) where Electron's binary is missing: it says why, serves the app
 * through the web harness instead, prints the address (which answers), and moves to a free port
 * when the one asked for is taken — saying so. Spawned with --no-open --no-build and a stand-in
 * page, so no build and no browser are needed; GOSSIP_LAB_ELECTRON_PATH points at a missing file
 * so the test acts as a machine without Electron even where it is installed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MARKER = 'gossip-lab-start-test-page';

let dir: string;
const running = new Set<{ child: ChildProcess; exit: Promise<number | null> }>();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gossip-lab-start-'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>${MARKER}</title><p>${MARKER}</p>\n`);
});
afterEach(async () => {
  // the whole process group: start.mjs and the harness it started (SIGKILL cannot be forwarded)
  for (const r of running) {
    try {
      process.kill(-r.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all([...running].map((r) => r.exit));
  running.clear();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const env = { ...process.env, GOSSIP_LAB_ELECTRON_PATH: path.join(dir, 'no-electron-here') };
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--no-open', '--no-build', '--static', dir, '--export-dir', path.join(dir, 'exports'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so afterEach can end it and its children together
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (text += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (text += s));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  running.add({ child, exit });
  return { child, out: () => text, exit };
}

async function urlOf(s: ReturnType<typeof start>): Promise<string> {
  let url = '';
  await waitFor(
    () => {
      url = /Gossip Lab is at (\S+)/.exec(s.out())?.[1] ?? '';
      if (!url && s.child.exitCode !== null) throw new Error(`start.mjs exited ${s.child.exitCode}:\n${s.out()}`);
      return url !== '';
    },
    { timeoutMs: 30_000, intervalMs: 50, what: 'the printed address' },
  );
  return url;
}

describe('npm start without Electron', () => {
  it('says why, serves the app in the browser harness, prints the address; SIGTERM stops it', async () => {
    const s = start(['--port', '0']);
    const url = await urlOf(s);
    expect(s.out()).toMatch(/not opening the desktop app: Electron's binary is not installed \(.*no-electron-here missing\)/);
    expect(s.out()).toMatch(/serving the same app in a browser instead/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(MARKER);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('a taken port: picks a free one before starting and says so', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen({ port: 0, host: '127.0.0.1' }, () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const s = start(['--port', String(taken)]);
      const url = await urlOf(s);
      expect(s.out()).toMatch(new RegExp(`port ${taken} on 127\\.0\\.0\\.1 is in use .*; using port (\\d+) instead`));
      const port = Number(/using port (\d+) instead/.exec(s.out())![1]);
      expect(port).not.toBe(taken);
      expect(url).toBe(`http://127.0.0.1:${port}/`);
      // said before the server started
      expect(s.out().indexOf('is in use')).toBeLessThan(s.out().indexOf('Gossip Lab is at'));
      expect((await fetch(url)).status).toBe(200);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
