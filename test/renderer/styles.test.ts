/**
 * Contrast of the stylesheet's text on solid backgrounds (WCAG 2.1 AA asks 4.5:1 for normal text):
 * computed from the colours in src/renderer/src/styles.css itself, custom properties resolved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(join(__dirname, '../../src/renderer/src/styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Every rule as selector → declarations (later rules for the same selector merged over earlier ones). */
function rules(css: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls: Record<string, string> = {};
    for (const d of m[2]!.split(';')) {
      const i = d.indexOf(':');
      if (i > 0) decls[d.slice(0, i).trim()] = d.slice(i + 1).trim();
    }
    for (const sel of m[1]!.split(',').map((x) => x.trim())) out.set(sel, { ...out.get(sel), ...decls });
  }
  return out;
}

const RULES = rules(CSS);
const ROOT = RULES.get(':root') ?? {};
const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000' };

/** A colour value as `#rrggbb`, custom properties resolved; undefined when it is not a solid colour. */
function resolve(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const ref = /^var\((--[\w-]+)\)$/.exec(v);
  if (ref) return resolve(ROOT[ref[1]!]);
  if (NAMED[v]) return NAMED[v];
  if (/^#[0-9a-f]{6}$/i.test(v)) return v.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
  return undefined;
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

describe('contrast', () => {
  it('computes the WCAG ratio (white on black 21:1, the old primary blue 4.0:1)', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#2f7fe0')).toBeCloseTo(4.01, 2);
  });

  it('white on the primary buttons, hovered or not, is at least 4.5:1', () => {
    const base = RULES.get('.btn.primary')!;
    const text = resolve(base.color)!;
    expect(text).toBe('#ffffff');
    for (const sel of ['.btn.primary', '.btn.primary:hover:not(:disabled)']) {
      const bg = resolve(RULES.get(sel)?.background)!;
      expect(bg, sel).toMatch(/^#/);
      expect(contrast(text, bg), `${sel}: ${text} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('every rule that sets both a solid text colour and a solid background meets 4.5:1', () => {
    const checked: string[] = [];
    for (const [sel, d] of RULES) {
      const fg = resolve(d.color);
      const bg = resolve(d.background ?? d['background-color']);
      if (fg === undefined || bg === undefined) continue;
      checked.push(sel);
      expect(contrast(fg, bg), `${sel}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(checked).toContain('.btn.primary');
  });
});
