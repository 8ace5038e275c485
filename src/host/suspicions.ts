/**
 * Who suspects whom now, from the local peers' swim detectors: a peer's `suspect` event adds a
 * suspicion; its `suspicion-refuted`, its link to the neighbour going down, the neighbour's dead
 * report or the end of either node clears it. The session keeps one book for its snapshot (a
 * renderer that (re)starts draws the suspicions in force); the renderer follows the same events.
 */

/** Suspicions of one session: suspected node → the peers that suspect it. */
export class SuspicionBook {
  private readonly by = new Map<string, Set<string>>();

  /** `node` suspects `neighbour`. */
  suspect(node: string, neighbour: string): void {
    let s = this.by.get(neighbour);
    if (!s) this.by.set(neighbour, (s = new Set()));
    s.add(node);
  }

  /** `node` no longer suspects `neighbour` (refuted, or their link went down). */
  end(node: string, neighbour: string): void {
    const s = this.by.get(neighbour);
    if (!s) return;
    s.delete(node);
    if (s.size === 0) this.by.delete(neighbour);
  }

  /** Nobody suspects `id` any more (it was reported dead). */
  clearSuspected(id: string): void {
    this.by.delete(id);
  }

  /** `id` is gone: it is neither suspected nor suspects anyone. */
  forget(id: string): void {
    this.by.delete(id);
    for (const [suspected, s] of this.by) {
      s.delete(id);
      if (s.size === 0) this.by.delete(suspected);
    }
  }

  /** Every suspicion as `[suspected, suspecting peers]`. */
  all(): Array<[string, string[]]> {
    return [...this.by].map(([id, s]) => [id, [...s]]);
  }

  /** Forgets everything. */
  clear(): void {
    this.by.clear();
  }
}
