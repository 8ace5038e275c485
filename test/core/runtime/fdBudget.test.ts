/**
 * The open-file budget: reading the limits, the estimate's formula — checked against the
 * descriptors a real network started from an edge list holds — and the refusal's numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FD_MARGIN, checkTopologyFds, countOpenFds, estimateTopologyFds, parseOpenFileLimits, prefixLinkCounts, readFdLimits } from '../../../src/core/runtime/fdBudget';
import { NetworkHost } from '../../../src/core/runtime/network';
import { firstNodes } from '../../../src/core/topology/edgeList';
import { parseEdgeList } from '../../../src/core/topology/edgeList';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/topology-30.txt');
const TOPOLOGY = parseEdgeList(readFileSync(FIXTURE, 'utf8'), FIXTURE);
const LINUX = existsSync('/proc/self/fd') && existsSync('/proc/self/limits');

describe('open-file limits', () => {
  it('reads the soft and hard "Max open files" of /proc/<pid>/limits text', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units     \nMax processes             63448                63448                processes \nMax open files            20000                524288               files     \n';
    expect(parseOpenFileLimits(text)).toEqual({ soft: 20000, hard: 524288 });
    expect(parseOpenFileLimits('Max open files            unlimited            unlimited            files\n')).toEqual({ soft: Infinity, hard: Infinity });
    expect(parseOpenFileLimits('nothing here')).toEqual({ soft: null, hard: null });
    expect(readFdLimits('/no/such/file')).toEqual({ soft: null, hard: null });
    expect(countOpenFds('/no/such/dir')).toBeNull();
  });

  it.skipIf(!LINUX)('reads this process’s own limit and descriptors (Linux)', () => {
    const { soft } = readFdLimits();
    expect(soft === Infinity || (typeof soft === 'number' && soft > 0)).toBe(true);
    expect(countOpenFds()).toBeGreaterThan(2);
  });
});

describe('the estimate', () => {
  it('is N + 2E + N·r + N·min(r, local) + new seeds + margin, r = ⌊seeds/2⌋ + 1', () => {
    expect(estimateTopologyFds(1000, 2298, { total: 3, local: 3, toStart: 3 })).toEqual({
      nodes: 1000,
      links: 2298,
      listeners: 1000,
      linkEnds: 4596,
      seedConnections: 4000,
      seedListeners: 3,
      margin: FD_MARGIN,
      total: 9599 + FD_MARGIN,
    });
    // remote seeds only: the seed side of the connections is elsewhere
    expect(estimateTopologyFds(10, 5, { total: 4, local: 0, toStart: 0 }).seedConnections).toBe(30);
    expect(() => estimateTopologyFds(10, 5, { total: 0, local: 0, toStart: 0 })).toThrow(RangeError);
  });

  it('counts the links among the first k nodes for every k', () => {
    const counts = prefixLinkCounts(TOPOLOGY);
    expect(counts).toHaveLength(TOPOLOGY.ids.length + 1);
    for (const k of [0, 1, 5, 12, 30]) expect(counts[k]).toBe(firstNodes(TOPOLOGY, k).edges.length);
  });

  it('refuses with the need, the limit and the most nodes that fit; passes when it fits or the limit is unknown', () => {
    const seeds = { total: 3, local: 3, toStart: 3 };
    const need = estimateTopologyFds(30, TOPOLOGY.edges.length, seeds).total;
    const budget = { soft: need + 10 - 1, hard: need + 9, inUse: 10 };
    const v = checkTopologyFds(TOPOLOGY, 30, seeds, (k) => `--nodes ${k}`, budget);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.maxNodes).toBe(29);
    expect(v.message).toContain(`they need about ${need} file descriptors`);
    expect(v.message).toContain(`on top of the 10 open now, ${need + 10} in all, but this process may open at most ${need + 9}`);
    expect(v.message).toContain(`the hard limit here is ${need + 9}`);
    expect(v.message).toContain('--nodes 29 fits now');
    expect(checkTopologyFds(TOPOLOGY, 30, seeds, String, { ...budget, soft: need + 10 })).toMatchObject({ ok: true, checked: true });
    expect(checkTopologyFds(TOPOLOGY, 30, seeds, String, { soft: null, hard: null, inUse: null })).toMatchObject({ ok: true, checked: false });
    expect(checkTopologyFds(TOPOLOGY, 30, seeds, String, { soft: 50, hard: 50, inUse: 40 })).toMatchObject({ ok: false, maxNodes: 0 });
  });
});

describe.skipIf(!LINUX)('against a real network', () => {
  let net: NetworkHost | undefined;
  afterEach(async () => net?.stopAll());

  it('a 30-node topology with 3 local seeds holds exactly the estimate less the margin', async () => {
    const before = countOpenFds()!;
    // seed connections held open (as during a long join), so the count is the peak the estimate is for
    net = new NetworkHost({ timing: { gossipCount: 0, livenessIntervalMs: 60_000 }, limits: { seedIdleMs: 600_000 } });
    for (let i = 0; i < 3; i++) await net.addSeed();
    const ids = await net.addPeersFromTopology(TOPOLOGY, { autoGossip: false });
    expect(ids.every((id) => id !== null)).toBe(true);
    expect(net.links()).toHaveLength(TOPOLOGY.edges.length);
    const need = estimateTopologyFds(30, TOPOLOGY.edges.length, { total: 3, local: 3, toStart: 3 });
    expect(countOpenFds()! - before).toBe(need.total - need.margin);
  });
});
