/**
 * The `lab` fixture: a running Gossip Lab and a page showing it — the renderer in Chromium over
 * the browser harness (project `browser`), or the real Electron app (project `electron`, skipped
 * with its reason where Electron's binary is not installed).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, _electron as electron } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import type { CommandArgs, CommandName, CommandReply } from '../src/shared/contract';
import type { WebServer } from '../src/web/server';
import { startWebServer } from '../src/web/server';

/** Debian's Chromium, and the flags this machine's closed network needs. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where Electron's binary would be, or why it is not there. */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `Electron's binary is not installed (${String(path)} missing; installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)` };
  } catch (e) {
    return { missing: `Electron's binary is not installed: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** What a spec gets. */
export interface Lab {
  page: Page;
  /** Where exports are written (the harness's export dir; Electron's save dialog is bypassed to it). */
  exportDir: string;
  /** Runs a command through the page's own typed API, as the UI does. */
  command<C extends CommandName>(name: C, args: CommandArgs<C>): Promise<CommandReply<C>>;
  /** The harness's session when the host runs in this process (browser project), else null. */
  server: WebServer | null;
}

export const test = base.extend<{ lab: Lab }>({
  lab: async ({}, use, testInfo) => {
    const exportDir = mkdtempSync(join(tmpdir(), 'gossip-lab-export-'));
    const target = testInfo.project.metadata.target as string;
    let server: WebServer | null = null;
    let app: ElectronApplication | null = null;
    let closeBrowser: (() => Promise<void>) | null = null;
    let page: Page;
    if (target === 'electron') {
      const bin = electronBinary();
      test.skip('missing' in bin, 'missing' in bin ? bin.missing : '');
      app = await electron.launch({
        executablePath: (bin as { path: string }).path,
        args: ['.', '--no-sandbox'],
        env: { ...process.env, GOSSIP_LAB_EXPORT_DIR: exportDir },
      });
      page = await app.firstWindow();
    } else {
      test.skip(!existsSync(CHROMIUM), `Debian's Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);
      server = await startWebServer({ port: 0, exportDir, session: { observerIntervalMs: 300 } });
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      closeBrowser = () => browser.close();
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      page = await context.newPage();
      await page.goto(server.url);
    }
    await page.waitForFunction(() => Boolean((window as unknown as { __gossipLab?: unknown }).__gossipLab));
    const lab: Lab = {
      page,
      exportDir,
      server,
      command: (name, args) =>
        page.evaluate(
          ([n, a]) => (window as unknown as { __gossipLab: { api: { command: (n: string, a: unknown) => Promise<unknown> } } }).__gossipLab.api.command(n, a),
          [name, args] as const,
        ) as never,
    };
    try {
      await use(lab);
    } finally {
      await app?.close().catch(() => {});
      await closeBrowser?.().catch(() => {});
      await server?.close().catch(() => {});
      rmSync(exportDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
