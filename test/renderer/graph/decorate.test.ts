/**
 * The graph's decoration (src/renderer/src/graph/decorate.ts): which classes a node or a link gets
 * for suspicions, pauses, loss and delay (network-wide, per node, per link), a partition (group
 * tints, links across the cut) and the chaos targets.
 */
import { describe, expect, it } from 'vitest';
import { decorationOf } from '../../../src/renderer/src/graph/decorate';
import { suspicionsFrom } from '../../../src/renderer/src/store/suspicions';
import type { FaultRules } from '../../../src/shared/types';

const input = (rules: FaultRules, extra: { paused?: string[]; suspected?: string[]; nodes?: string[]; link?: { a: string; b: string } } = {}) =>
  decorationOf({
    suspicions: suspicionsFrom((extra.suspected ?? []).map((id) => [id, ['x']])),
    faults: { rules, paused: (extra.paused ?? []).map((id) => ({ id, until: 0 })) },
    targets: { nodes: extra.nodes ?? [], link: extra.link ?? null },
  });

describe('decorationOf', () => {
  it('draws nothing when nothing is injected or suspected', () => {
    const d = input({});
    expect(d.node('a')).toEqual([]);
    expect(d.edge('a', 'b')).toEqual([]);
  });

  it('marks suspected, paused and targeted nodes', () => {
    const d = input({}, { suspected: ['a'], paused: ['b'], nodes: ['a'] });
    expect(d.node('a')).toEqual(['suspected', 'targeted']);
    expect(d.node('b')).toEqual(['paused']);
  });

  it('draws loss and delay on every link, on a faulty node’s links, and on one link', () => {
    expect(input({ network: { loss: 0.1 } }).edge('a', 'b')).toEqual(['lossy']);
    expect(input({ network: { delayMs: 200, jitterMs: 100 } }).edge('a', 'b')).toEqual(['delayed']);
    const perNode = input({ nodes: { a: { loss: 0.5 } } });
    expect(perNode.node('a')).toEqual(['faulty']);
    expect(perNode.edge('b', 'a')).toEqual(['lossy']);
    expect(perNode.edge('b', 'c')).toEqual([]);
    const perLink = input({ links: [{ a: 'b', b: 'a', jitterMs: 30 }] }, { link: { a: 'a', b: 'b' } });
    expect(perLink.edge('a', 'b')).toEqual(['delayed', 'targeted']);
    expect(perLink.edge('a', 'c')).toEqual([]);
  });

  it('tints nodes by partition group and draws links across the cut as cut', () => {
    const d = input({ partition: [['a', 'b'], ['c']] });
    expect(d.node('a')).toEqual(['group-0']);
    expect(d.node('c')).toEqual(['group-1']);
    expect(d.node('z')).toEqual([]);
    expect(d.edge('a', 'b')).toEqual([]);
    expect(d.edge('b', 'c')).toEqual(['cut']);
    expect(d.edge('c', 'z'), 'a node in no group reaches everyone').toEqual([]);
    expect(input({ partition: [['a', 'c']] }).edge('a', 'c'), 'one group cuts nothing').toEqual([]);
  });
});
