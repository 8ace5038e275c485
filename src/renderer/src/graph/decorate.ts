/**
 * What the graph draws on top of the network itself: suspected and paused nodes, nodes and links
 * with injected loss or delay, a partition (nodes tinted by group, links across the cut drawn as
 * cut) and the chaos panel's targets — as cytoscape classes. {@link decorationOf} turns the store's
 * state into a lookup that answers any node or link (pure, no cytoscape); the controller applies it.
 */
import type { FaultState, LinkFault } from '../../../shared/types';
import type { ChaosTargets } from '../store';
import { linkKey } from '../store/reduce';
import type { Suspicions } from '../store/suspicions';

/** Every class a decoration may set (the controller removes these before setting new ones). */
export const DECORATION_CLASSES = ['suspected', 'paused', 'faulty', 'lossy', 'delayed', 'cut', 'targeted', 'group-0', 'group-1', 'group-2', 'group-3'] as const;

/** Partition groups get this many distinct tints (more groups reuse them). */
export const GROUP_TINTS = 4;

/** What the decoration is computed from (store fields). */
export interface DecorationInput {
  suspicions: Suspicions;
  faults: FaultState;
  targets: ChaosTargets;
}

/** The classes of any node or link under one {@link DecorationInput}. */
export interface Decoration {
  node(id: string): string[];
  edge(a: string, b: string): string[];
}

/** `lossy` and/or `delayed` for a fault that has any effect. */
function faultClasses(f: LinkFault | undefined): string[] {
  if (f === undefined) return [];
  const out: string[] = [];
  if ((f.loss ?? 0) > 0) out.push('lossy');
  if ((f.delayMs ?? 0) > 0 || (f.jitterMs ?? 0) > 0) out.push('delayed');
  return out;
}

/** The decoration lookup of one state. */
export function decorationOf(input: DecorationInput): Decoration {
  const { rules, paused } = input.faults;
  const pausedIds = new Set(paused.map((p) => p.id));
  const targetNodes = new Set(input.targets.nodes);
  const targetLink = input.targets.link === null ? null : linkKey(input.targets.link.a, input.targets.link.b);
  const group = new Map<string, number>();
  const groups = (rules.partition ?? []).filter((g) => g.length > 0);
  if (groups.length >= 2) groups.forEach((g, i) => g.forEach((id) => group.set(id, i)));
  const network = faultClasses(rules.network);
  const links = new Map<string, string[]>();
  for (const l of rules.links ?? []) links.set(linkKey(l.a, l.b), faultClasses(l));

  return {
    node(id) {
      const out: string[] = [];
      if (input.suspicions.has(id)) out.push('suspected');
      if (pausedIds.has(id)) out.push('paused');
      if (faultClasses(rules.nodes?.[id]).length > 0) out.push('faulty');
      const g = group.get(id);
      if (g !== undefined) out.push(`group-${g % GROUP_TINTS}`);
      if (targetNodes.has(id)) out.push('targeted');
      return out;
    },
    edge(a, b) {
      const key = linkKey(a, b);
      const out = new Set<string>([...network, ...faultClasses(rules.nodes?.[a]), ...faultClasses(rules.nodes?.[b]), ...(links.get(key) ?? [])]);
      const ga = group.get(a);
      const gb = group.get(b);
      if (ga !== undefined && gb !== undefined && ga !== gb) out.add('cut');
      if (key === targetLink) out.add('targeted');
      return [...out];
    },
  };
}
