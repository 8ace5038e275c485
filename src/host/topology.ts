/**
 * The network as the UI draws it: nodes (role, origin, life, degree), who lists whom as a
 * neighbour, which seeds list which peers, and the undirected links that follow from those lists.
 * Every change is reported as the {@link UiEvent}s that describe it, in an order a renderer can
 * apply one by one (a link never before both of its nodes, a node's removal after its links').
 *
 * The rules:
 * - a link a–b is drawn while both nodes are in the model, neither is `dead`, and either one
 *   lists the other (only running nodes keep lists: a node that goes down has its list cleared);
 * - a peer's degree is its number of drawn links; a seed's degree is how many peers it lists;
 * - a local node that does not run (`down`, `dead`) is removed once no seed lists it and no link
 *   to it remains (a crashed peer that nobody lists could never be reported dead);
 * - a remote peer is removed as soon as no seed (local or remote) lists it;
 * - a peer the rules remove while `dead` stays drawn dead until {@link DEAD_HOLD_MS} after it was
 *   marked so (a local peer that goes while `down` is marked `dead` first): the dead stage is
 *   seen, not merged into the removal's batch.
 */
import type { Clock, TimerHandle } from '../core/clock';
import { systemClock } from '../core/clock';
import type { NodeLife, NodeOrigin, UiEvent, UiNode } from '../shared/types';
import type { Link } from '../core/runtime/network';

/**
 * How long a peer reported dead stays drawn `dead` before its `node-removed` in the app (the
 * session's default; `LabSessionOptions.deadHoldMs` changes it), ms: long enough to be seen.
 */
export const DEAD_HOLD_MS = 5000;

/** How a {@link TopologyModel} keeps dead peers. Times in ms. */
export interface TopologyModelOptions {
  /** The clock of the hold's timers (default: the system clock). */
  clock?: Clock;
  /** Least time a dead peer stays drawn before it is removed, ms (default 0: removed at once; the session uses {@link DEAD_HOLD_MS}). */
  deadHoldMs?: number;
}

/** A node's role. */
export type Role = UiNode['role'];

/** The UI's model of the network; emits a {@link UiEvent} for every visible change. */
export class TopologyModel {
  private readonly nodes = new Map<string, UiNode>();
  /** lister → the neighbours it lists. */
  private readonly lists = new Map<string, Set<string>>();
  /** listed → the nodes that list it. */
  private readonly listedBy = new Map<string, Set<string>>();
  /** Drawn links: node → its drawn neighbours. */
  private readonly adj = new Map<string, Set<string>>();
  /** seed → the peers it lists. */
  private readonly seedLists = new Map<string, Set<string>>();
  /** peer → the seeds that list it. */
  private readonly seedsOf = new Map<string, Set<string>>();

  /** peer → when it was marked dead (clock ms), while it is. */
  private readonly deadSince = new Map<string, number>();
  /** peer → the timer that removes it once its dead hold is over. */
  private readonly holds = new Map<string, TimerHandle>();
  private readonly clock: Clock;
  private readonly deadHoldMs: number;

  /** @param emit receives every change, in order. */
  constructor(
    private readonly emit: (e: UiEvent) => void,
    opts: TopologyModelOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.deadHoldMs = Math.max(0, opts.deadHoldMs ?? 0);
  }

  /** Cancels every dead hold's timer (the nodes held stay in the model). */
  close(): void {
    for (const t of this.holds.values()) this.clock.clearTimeout(t);
    this.holds.clear();
  }

  /** The node with this id, if in the model (a copy). */
  node(id: string): UiNode | undefined {
    const n = this.nodes.get(id);
    return n ? { ...n } : undefined;
  }

  /** Every node (copies), in the order they appeared. */
  allNodes(): UiNode[] {
    return [...this.nodes.values()].map((n) => ({ ...n }));
  }

  /** Every drawn link once, as `[a, b]` with a < b. */
  links(): Link[] {
    const out: Link[] = [];
    for (const [a, ns] of this.adj) for (const b of ns) if (a < b) out.push([a, b]);
    return out;
  }

  /** The drawn neighbours of `id`. */
  linkedTo(id: string): string[] {
    return [...(this.adj.get(id) ?? [])];
  }

  /** The neighbours `id` lists (its own view, drawn or not). */
  listOf(id: string): string[] {
    return [...(this.lists.get(id) ?? [])];
  }

  /** The peers seed `id` lists. */
  seedListOf(id: string): string[] {
    return [...(this.seedLists.get(id) ?? [])];
  }

  /** The seeds that list peer `id`. */
  seedsListing(id: string): string[] {
    return [...(this.seedsOf.get(id) ?? [])];
  }

  /** Adds a node or changes its role, origin or life. */
  upsertNode(id: string, role: Role, origin: NodeOrigin, life: NodeLife): void {
    const known = this.nodes.get(id);
    if (known && known.role === role && known.origin === origin && known.life === life) return;
    const node: UiNode = { id, role, origin, life, degree: known?.degree ?? 0 };
    node.degree = this.degreeOf(node);
    this.nodes.set(id, node);
    if (life !== 'dead') this.endHold(id);
    else if (!this.deadSince.has(id)) this.deadSince.set(id, this.clock.now());
    this.emit({ kind: 'node', node: { ...node } });
    if (!known || (known.life === 'dead') !== (life === 'dead')) this.refreshAround(id);
    this.reap(id);
  }

  /**
   * Changes a node's life. Going `down` or `dead` clears the node's own neighbour list (a node
   * that does not run lists nobody); `dead` also hides all its links.
   */
  setLife(id: string, life: NodeLife): void {
    const n = this.nodes.get(id);
    if (!n) return;
    if (life !== 'up') this.clearList(id);
    this.upsertNode(id, n.role, n.origin, life);
  }

