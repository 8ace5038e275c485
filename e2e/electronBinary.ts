/**
 * Where Electron's binary is, or why it is not there: the one reason every spec of the
 * `electron` project skips with (playwright.config.ts also prints it once, so a CI log says why).
 * No Playwright import, so the config can load it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

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
