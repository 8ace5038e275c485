/**
 * Fault injection inside the node transport (these machines have no `netem`): frame loss, delay
 * with jitter, partitions between groups of nodes, and pauses. A {@link FaultInjector} holds the
 * rules of one process's nodes; each node gets a {@link FaultPoint} bound to its own address,
 * which its connections consult for every frame they send and receive and every dial they open.
 *
 * Semantics (what a user sets and what happens to a frame):
 * - `network` loss/delay: every frame of the network, applied once, by its sender.
 * - per node (`nodes[key]`): loss applies to the frames the node sends AND the frames it receives
 *   (a lossy host: both directions); delay to the frames it sends.
 * - per link (`links`): frames between the two nodes, applied by the sender when it knows the
 *   other end (it dialled it, or the link's handshake named it).
 * - `partition`: nodes in different groups exchange no frames and cannot connect; a node in no
 *   group reaches everyone. Both ends apply it, so whichever end knows the other cuts the path.
 * - pause (`pause(key, ms)`): the node stops reading and sending until the pause ends, then
 *   everything held is handled in order (a long GC pause); its timers are held by
 *   {@link PausableClock}.
 * Loss here is a frame that never arrives — what a lost datagram does to a request/reply protocol
 * with timeouts — not TCP's retransmission. Delays keep each connection's frames in order (a TCP
 * stream cannot reorder), so jitter shows up as head-of-line delay.
 */
import type { Clock, TimerHandle } from '../clock';
import type { Random } from '../random';
import { unseededRandom } from '../random';

/** Loss and delay of one scope. */
export interface LinkFault {
  /** Probability that a frame is dropped, 0–1. */
  loss?: number;
  /** Mean added delay per frame, ms. */
  delayMs?: number;
  /** Uniform jitter around the mean, ± ms (the delay never goes below 0). */
  jitterMs?: number;
}

/** One faulty link between two nodes (address keys, order irrelevant). */
export interface LinkFaultRule extends LinkFault {
  a: string;
  b: string;
}

/** Every fault rule of a network; serialisable, so the same rules go to every shard. */
export interface FaultRules {
  /** Applied once to every frame, by its sender. */
  network?: LinkFault;
  /** Per node, by address key `host:port`. */
  nodes?: Record<string, LinkFault>;
  /** Per link. */
  links?: LinkFaultRule[];
  /** Groups of address keys that cannot reach each other (at least two groups to cut anything). */
  partition?: string[][];
}

/** Drop the frame. */
export const DROP = -1;

/** What a node's connections ask before sending, delivering and dialling. */
export interface FaultPoint {
  /** The fate of a frame this node sends to `remote` (address key, or undefined when unknown): {@link DROP}, or a delay in ms (0 = now). */
  outgoing(remote: string | undefined): number;
  /** The fate of a frame this node received from `remote`: {@link DROP}, or a hold in ms (0 = handle now). */
  incoming(remote: string | undefined): number;
  /** Why this node may not dial `remote` now (a partition), or undefined when it may. */
  refuseDial(remote: string): string | undefined;
}

/** Largest loss/delay/jitter accepted (a delay of a minute is already a partition). */
export const FAULT_BOUNDS = { delayMs: 60_000, jitterMs: 60_000 } as const;

/**
 * Why a rule set is invalid, or undefined when it is fine: loss in [0, 1], delay and jitter in
 * [0, 60,000] ms, finite numbers.
 */
export function checkFaultRules(rules: FaultRules): string | undefined {
  const checkOne = (f: LinkFault, where: string): string | undefined => {
    if (f.loss !== undefined && !(Number.isFinite(f.loss) && f.loss >= 0 && f.loss <= 1)) return `${where}: loss must be between 0 and 1`;
    for (const k of ['delayMs', 'jitterMs'] as const) {
      const v = f[k];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= FAULT_BOUNDS[k])) return `${where}: ${k} must be between 0 and ${FAULT_BOUNDS[k]} ms`;
    }
    return undefined;
  };
  if (rules.network) {
    const why = checkOne(rules.network, 'network');
    if (why) return why;
  }
  for (const [k, f] of Object.entries(rules.nodes ?? {})) {
    const why = checkOne(f, `node ${k}`);
    if (why) return why;
  }
  for (const l of rules.links ?? []) {
    const why = checkOne(l, `link ${l.a}–${l.b}`);
    if (why) return why;
  }
  return undefined;
}

