/**
 * The `lab` fixture: a running Gossip Lab and a page showing it — the renderer in Chromium over
 * the browser harness (project `browser`), or the real Electron app (project `electron`, skipped
 * with its reason where Electron's binary is not installed).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, _electron as electron, expect } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import type { RuntimeNode } from '../src/core/runtime/runtime';
import { linksOf } from '../src/core/runtime/runtime';
import type { CommandArgs, CommandName, CommandReply, Snapshot, PeerTiming, UiEvent } from '../src/shared/types';
import type { WebServer } from '../src/web/server';
import { startWebServer } from '../src/web/server';
import { electronBinary } from './electronBinary';

/** Debian's Chromium, and the flags this machine's closed network needs. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

export const test = base.extend<{ lab: Lab }, { target: string }>({
  /** Which project runs: `browser` or `electron` (for `test.skip(({ target }) => …)` before the lab starts). */
  // eslint-disable-next-line no-empty-pattern
  target: [async ({}, use, workerInfo) => use(String(workerInfo.project.metadata.target)), { scope: 'worker' }],
  // Playwright needs the empty pattern: this fixture depends on no other fixture
  // eslint-disable-next-line no-empty-pattern
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
        env: { ...process.env, GOSSIP_LAB_EXPORT_DIR: exportDir, GOSSIP_LAB_RECORDINGS_DIR: join(exportDir, 'recordings') },
      });
      page = await app.firstWindow();
    } else {
      test.skip(!existsSync(CHROMIUM), `Debian's Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);
      // without a built renderer every spec would only time out: say why at once
      const built = join(process.cwd(), 'out/renderer/index.html'); // what the harness serves (its default --static)
      if (!existsSync(built)) throw new Error(`no built renderer (${built} is missing): \`npm run build\` failed or did not run`);
      server = await startWebServer({ port: 0, exportDir, recordingsDir: join(exportDir, 'recordings'), session: { observerIntervalMs: 300 } });
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

export { expect };

// ---------------------------------------------------------------------------------------------
// Helpers shared by the specs: driving the UI like a user, and reading the graph and the core.
// ---------------------------------------------------------------------------------------------

/** What the specs read from a cytoscape node's data. */
export interface GraphNode {
  id: string;
  role: 'seed' | 'peer';
  origin: 'local' | 'remote';
  life: 'up' | 'down' | 'dead';
  degree: number;
}

/** The slice of `window.__gossipLab` the specs use (the renderer's own types are not imported here). */
interface E2eHandle {
  cy: {
    nodes(): { map<T>(f: (n: { data(): GraphNode; position(): { x: number; y: number }; renderedPosition(): { x: number; y: number } }) => T): T[] };
    edges(): { map<T>(f: (e: { id(): string }) => T): T[] };
  } | null;
  store: { getState(): { timing: PeerTiming | null; messageOrder: string[]; nodes: Map<string, GraphNode> } };
  api: { onEvents(listener: (batch: UiEvent[]) => void): void };
}
type E2eWindow = Window & { __gossipLab: E2eHandle; __e2eEvents?: Array<{ t: number; e: UiEvent }> };

/** Every node the graph draws, with its data. */
export function graphNodes(page: Page): Promise<GraphNode[]> {
  return page.evaluate(() => {
    const cy = (window as unknown as E2eWindow).__gossipLab.cy;
    return cy ? cy.nodes().map((n) => ({ ...n.data() })) : [];
  });
}

/** The ids (`a b`) of every edge the graph draws, sorted. */
export function graphEdges(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cy = (window as unknown as E2eWindow).__gossipLab.cy;
    return cy ? cy.edges().map((e) => e.id()).sort() : [];
  });
}

/** Model positions of the graph's nodes, by id. */
export function graphPositions(page: Page): Promise<Record<string, { x: number; y: number }>> {
  return page.evaluate(() => {
    const cy = (window as unknown as E2eWindow).__gossipLab.cy;
    return Object.fromEntries(cy ? cy.nodes().map((n) => [n.data().id, n.position()] as const) : []);
  });
}

/** The link key `a b` (a < b), as the graph's edge ids are built. */
export function linkKey(x: string, y: string): string {
  return x < y ? `${x} ${y}` : `${y} ${x}`;
}

/**
 * Every node the harness's runtime has created (running or not), as the runtime itself reports
 * them — from its shard processes when sharded (the default); empty before the first node, or
 * when the host runs elsewhere (electron project).
 */
