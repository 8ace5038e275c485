/** Each plot's CSV (src/renderer/src/plots/csv.ts) from a series fed with UI events, and the series' thinning (bounded.ts). */
import { describe, expect, it } from 'vitest';
import { BoundedSeries, thin } from '../../../src/renderer/src/plots/bounded';
import { plotCsv } from '../../../src/renderer/src/plots/csv';
import { RunSeries } from '../../../src/renderer/src/plots/series';
import { PLOT_NAMES } from '../../../src/shared/types';
import { message, node, nodeEvent, snapshot } from '../fixtures';

const T0 = 1_700_000_000_000;
const ID = 'ab'.repeat(32);

function series(): RunSeries {
  const s = new RunSeries();
  s.applySnapshot(T0, snapshot({ nodes: [node('127.0.0.1:7001'), node('127.0.0.1:7002')], links: [['127.0.0.1:7001', '127.0.0.1:7002']] }));
  s.apply(T0 + 1000, [{ kind: 'message', message: message(ID, T0 + 900, 1) }, { kind: 'traffic', at: T0 + 1000, intervalMs: 1000, messagesPerS: 1, framesPerS: 3.5, receiptsPerS: 2 }]);
  s.apply(T0 + 1400, [{ kind: 'message', message: message(ID, T0 + 900, 2) }, nodeEvent('127.0.0.1:7002', { life: 'down' })]);
  s.apply(T0 + 3000, [{ kind: 'dead-reported', reporter: '127.0.0.1:7001', dead: '127.0.0.1:7002', report: 'Dead Node:x' }]);
  return s;
}

describe('plot CSVs', () => {
  it('write a header and one row per point, in the plots units', () => {
    const d = series().view();
    expect(plotCsv('coverage', d).split('\n').slice(0, 4)).toEqual([
      'series,message,origin,t_s,coverage,reached,peers',
      `message,${ID},127.0.0.1:7001,0.1,0.5,1,2`,
      `message,${ID},127.0.0.1:7001,0.5,1,2,2`,
      'median,,,0,0,,',
    ]);
    expect(plotCsv('traffic', d)).toBe('t_s,messages_per_s,frames_per_s,receipts_per_s\n1,1,3.5,2\n');
    expect(plotCsv('population', d)).toBe('t_s,peers,links\n0,2,1\n1.4,1,1\n');
    expect(plotCsv('alpha', d)).toBe('t_s,peers,alpha,sigma\n');
    expect(plotCsv('detection', d)).toBe(`node,stage,by,at_ms,since_crash_s\n127.0.0.1:7002,crash,,${T0 + 1400},0\n127.0.0.1:7002,dead-report,127.0.0.1:7001,${T0 + 3000},1.6\n`);
  });

  it('quote cells with commas or quotes, and every plot has a CSV even when empty', () => {
    const s = new RunSeries();
    s.apply(T0, [nodeEvent('[::1]:7000'), nodeEvent('[::1]:7000', { life: 'down' }), { kind: 'liveness-missed', node: 'a,"b"', neighbour: '[::1]:7000', misses: 1 }]);
    expect(plotCsv('detection', s.view())).toContain('[::1]:7000,miss,"a,""b""",');
    for (const name of PLOT_NAMES) expect(plotCsv(name, new RunSeries().view()).split('\n')).toHaveLength(2);
  });
});

describe('bounded series', () => {
  it('thins to every second point, keeping the first and the newest', () => {
    expect(thin([1, 2, 3, 4, 5])).toEqual([1, 3, 5]);
    expect(thin([1, 2, 3, 4])).toEqual([1, 3, 4]);
    const b = new BoundedSeries<{ t: number }>(8);
    for (let t = 0; t < 100; t++) b.push({ t });
    expect(b.length).toBeLessThanOrEqual(8);
    expect(b.until()[0]!.t).toBe(0);
    expect(b.last!.t).toBe(99);
    expect(b.until(50).every((p) => p.t <= 50)).toBe(true);
    expect(() => new BoundedSeries(2)).toThrow(RangeError);
  });
});
