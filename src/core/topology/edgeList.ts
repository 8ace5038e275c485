/**
 * A fixed topology read from an edge list (SNAP style, as in shared/datasets/p2p-Gnutella08.txt):
 * the graph peers are wired as when a network is started "from an edge list" instead of by
 * preferential attachment.
 */

/** Bad edge-list text: the message names the source and the 1-based line number. */
export class EdgeListError extends Error {
  override name = 'EdgeListError';
}

/**
 * An undirected simple graph over nodes 0..n−1. As parsed, nodes are numbered breadth-first from
 * the best-connected node (see {@link breadthFirst}), so the first K nodes of a connected graph
 * are a connected part of it.
 */
export interface Topology {
  /** The file's node id of each node. */
  ids: string[];
  /** Undirected links as node-index pairs [a, b] with a < b, each once, no self-loops. */
  edges: Array<[number, number]>;
}

/** Most edge lines read (a bound on memory for untrusted text); Gnutella08 has 20,777. */
export const MAX_EDGES = 1_000_000;

/**
 * Parses an edge list: one edge a line as two node ids separated by spaces or tabs; blank lines
 * and lines starting with `#` (or `%`) are skipped. Edges are read as undirected: a pair listed
 * twice (in either direction) is one link, and a self-loop adds a node but no link.
 * @param text the file's contents
 * @param sourceName names the source in error messages (a path, or "edge list")
 * @throws EdgeListError for a line that is not two ids, for more than {@link MAX_EDGES} lines, or
 *   when there is no edge at all.
 */
export function parseEdgeList(text: string, sourceName = 'edge list'): Topology {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const seen = new Set<number>();
  const edges: Array<[number, number]> = [];
  const node = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  let lines = 0;
  let start = 0;
  for (let lineNo = 1; start <= text.length; lineNo++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '' || line.startsWith('#') || line.startsWith('%')) continue;
    if (++lines > MAX_EDGES) throw new EdgeListError(`${sourceName}: more than ${MAX_EDGES} edges`);
    const fields = line.split(/\s+/);
    if (fields.length !== 2) {
      throw new EdgeListError(`${sourceName}:${lineNo}: expected two node ids, found ${fields.length === 1 ? 'one' : `${fields.length} fields`}: ${line.slice(0, 80)}`);
    }
    const a = node(fields[0]!);
    const b = node(fields[1]!);
    if (a === b) continue;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * 2 ** 21 + hi; // exact while indices stay under 2^21 (MAX_EDGES × 2 nodes)
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([lo, hi]);
  }
  if (edges.length === 0 && ids.length === 0) throw new EdgeListError(`${sourceName}: no edges found`);
  return breadthFirst({ ids, edges });
}

/**
 * Renumbers the nodes in breadth-first order: from the node of highest degree (the first such),
 * then, when its component is exhausted, from the highest-degree node not yet reached, and so on.
 * Every prefix 0..K−1 is then connected as long as K does not pass the first component's size, so
 * "start the first K nodes" starts a connected piece of the graph, not scattered fragments.
 * @returns the same graph: ids reordered, edges renumbered as [a, b] with a < b, in order of b then a.
 */
export function breadthFirst(t: Topology): Topology {
  const n = t.ids.length;
  const adj: number[][] = t.ids.map(() => []);
  for (const [a, b] of t.edges) {
    adj[a]!.push(b);
    adj[b]!.push(a);
  }
  const byDegree = [...adj.keys()].sort((x, y) => adj[y]!.length - adj[x]!.length || x - y);
  const order = new Int32Array(n).fill(-1); // old index → new
  const queue: number[] = [];
  for (const start of byDegree) {
    if (order[start] !== -1) continue;
    order[start] = queue.length;
    queue.push(start);
    for (let i = queue.length - 1; i < queue.length; i++) {
      for (const w of adj[queue[i]!]!) {
        if (order[w] !== -1) continue;
        order[w] = queue.length;
        queue.push(w);
      }
    }
  }
  const edges = t.edges.map(([a, b]): [number, number] => {
    const x = order[a]!;
    const y = order[b]!;
    return x < y ? [x, y] : [y, x];
  });
  edges.sort((p, q) => p[1] - q[1] || p[0] - q[0]);
  return { ids: queue.map((old) => t.ids[old]!), edges };
}

/** Each node's degree in `t`, by node index. */
export function topologyDegrees(t: Topology): number[] {
  const deg = new Array<number>(t.ids.length).fill(0);
  for (const [a, b] of t.edges) {
    deg[a]!++;
    deg[b]!++;
  }
  return deg;
}

/**
 * Who dials whom when the graph is started: for each node, the neighbours with a smaller index
 * (so each link is dialled exactly once, by its later node).
 */
export function earlierNeighbours(t: Topology): number[][] {
  const out: number[][] = t.ids.map(() => []);
  for (const [a, b] of t.edges) out[b]!.push(a);
  return out;
}

/**
 * The subgraph induced by the first `k` nodes of `t` (node indices < k): their ids and the edges
 * among them. `k` is clamped to 0..n; k ≥ n returns `t` itself.
 */
export function firstNodes(t: Topology, k: number): Topology {
  if (k >= t.ids.length) return t;
  const n = Math.max(0, k);
  return { ids: t.ids.slice(0, n), edges: t.edges.filter(([, b]) => b < n) };
}
