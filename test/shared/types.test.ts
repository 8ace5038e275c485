/**
 * The shared types module is what the page and the sandboxed preload import: it must stay free of
 * runtime dependencies (no zod, no ipaddr.js, no core code) — `import type` only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPC } from '../../src/shared/types';

const SOURCE = readFileSync(new URL('../../src/shared/types.ts', import.meta.url), 'utf8');

describe('src/shared/types.ts', () => {
  it('imports and re-exports types only', () => {
    const imports = SOURCE.split('\n').filter((l) => /^\s*(import|export)\b.*\bfrom\s+'/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^\s*(import|export) type\b/);
  });

  it('defines the IPC channels', () => {
    expect(IPC).toEqual({ command: 'lab:command', events: 'lab:events', ready: 'lab:ready' });
  });
});