export async function coreNodes(lab: Lab): Promise<RuntimeNode[]> {
  return (await lab.server?.session.runtime?.nodes()) ?? [];
}

/** The core's snapshot, through the page's API (the only view of the core in the electron project). */
export async function snapshot(lab: Lab): Promise<Snapshot> {
  const r = await lab.command('snapshot', {});
  if (!r.ok) throw new Error(`snapshot failed: ${r.error}`);
  return r.result;
}

/**
 * The links the core reports, as sorted edge keys: the embedded network's own links in the
 * browser project, the `snapshot` command's links in the electron project.
 */
export async function coreLinks(lab: Lab): Promise<string[]> {
  const links = lab.server ? linksOf(await coreNodes(lab)) : (await snapshot(lab)).links;
  return links.map(([a, b]) => linkKey(a, b)).sort();
}

/** Fills the timing inputs that are given, clicks Apply, and waits until the host has them. */
export async function applyTiming(page: Page, timing: Partial<PeerTiming>): Promise<void> {
  const ids: Record<keyof PeerTiming, string> = {
    neighbours: 'timing-neighbours',
    gossipIntervalMs: 'timing-gossip-interval',
    gossipCount: 'timing-gossip-count',
    livenessIntervalMs: 'timing-liveness-interval',
    livenessMisses: 'timing-liveness-misses',
  };
  // the fields show the host's timing once the first snapshot is in; fill after that
  await expect.poll(() => page.evaluate(() => (window as unknown as E2eWindow).__gossipLab.store.getState().timing !== null)).toBe(true);
  for (const [k, v] of Object.entries(timing) as Array<[keyof PeerTiming, number]>) await page.getByTestId(ids[k]).fill(String(v));
  await page.getByTestId('apply-timing').click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as E2eWindow).__gossipLab.store.getState().timing))
    .toMatchObject(timing);
}

/** Types a seed's host and port, clicks Add seed (nothing awaited: callers wait on what follows). */
export async function submitSeed(page: Page, host = '127.0.0.1', port: string | number = 0): Promise<void> {
  await page.getByTestId('seed-host').fill(host);
  await page.getByTestId('seed-port').fill(String(port));
  await page.getByTestId('add-seed').click();
}

/**
 * Adds `count` local seeds from the UI, one at a time, each waited for in the graph (the first
 * starts the shard processes, at the lowest priority: on a busy machine that takes a while).
 */
export async function addSeeds(page: Page, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const before = (await graphNodes(page)).filter((n) => n.role === 'seed' && n.origin === 'local').length;
    await submitSeed(page);
    await expect.poll(async () => (await graphNodes(page)).filter((n) => n.role === 'seed' && n.origin === 'local').length, { timeout: 60_000 }).toBe(before + 1);
  }
}

/**
 * Adds `count` local peers from the UI and waits until the command is done (the button is no
 * longer busy and the "Started N peers" notice shows) and the graph draws them all.
 */
export async function addPeers(page: Page, count: number, timeout = 60_000): Promise<void> {
  const localPeers = async (): Promise<number> => (await graphNodes(page)).filter((n) => n.role === 'peer' && n.origin === 'local').length;
  const before = await localPeers();
  await page.getByTestId('peer-count').fill(String(count));
  const button = page.getByTestId('add-peers');
  await button.click();
  const done = page.getByTestId('notice').locator('.notice-text', { hasText: new RegExp(`^Started ${count} peers?$`) });
  await expect(done.first()).toBeVisible({ timeout });
  await expect(button).toHaveAttribute('aria-busy', 'false');
  await expect.poll(localPeers, { timeout: 15_000 }).toBe(before + count);
}

/** Starts recording every UI event batch the page receives (with the page's time, ms). */
export async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as E2eWindow;
    if (w.__e2eEvents) return;
    const log: Array<{ t: number; e: UiEvent }> = [];
    w.__e2eEvents = log;
    w.__gossipLab.api.onEvents((batch) => {
      const t = Date.now();
      for (const e of batch) log.push({ t, e });
    });
  });
}

/** The events recorded since {@link recordEvents}, oldest first. */
export function recordedEvents(page: Page): Promise<Array<{ t: number; e: UiEvent }>> {
  return page.evaluate(() => [...((window as unknown as E2eWindow).__e2eEvents ?? [])]);
}

/** The number of messages the store holds (the status line's count). */
export function messageCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as E2eWindow).__gossipLab.store.getState().messageOrder.length);
}
