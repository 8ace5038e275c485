/** The host's command validation takes its timing bounds from core's one table. */
import { describe, expect, it } from 'vitest';
import { FAULT_BOUNDS, checkFaultRules } from '../../src/core/net/faults';
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

describe('setFaults validation', () => {
  it("accepts a network fault exactly when core's checkFaultRules does, at and beyond each bound", () => {
    const cases = [
      ...[-0.01, 0, 1, 1.01].map((loss) => ({ loss })),
      ...(['delayMs', 'jitterMs'] as const).flatMap((k) => [-1, 0, FAULT_BOUNDS[k], FAULT_BOUNDS[k] + 1].map((v) => ({ [k]: v }))),
    ];
    for (const fault of cases) {
      const parsed = parseCommand('setFaults', { scope: 'network', fault });
      expect(parsed.ok, JSON.stringify(fault)).toBe(checkFaultRules({ network: fault }) === undefined);
    }
  });

  it('says what is wrong in words', () => {
    expect(parseCommand('setFaults', { scope: 'network', fault: { loss: 2 } })).toEqual({ ok: false, error: 'loss must be between 0 % and 100 %' });
    expect(parseCommand('setFaults', { scope: 'network', fault: { delayMs: 1.5 } })).toEqual({ ok: false, error: 'delay must be a whole number of ms' });
    expect(parseCommand('setFaults', { scope: 'partition', groups: [['127.0.0.1:1']] })).toEqual({ ok: false, error: 'a partition needs at least two groups' });
    expect(parseCommand('setFaults', { scope: 'nodes', ids: [], fault: {} })).toEqual({ ok: false, error: 'select at least one node' });
    expect(parseCommand('pauseNodes', { ids: ['127.0.0.1:1'], seconds: 0 })).toEqual({ ok: false, error: 'the pause must be at least 0.1 s' });
    expect(parseCommand('setDetector', { detector: 'gut-feeling' })).toEqual({ ok: false, error: 'the detector must be assignment or swim' });
  });
});

