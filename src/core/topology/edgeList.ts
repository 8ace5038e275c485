/**
 * A fixed topology read from an edge list (SNAP style, as in shared/datasets/p2p-Gnutella08.txt):
 * the graph peers are wired as when a network is started "from an edge list" instead of by
 * preferential attachment.
 */

/** Bad edge-list text: the message names the source and the 1-based line number. */
export class EdgeListError extends Error {
  override name = 'EdgeListError';
}

/** An undirected simple graph over nodes 0..n−1. */
export interface Topology {
  /** The file's node id of each node, in order of first appearance. */
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
  return { ids, edges };
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
