/**
 * Reconnecting to neighbours declared dead, as Serf does for failed members (HashiCorp Serf's
 * `ReconnectInterval`/`ReconnectTimeout`): a peer that declared a neighbour dead keeps its address
 * for a while and probes it now and then; if it answers — it was only paused, overloaded or cut
 * off by a partition — the peer links to it again. This is what heals a partition once it is
 * gone (each side had declared the other dead) and what gives a falsely accused peer its links
 * back, whichever of the two has the larger id.
 *
 * Bounded: at most {@link MAX_RECONNECT} addresses (the oldest is forgotten first), each for
 * {@link RECONNECT_TIMEOUT_MS}; one probe per address per round, a round every interval.
 */
import type { Clock } from '../clock';
import { every } from '../clock';
import type { NodeLogger } from '../log';
import type { Limits } from '../net/limits';
import { probeLiveness } from '../net/reachCheck';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';

/** Addresses kept for reconnection at most. */
export const MAX_RECONNECT = 64;
/** How long a neighbour declared dead is tried again, ms (10 minutes). */
export const RECONNECT_TIMEOUT_MS = 10 * 60_000;

/** What the reconnector needs from its peer. */
export interface ReconnectHost {
  clock: Clock;
  limits: Limits;
  log: NodeLogger;
  self(): Addr;
  /** True while the peer is joined and running. */
  active(): boolean;
  /** True when `key` is a neighbour now (nothing to do). */
  linked(key: string): boolean;
  /** Links to `addr` again; resolves with why it failed, or undefined when linked. */
  link(addr: Addr): Promise<string | undefined>;
}

/** Tries neighbours declared dead again until they answer or their time is up. */
export class Reconnector {
  private readonly lost = new Map<string, { addr: Addr; until: number; busy: boolean }>();
  private cancel: (() => void) | undefined;
  /** Links restored to neighbours once declared dead. */
  restored = 0;

  /** @param intervalMs time between two rounds, ms (the liveness interval). */
  constructor(
    private readonly host: ReconnectHost,
    private readonly intervalMs: number,
  ) {}

  /** Starts the rounds. */
  start(): void {
    this.cancel ??= every(this.host.clock, this.intervalMs, () => this.round());
  }

  /** Stops the rounds and forgets every address. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.lost.clear();
  }

  /** Remembers a neighbour just declared dead. */
  declaredDead(addr: Addr): void {
    const key = addrKey(addr);
    this.lost.delete(key);
    if (this.lost.size >= MAX_RECONNECT) this.lost.delete(this.lost.keys().next().value!);
    this.lost.set(key, { addr: { host: addr.host, port: addr.port }, until: this.host.clock.now() + RECONNECT_TIMEOUT_MS, busy: false });
  }

  /** Addresses waiting to be tried again. */
  get size(): number {
    return this.lost.size;
  }

  /** One round: every remembered address not linked again is probed; one that answers is linked. */
  round(): void {
    if (!this.host.active()) return;
    const now = this.host.clock.now();
    for (const [key, e] of this.lost) {
      if (e.until <= now || this.host.linked(key)) {
        this.lost.delete(key);
        continue;
      }
      if (e.busy) continue;
      e.busy = true;
      void this.retry(key, e).finally(() => (e.busy = false));
    }
  }

  private async retry(key: string, e: { addr: Addr }): Promise<void> {
    const timeout = Math.min(this.intervalMs, this.host.limits.requestTimeoutMs);
    if (!(await probeLiveness(e.addr, this.host.self(), timeout, this.host.clock, this.host.limits))) return;
    if (!this.host.active() || this.host.linked(key)) return;
    const why = await this.host.link(e.addr);
    if (why === undefined && this.host.linked(key)) {
      this.lost.delete(key);
      this.restored++;
      this.host.log.info(`reconnect: ${key}, declared dead earlier, answered and is a neighbour again`);
    }
  }
}
