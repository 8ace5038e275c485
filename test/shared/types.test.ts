/**
 * The shared types module is what the page and the sandboxed preload import: it must stay free of
 * runtime dependencies (no zod, no ipaddr.js, no core code) — `import type` only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DetectorKind as CoreDetectorKind } from '../../src/core/peer/swim';
import type { DetectorKind } from '../../src/shared/types';
import { IPC } from '../../src/shared/types';

const SOURCE = readFileSync(new URL('../../src/shared/types.ts', import.meta.url), 'utf8');

describe('src/shared/types.ts', () => {
  it('imports and re-exports types only', () => {
    const imports = SOURCE.split('\n').filter((l) => /^\s*(import|export)\b.*\bfrom\s+'/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^\s*(import|export) type\b/);
  });

  it('src/shared/recording.ts, which the page also imports, imports types only too', () => {
    const source = readFileSync(new URL('../../src/shared/recording.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((l) => /^\s*(import|export)\b.*\bfrom\s+'/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^\s*(import|export) type\b/);
  });

  it("names the same detectors as core's DetectorKind", () => {
    expectTypeOf<DetectorKind>().toEqualTypeOf<CoreDetectorKind>();
  });

  it('defines the IPC channels', () => {
    expect(IPC).toEqual({ command: 'lab:command', events: 'lab:events', ready: 'lab:ready' });
  });
});
