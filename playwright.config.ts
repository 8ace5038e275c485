import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/electronBinary';

/**
 * End-to-end specs. `browser`: the renderer in Debian's Chromium against the browser harness
 * (the same host behind a WebSocket bridge) — how they run on machines without Electron's binary.
 * `electron`: the same specs against the real Electron app, where its binary is installed; they
 * skip with the reason where it is not. No browser is ever downloaded.
 */
const electronBin = electronBinary();
// once per run, so that a CI log says why the `electron` project's specs are skipped
if ('missing' in electronBin && !process.env.TEST_WORKER_INDEX) {
  console.log(`[electron project] every spec skips: ${electronBin.missing}. The same specs run in the browser project.`);
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'off',
    screenshot: 'off',
  },
  projects: [
    { name: 'browser', metadata: { target: 'browser' } },
    { name: 'electron', metadata: { target: 'electron' } },
  ],
});