/** True when a fault has any effect. */
function active(f: LinkFault | undefined): f is LinkFault {
  return f !== undefined && ((f.loss ?? 0) > 0 || (f.delayMs ?? 0) > 0 || (f.jitterMs ?? 0) > 0);
}

/**
 * The fault rules of one process's nodes, and their pauses. Set rules with {@link setRules}
 * (replaces all) and pauses with {@link pause}; hand each node {@link point}.
 */
export class FaultInjector {
  private rules: FaultRules = {};
  private network: LinkFault | undefined;
  private readonly nodes = new Map<string, LinkFault>();
  private readonly links = new Map<string, LinkFault>();
  private readonly group = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  private anyRule = false;
  /** Listeners told when a node's pause ends (its clock releases held timers), with its key. */
  private readonly resumeListeners = new Set<(key: string) => void>();
  private readonly resumeTimers = new Map<string, TimerHandle>();

  /**
   * @param clock the clock pauses are measured on.
   * @param random the source of loss and jitter draws; seed it to reproduce a run.
   */
  constructor(
    private readonly clock: Clock,
    private readonly random: Random = unseededRandom(),
  ) {}

  /** The rules in force. */
  get current(): FaultRules {
    return this.rules;
  }

  /**
   * Replaces every rule.
   * @throws Error when {@link checkFaultRules} finds a problem.
   */
  setRules(rules: FaultRules): void {
    const why = checkFaultRules(rules);
    if (why) throw new Error(why);
    this.rules = rules;
    this.network = active(rules.network) ? rules.network : undefined;
    this.nodes.clear();
    for (const [k, f] of Object.entries(rules.nodes ?? {})) if (active(f)) this.nodes.set(k, f);
    this.links.clear();
    for (const l of rules.links ?? []) if (active(l)) this.links.set(linkKey(l.a, l.b), l);
    this.group.clear();
    const groups = (rules.partition ?? []).filter((g) => g.length > 0);
    if (groups.length >= 2) groups.forEach((g, i) => g.forEach((k) => this.group.set(k, i)));
    this.anyRule = this.network !== undefined || this.nodes.size > 0 || this.links.size > 0 || this.group.size > 0;
  }

  /** Removes every rule (pauses go on until they end). */
  clear(): void {
    this.setRules({});
  }

  /**
   * Pauses node `key` for `ms` from now: it reads, sends and runs timers no more until then
   * (a later pause that ends sooner does not shorten it).
   */
  pause(key: string, ms: number): void {
    const until = this.clock.now() + Math.max(0, ms);
    if ((this.pausedUntil.get(key) ?? 0) >= until) return;
    this.pausedUntil.set(key, until);
    const old = this.resumeTimers.get(key);
    if (old !== undefined) this.clock.clearTimeout(old);
    this.resumeTimers.set(
      key,
      this.clock.setTimeout(() => {
        this.resumeTimers.delete(key);
        this.pausedUntil.delete(key);
        for (const fn of [...this.resumeListeners]) fn(key);
      }, ms),
    );
  }

  /** Ms until node `key`'s pause ends; 0 when it is not paused. */
  pausedFor(key: string): number {
    const until = this.pausedUntil.get(key);
    if (until === undefined) return 0;
    return Math.max(0, until - this.clock.now());
  }

  /** Calls `fn` with the node's key each time a pause ends; returns a function that stops it. */
  onResume(fn: (key: string) => void): () => void {
    this.resumeListeners.add(fn);
    return () => this.resumeListeners.delete(fn);
  }

