/**
 * What seeds and peers share: identity, lifecycle state, the event source, the logger, and how an
 * invalid input is reported.
 */
import type { Clock } from './clock';
import { systemClock } from './clock';
import { EventSource } from './events';
import type { NodeEvent, NodeRole } from './events';
import type { NodeLogger } from './log';
import { silentLogger } from './log';
import type { Addr } from './protocol/addr';
import { addrKey } from './protocol/addr';
import type { Limits } from './net/limits';
import { DEFAULT_LIMITS } from './net/limits';
import type { Connection, Violation } from './net/connection';
import type { FaultInjector } from './net/faults';
import { PausableClock } from './net/faults';

/** A node's lifecycle, as a discriminated union (gossipsub's pattern). */
export type NodeState =
  | { code: 'new' }
  | { code: 'starting' }
  | { code: 'running'; addr: Addr; since: number }
  | { code: 'stopped'; reason: 'stopped' | 'killed' | 'failed' };

/** Options every node takes. */
export interface NodeOptions {
  /** Address to listen on. */
  host: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  clock?: Clock;
  logger?: NodeLogger;
  limits?: Partial<Limits>;
  /**
   * The injected faults of the node's network (tests, the bench, the app's chaos panel): its
   * connections then consult it for every frame and dial, and its timers stop while it is paused.
   */
  faults?: FaultInjector;
}

/** Base of {@link SeedNode} and {@link PeerNode}. */
export abstract class NodeBase extends EventSource {
  abstract readonly role: NodeRole;
  protected readonly clock: Clock;
  protected readonly log: NodeLogger;
  protected readonly limits: Limits;
  protected state: NodeState = { code: 'new' };
  private selfAddr: Addr;
  private readonly pausable: PausableClock | undefined;
  private selfKey: string;

  constructor(opts: NodeOptions) {
    super();
    this.log = opts.logger ?? silentLogger;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    if (opts.faults) {
      this.pausable = new PausableClock(opts.clock ?? systemClock, opts.faults, () => this.selfKey);
      this.clock = this.pausable;
      this.limits.faults = opts.faults.point(() => this.selfKey);
    } else this.clock = opts.clock ?? systemClock;
    this.selfAddr = { host: opts.host, port: opts.port };
    this.selfKey = addrKey(this.selfAddr);
  }

  /** The listening address; the requested one until `start` binds it. */
  protected get self(): Addr {
    return this.selfAddr;
  }

  protected set self(a: Addr) {
    this.selfAddr = a;
    this.selfKey = addrKey(a);
  }

  /** The node's id: its listening address as `host:port` (valid once started). */
  get id(): string {
    return this.selfKey;
  }

  /** The listening address (valid once started). */
  get addr(): Addr {
    return { ...this.self };
  }

  /** The lifecycle state. */
  get status(): NodeState {
    return this.state;
  }

  /** True while the node runs. */
  get running(): boolean {
    return this.state.code === 'running';
  }

  /** Lets go of the fault injector (called once the node has stopped). */
  protected releaseFaults(): void {
    this.pausable?.dispose();
  }

  /** Emits an event stamped with this node's clock and id. */
  protected event(e: DistributiveOmit<NodeEvent, 'at' | 'node'>): void {
    this.emit({ ...e, at: this.clock.now(), node: this.id } as NodeEvent);
  }

  /** Emits an event the caller built whole, `at` and `node` included (the hot path: no copy). */
  protected emitEvent(e: NodeEvent): void {
    this.emit(e);
  }

  /** Logs and reports an invalid input that `conn` already answered. */
  protected violation(conn: Connection, v: Violation): void {
    this.log.warn(`protocol error from ${conn.remote}: ${v.code}: ${v.message}`);
    this.event({ type: 'protocol-error', remote: conn.remote, code: v.code, message: v.message });
  }
}

/** `Omit` that distributes over a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
