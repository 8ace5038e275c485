/** The host's command validation takes its timing bounds from core's one table. */
import { describe, expect, it } from 'vitest';
import { TIMING_BOUNDS, TIMING_KEYS, checkTiming } from '../../src/core/peer/options';
import { parseCommand } from '../../src/shared/validation';

describe('setTiming validation', () => {
  it('accepts exactly what checkTiming accepts, at and beyond each bound', () => {
    for (const k of TIMING_KEYS) {
      const { min, max } = TIMING_BOUNDS[k];
      for (const v of [min - 1, min, max, max + 1]) {
        const parsed = parseCommand('setTiming', { [k]: v });
        const why = checkTiming({ [k]: v });
        expect(parsed.ok).toBe(why === undefined);
        if (!parsed.ok) expect(parsed.error).toBe(why);
      }
    }
  });

  it('names an unknown command', () => {
    expect(parseCommand('launchMissiles' as 'snapshot', {})).toEqual({ ok: false, error: 'unknown command launchMissiles' });
  });
});