  /** Removes a node with its links at once (a graceful stop, or gone from every seed). */
  removeNode(id: string): void {
    const n = this.nodes.get(id);
    if (!n) return;
    this.nodes.delete(id); // first: no upsert of a node on its way out
    this.endHold(id);
    this.clearList(id);
    if (n.role === 'seed') this.setSeedList(id, []);
    this.refreshAround(id);
    this.emit({ kind: 'node-removed', id });
  }

  /** Records that `lister` lists `neighbour`. */
  addListing(lister: string, neighbour: string): void {
    if (lister === neighbour) return;
    setOf(this.lists, lister).add(neighbour);
    setOf(this.listedBy, neighbour).add(lister);
    this.refreshPair(lister, neighbour);
  }

  /** Records that `lister` no longer lists `neighbour`. */
  removeListing(lister: string, neighbour: string): void {
    if (!this.lists.get(lister)?.delete(neighbour)) return;
    this.listedBy.get(neighbour)?.delete(lister);
    this.refreshPair(lister, neighbour);
  }

  /** Replaces `lister`'s whole neighbour list. */
  setList(lister: string, neighbours: Iterable<string>): void {
    const next = new Set(neighbours);
    next.delete(lister);
    for (const old of this.listOf(lister)) if (!next.has(old)) this.removeListing(lister, old);
    for (const n of next) if (!this.lists.get(lister)?.has(n)) this.addListing(lister, n);
  }

  /** Clears `lister`'s neighbour list. */
  clearList(lister: string): void {
    this.setList(lister, []);
  }

  /** Records that seed `seed` lists peer `peer`. */
  addSeedEntry(seed: string, peer: string): void {
    setOf(this.seedLists, seed).add(peer);
    setOf(this.seedsOf, peer).add(seed);
    this.refreshDegree(seed);
  }

  /** Records that seed `seed` dropped peer `peer`; the peer may be removed then (see the rules). */
  removeSeedEntry(seed: string, peer: string): void {
    if (!this.seedLists.get(seed)?.delete(peer)) return;
    this.seedsOf.get(peer)?.delete(seed);
    this.refreshDegree(seed);
    this.reap(peer);
  }

  /** Replaces seed `seed`'s whole peer list. */
  setSeedList(seed: string, peers: Iterable<string>): void {
    const next = new Set(peers);
    for (const p of next) if (!this.seedLists.get(seed)?.has(p)) this.addSeedEntry(seed, p);
    for (const old of this.seedListOf(seed)) if (!next.has(old)) this.removeSeedEntry(seed, old);
  }

  /** Every pair `id` is part of (drawn or listed either way), then re-decides each. */
  private refreshAround(id: string): void {
    const others = new Set<string>([...(this.lists.get(id) ?? []), ...(this.listedBy.get(id) ?? []), ...(this.adj.get(id) ?? [])]);
    for (const o of others) this.refreshPair(id, o);
  }

  /** Draws or erases the link a–b as the rules say, and reports it. */
  private refreshPair(x: string, y: string): void {
    const [a, b] = x < y ? [x, y] : [y, x];
    const na = this.nodes.get(a);
    const nb = this.nodes.get(b);
    const should =
      a !== b && !!na && !!nb && na.life !== 'dead' && nb.life !== 'dead' && (!!this.lists.get(a)?.has(b) || !!this.lists.get(b)?.has(a));
    const is = !!this.adj.get(a)?.has(b);
    if (should === is) return;
    if (should) {
      setOf(this.adj, a).add(b);
      setOf(this.adj, b).add(a);
    } else {
      this.adj.get(a)?.delete(b);
      this.adj.get(b)?.delete(a);
    }
    this.emit({ kind: 'link', a, b, up: should });
    this.refreshDegree(a);
    this.refreshDegree(b);
    if (!should) {
      this.reap(a);
      this.reap(b);
    }
  }

  private degreeOf(n: UiNode): number {
    return n.role === 'seed' ? (this.seedLists.get(n.id)?.size ?? 0) : (this.adj.get(n.id)?.size ?? 0);
  }

  private refreshDegree(id: string): void {
    const n = this.nodes.get(id);
    if (!n) return;
    const d = this.degreeOf(n);
    if (d === n.degree) return;
    n.degree = d;
    this.emit({ kind: 'node', node: { ...n } });
  }

  /** Removes a node that the rules say is gone. */
  private reap(id: string): void {
    const n = this.nodes.get(id);
    if (!n || n.role !== 'peer') return;
    const listed = (this.seedsOf.get(id)?.size ?? 0) > 0;
    if (listed) return;
    const gone = n.origin === 'remote' || (n.life !== 'up' && (this.adj.get(id)?.size ?? 0) === 0);
    if (!gone) return;
    if (this.deadHoldMs > 0 && n.origin === 'local' && n.life === 'down') {
      this.setLife(id, 'dead'); // gone from the network: shown dead first (this reaps it again)
      return;
    }
    const until = n.life === 'dead' ? (this.deadSince.get(id) ?? -Infinity) + this.deadHoldMs : -Infinity;
    const now = this.clock.now();
    if (now >= until) {
      this.removeNode(id);
      return;
    }
    if (this.holds.has(id)) return;
    this.holds.set(
      id,
      this.clock.setTimeout(() => {
        this.holds.delete(id);
        this.reap(id);
      }, until - now),
    );
  }

  /** Forgets `id`'s dead mark and its hold's timer. */
  private endHold(id: string): void {
    this.deadSince.delete(id);
    const t = this.holds.get(id);
    if (t === undefined) return;
    this.clock.clearTimeout(t);
    this.holds.delete(id);
  }
}

/** The set stored under `key`, created when missing. */
function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  return s;
}
