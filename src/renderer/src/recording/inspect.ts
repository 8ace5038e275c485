/**
 * The inspector's view of a node during a replay: what the recording shows at the cursor (its
 * role, life, degree and neighbours); what only a live node can answer (its Message List, its
 * liveness misses, its seeds) is not in a recording and is left empty.
 */
import type { NodeDetails, UiNode } from '../../../shared/types';
import type { Link } from '../store';

/** Details of `id` from the replayed graph, or null when it is not in it at this instant. */
export function replayedDetails(id: string, nodes: ReadonlyMap<string, UiNode>, links: ReadonlyMap<string, Link>): NodeDetails | null {
  const n = nodes.get(id);
  if (!n) return null;
  const neighbours: string[] = [];
  for (const l of links.values()) {
    if (l.a === id) neighbours.push(l.b);
    else if (l.b === id) neighbours.push(l.a);
  }
  neighbours.sort();
  return { id, role: n.role, origin: n.origin, life: n.life, degree: n.degree, neighbours, seeds: [], messagesSeen: null, livenessMisses: {}, detector: null, suspects: [] };
}
