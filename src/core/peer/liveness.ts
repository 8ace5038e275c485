/**
 * A peer's liveness checks: every `livenessIntervalMs` a request to each neighbour; after
 * `livenessMisses` consecutive missed replies the neighbour is handed to `onDead`.
 */
import type { Clock } from '../clock';
import { every } from '../clock';
import type { NodeEvent } from '../events';
import type { NodeLogger } from '../log';
import type { DistributiveOmit } from '../nodeBase';
import type { Connection } from '../net/connection';
import { dial } from '../net/connection';
import type { Limits } from '../net/limits';
import type { Addr } from '../protocol/addr';
import type { PeerTiming } from './options';

/** What a peer knows of one neighbour. */
export interface Neighbour {
  addr: Addr;
  key: string;
  /** The link's connection; null after it closed without a goodbye (liveness decides then). */
  conn: Connection | null;
  /** Consecutive unanswered liveness requests. */
  misses: number;
  /** A liveness request is out and unanswered. */
  awaiting: boolean;
  /**
   * This peer accepted the link and has not yet answered `peer-accept`: the dialler holds our
   * requests until then, so liveness does not count misses yet (a slow seed must not get a live
   * dialler reported dead).
   */
  accepting?: boolean;
}

/** What the monitor needs from its peer. */
export interface LivenessHost {
  clock: Clock;
  limits: Limits;
  timing: PeerTiming;
  log: NodeLogger;
  self: () => Addr;
  /** The current neighbours. */
  neighbours: () => Iterable<Neighbour>;
  /** True while `n` is still the peer's record of that neighbour. */
  isCurrent: (n: Neighbour) => boolean;
  emit: (e: DistributiveOmit<NodeEvent, 'at' | 'node'>) => void;
  /** Called once for a neighbour that missed `livenessMisses` replies in a row. */
  onDead: (n: Neighbour) => void;
  /** Called when a neighbour whose link is down answered over a one-off connection. */
  onAliveWithoutLink: (n: Neighbour) => void;
}

/** Runs the liveness rounds of one peer. */
export class LivenessMonitor {
  private cancel: (() => void) | undefined;
  private readonly probes = new Set<Connection>();

  constructor(private readonly host: LivenessHost) {}

  /** Starts the rounds, the first one interval from now. */
  start(): void {
    this.cancel ??= every(this.host.clock, this.host.timing.livenessIntervalMs, () => this.tick());
  }

  /** Stops the rounds and destroys any one-off probe connection. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    for (const c of this.probes) c.destroy();
    this.probes.clear();
  }

  /**
   * One round: a neighbour whose last request is still unanswered has missed one more reply, and
   * is declared dead at `livenessMisses` in a row; every other neighbour gets a new request. A
   * reply that comes late still proves the neighbour alive and resets its count.
   */
  tick(): void {
    const { timing, log, emit } = this.host;
    for (const n of [...this.host.neighbours()]) {
      if (n.accepting) continue;
      if (n.awaiting) {
        n.misses++;
        log.warn(`liveness: ${n.key} missed ${n.misses} of ${timing.livenessMisses}`);
        emit({ type: 'liveness-missed', neighbour: n.key, misses: n.misses });
        if (n.misses >= timing.livenessMisses) {
          this.host.onDead(n);
          continue;
        }
      }
      n.awaiting = true;
      const linkDown = !n.conn || n.conn.isClosed;
      void this.probe(n).then((alive) => {
        if (alive && this.host.isCurrent(n)) {
          n.awaiting = false;
          n.misses = 0;
          if (linkDown) this.host.onAliveWithoutLink(n);
        }
      });
    }
  }

  /**
   * Sends one liveness request over the link, or over a one-off connection if the link is down.
   * Resolves true when the reply comes, even late (the wait is the whole detection window).
   */
  private async probe(n: Neighbour): Promise<boolean> {
    const { clock, limits, timing } = this.host;
    const body = { type: 'liveness' as const, timestamp: clock.now(), from: this.host.self() };
    const interval = timing.livenessIntervalMs;
    let conn = n.conn;
    const oneOff = !conn || conn.isClosed;
    try {
      if (oneOff) {
        conn = await dial(n.addr.host, n.addr.port, clock, { ...limits, connectTimeoutMs: interval });
        if (!this.cancel) {
          conn.destroy(); // stopped while dialling
          return false;
        }
        this.probes.add(conn);
      }
      const answer = await conn!.request(body, interval * timing.livenessMisses);
      return answer.type === 'liveness-reply';
    } catch {
      return false;
    } finally {
      if (oneOff && conn) {
        this.probes.delete(conn);
        conn.end();
      }
    }
  }
}
