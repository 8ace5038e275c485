/** The chaos panel's words and fields (src/renderer/src/chaos): faults described for the status bar, fields read with errors per field. */
import { describe, expect, it } from 'vitest';
import { describeFaults, percent } from '../../../src/renderer/src/chaos/describe';
import { readFault, readPause } from '../../../src/renderer/src/chaos/form';

describe('describeFaults', () => {
  it('says what is in force, in words', () => {
    expect(describeFaults({ rules: {}, paused: [] })).toEqual([]);
    expect(describeFaults({ rules: { network: { loss: 0.1 }, partition: [['a'], ['b']] }, paused: [] }).join(' · ')).toBe('10 % loss · partition 2 groups');
    expect(describeFaults({ rules: { network: { delayMs: 200, jitterMs: 100 } }, paused: [{ id: 'a', until: 1 }] })).toEqual(['200 ± 100 ms delay', '1 node paused']);
    expect(describeFaults({ rules: { nodes: { a: { loss: 0.2 }, b: { delayMs: 5 } }, links: [{ a: 'a', b: 'b', loss: 0.3 }] }, paused: [] })).toEqual(['faults on 2 nodes', 'faults on 1 link']);
    expect(percent(0.055)).toBe('5.5 %');
  });
});

describe('readFault', () => {
  it('reads loss in % and delay, jitter in ms; empty fields are 0', () => {
    expect(readFault({ loss: '10', delay: '', jitter: ' ' })).toEqual({ ok: true, fault: { loss: 0.1, delayMs: 0, jitterMs: 0 } });
    expect(readFault({ loss: '0', delay: '200', jitter: '100' })).toEqual({ ok: true, fault: { loss: 0, delayMs: 200, jitterMs: 100 } });
  });

  it('names each bad field in words', () => {
    expect(readFault({ loss: '150', delay: 'soon', jitter: '1.5' })).toEqual({
      ok: false,
      errors: { loss: 'loss must be between 0 and 100 %', delay: 'delay must be a number, got “soon”', jitter: 'jitter must be a whole number of ms from 0 to 60000' },
    });
  });

  it('reads a pause in seconds', () => {
    expect(readPause('2.5')).toEqual({ ok: true, seconds: 2.5 });
    expect(readPause('')).toEqual({ ok: false, error: 'pause is empty — enter a number' });
    expect(readPause('9999')).toEqual({ ok: false, error: 'pause must be from 0.1 to 600 s' });
  });
});