  /** Cancels every pending resume timer (the network is stopping). */
  stop(): void {
    for (const t of this.resumeTimers.values()) this.clock.clearTimeout(t);
    this.resumeTimers.clear();
    this.pausedUntil.clear();
  }

  /** The fault point of the node whose address key `self()` returns (it may change once it binds). */
  point(self: () => string): FaultPoint {
    return {
      outgoing: (remote) => this.outgoing(self(), remote),
      incoming: (remote) => this.incoming(self(), remote),
      refuseDial: (remote) => (this.partitioned(self(), remote) ? `${remote} is on the other side of a partition` : undefined),
    };
  }

  private outgoing(self: string, remote: string | undefined): number {
    let hold = this.pausedFor(self);
    if (!this.anyRule) return hold;
    if (remote !== undefined && this.partitioned(self, remote)) return DROP;
    let delay = 0;
    for (const f of [this.network, this.nodes.get(self), remote === undefined ? undefined : this.links.get(linkKey(self, remote))]) {
      if (!f) continue;
      if (this.lost(f)) return DROP;
      delay += this.delayOf(f);
    }
    if (remote !== undefined) {
      const r = this.nodes.get(remote);
      if (r && this.lost(r)) return DROP;
    }
    hold = Math.max(hold, delay);
    return hold;
  }

  private incoming(self: string, remote: string | undefined): number {
    const hold = this.pausedFor(self);
    if (!this.anyRule) return hold;
    if (remote !== undefined && this.partitioned(self, remote)) return DROP;
    const mine = this.nodes.get(self);
    if (mine && this.lost(mine)) return DROP;
    return hold;
  }

  private partitioned(a: string, b: string): boolean {
    const ga = this.group.get(a);
    const gb = this.group.get(b);
    return ga !== undefined && gb !== undefined && ga !== gb;
  }

  private lost(f: LinkFault): boolean {
    return (f.loss ?? 0) > 0 && this.random.next() < f.loss!;
  }

  private delayOf(f: LinkFault): number {
    const mean = f.delayMs ?? 0;
    const jitter = f.jitterMs ?? 0;
    if (jitter <= 0) return mean;
    return Math.max(0, mean + (this.random.next() * 2 - 1) * jitter);
  }
}

/** The order-free key of the link between `a` and `b`. */
export function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * A node's clock while faults may pause it: timers that fall due during a pause run when it ends,
 * in the order they fell due (a process stopped by a long GC runs its overdue timers afterwards).
 */
export class PausableClock implements Clock {
  private readonly held: Array<{ fn: () => void; handle: PausableHandle }> = [];
  private readonly stopResume: () => void;

  constructor(
    private readonly inner: Clock,
    private readonly faults: FaultInjector,
    private readonly self: () => string,
  ) {
    this.stopResume = faults.onResume((key) => {
      if (key === this.self()) this.resume();
    });
  }

  now(): number {
    return this.inner.now();
  }

  setTimeout(fn: () => void, ms: number): PausableHandle {
    const handle: PausableHandle = { inner: undefined, cancelled: false };
    handle.inner = this.inner.setTimeout(() => {
      if (handle.cancelled) return;
      if (this.faults.pausedFor(this.self()) > 0) this.held.push({ fn, handle });
      else fn();
    }, ms);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    const h = handle as PausableHandle | undefined;
    if (!h || typeof h !== 'object' || !('cancelled' in h)) return;
    h.cancelled = true;
    this.inner.clearTimeout(h.inner);
  }

  /** Stops listening for resumes (the node stopped). */
  dispose(): void {
    this.stopResume();
    this.held.length = 0;
  }

  private resume(): void {
    for (const { fn, handle } of this.held.splice(0)) if (!handle.cancelled) fn();
  }
}

/** A {@link PausableClock} timer. */
interface PausableHandle {
  inner: TimerHandle;
  cancelled: boolean;
}
