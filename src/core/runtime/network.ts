/**
 * Many seeds and peers in one process: the embedded network that `gossip-lab net`, the desktop
 * app and the benchmarks run. It creates nodes on loopback (or any local address), joins peers
 * one after another so each sees the last one's links, and merges every node's events into one
 * stream.
 */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { EventListener, NodeEvent } from '../events';
import type { NodeLogger } from '../log';
import type { Limits } from '../net/limits';
import { DEFAULT_LIMITS } from '../net/limits';
import type { Addr } from '../protocol/addr';
import { PeerNode } from '../peer/peerNode';
import type { PeerTiming } from '../peer/options';
import { DEFAULT_TIMING } from '../peer/options';
import { seededRandom, shuffle } from '../random';
import { SeedNode } from '../seed/seedNode';
import { FaultInjector } from '../net/faults';
import type { DetectorKind, SwimSettings } from '../peer/swim';
import type { Topology } from '../topology/edgeList';
import { earlierNeighbours } from '../topology/edgeList';

/** How a {@link NetworkHost} builds its nodes. */
export interface NetworkOptions {
  /** Address every node listens on (default 127.0.0.1). */
  host?: string;
  /** Protocol timing for new peers (defaults: {@link DEFAULT_TIMING}). */
  timing?: Partial<PeerTiming>;
  /** Master random seed: peer i gets a generator seeded from it and i, so a run can be reproduced. */
  randomSeed?: number;
  clock?: Clock;
  limits?: Partial<Limits>;
  /** The failure detector of new peers (default `assignment`). */
  detector?: DetectorKind;
  /** The swim detector's settings (defaults: DEFAULT_SWIM). */
  swim?: Partial<SwimSettings>;
  /**
   * Build nodes with fault injection (loss, delay, partition, pause: see net/faults.ts), driven
   * through {@link NetworkHost.faults}. Off by default: it costs a check per frame.
   */
  faults?: boolean;
  /** Random seed of the fault injector's loss and jitter draws (default: from `randomSeed`). */
  faultSeed?: number;
  /** Gives each node its logger (default: none); called on the node's first log line, once it is bound, with its id. */
  logger?: (id: string, role: 'seed' | 'peer') => NodeLogger;
}

/** How {@link NetworkHost.addPeers} runs. */
export interface AddPeersOptions {
  /** Start gossiping as soon as each peer has joined (default true). */
  autoGossip?: boolean;
  /** Address the peers listen on (default: the network's). */
  host?: string;
  /** Stops the loop (before the next peer) when it aborts. */
  signal?: AbortSignal;
  /** Called after each peer's join: its id, or null when it failed. */
  onPeer?: (id: string | null) => void;
}

/** A peer that listens but has not joined yet (see {@link NetworkHost.listenPeers}). */
/** How a fixed topology's peers start ({@link NetworkHost.addPeersFromTopology}). */
export interface TopologyStartOptions {
  /** Peers joining at once (default 16). */
  concurrency?: number;
  /** Stops starting peers when it aborts: peers that joined stay, the ones only listening are stopped. */
  signal?: AbortSignal;
  /** Called after each join attempt: the peer's id, or null when it failed. */
  onPeer?: (id: string | null) => void;
}

export interface PendingPeer {
  peer: PeerNode;
  /** Where it listens; null when it could not. */
  addr: Addr | null;
  /** The peers it will dial when it joins; fill before {@link NetworkHost.joinPending}. */
  neighbours: Addr[];
}

/** A node of the network and what it is. */
export type HostedNode = SeedNode | PeerNode;

/** One undirected link between two running peers, as address keys with a < b. */
export type Link = [string, string];

/** The embedded network. */
export class NetworkHost {
  private readonly nodes = new Map<string, HostedNode>();
  private readonly listeners = new Set<EventListener>();
  private readonly extraSeeds: Addr[] = [];
  /** A seed list set from outside ({@link setSeedList}); replaces the local and remote seeds. */
  private fixedSeeds: Addr[] | undefined;
  private peerCounter = 0;
  /** Peers between `start()` and the end of their join. */
  private readonly starting = new Set<PeerNode>();
  /** Aborted (and replaced) by stopAll, so that an addPeers loop in progress stops starting more. */
  private stopper = new AbortController();
  timing: PeerTiming;
  /**
   * Limits of nodes created from now on (from the options; the app swaps `transport` when the
   * user sets a network key). Nodes already running keep theirs.
   */
  limits: Partial<Limits>;
  readonly clock: Clock;
  /** The failure detector of peers created from now on. */
  detector: DetectorKind;
  /** The swim settings of peers created from now on. */
  swim: Partial<SwimSettings>;
  /** The fault injector of every node here, when the network was built with `faults`. */
  readonly faults: FaultInjector | undefined;

  constructor(private readonly opts: NetworkOptions = {}) {
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
    // every node here shares one address, so the per-source-IP bounds (meant for strangers) are
    // raised to the node-wide ones: a loopback network of more than 1,024 peers must fit
    this.limits = {
      maxConnectionsPerIp: opts.limits?.maxConnections ?? DEFAULT_LIMITS.maxConnections,
      maxRegistrationsPerIp: opts.limits?.maxPeers ?? DEFAULT_LIMITS.maxPeers,
      ...opts.limits,
    };
    this.clock = opts.clock ?? systemClock;
    this.detector = opts.detector ?? 'assignment';
    this.swim = opts.swim ?? {};
    const faultSeed = opts.faultSeed ?? (opts.randomSeed === undefined ? undefined : opts.randomSeed ^ 0x5eed);
    this.faults = opts.faults ? new FaultInjector(this.clock, faultSeed === undefined ? undefined : seededRandom(faultSeed)) : undefined;
  }

  /**
   * Pauses node `id` for `ms`: it stops reading, sending and running timers, then handles what
   * was held (a long GC pause).
   * @throws Error when the network was built without `faults`, or for an unknown id.
   */
  pauseNode(id: string, ms: number): void {
    this.require(id);
    if (!this.faults) throw new Error('this network was built without fault injection');
    this.faults.pause(id, ms);
  }

  /** Subscribes to every hosted node's events; returns the unsubscribe function. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every node created, running or not, by id. */
  all(): HostedNode[] {
    return [...this.nodes.values()];
  }

  /** The node with address key `id`. */
  get(id: string): HostedNode | undefined {
    return this.nodes.get(id);
  }

  /** Running seeds. */
  seeds(): SeedNode[] {
    return this.all().filter((n): n is SeedNode => n instanceof SeedNode && n.running);
  }

  /** Running peers. */
  peers(): PeerNode[] {
    return this.all().filter((n): n is PeerNode => n instanceof PeerNode && n.running);
  }

  /** The seed list new peers get: every running local seed plus the remote seeds added. */
  seedList(): Addr[] {
    if (this.fixedSeeds) return [...this.fixedSeeds];
    return [...this.seeds().map((s) => s.addr), ...this.extraSeeds];
  }

  /**
   * Sets the seed list of peers created from now on, replacing the local seeds and remote ones
   * (a shard of a sharded network gets the seeds of every shard this way).
   */
  setSeedList(seeds: readonly Addr[]): void {
    this.fixedSeeds = seeds.map((a) => ({ ...a }));
  }

  /** The running peer with id `id`, if any. */
  peerById(id: string): PeerNode | undefined {
    const n = this.nodes.get(id);
    return n instanceof PeerNode ? n : undefined;
  }

  /** Adds a seed that runs elsewhere to the seed list of peers created from now on. */
  addRemoteSeed(addr: Addr): void {
    if (!this.extraSeeds.some((s) => s.host === addr.host && s.port === addr.port)) this.extraSeeds.push({ ...addr });
  }

  /** Takes a seed added by {@link addRemoteSeed} off the seed list of peers created from now on. */
  removeRemoteSeed(addr: Addr): void {
    const i = this.extraSeeds.findIndex((s) => s.host === addr.host && s.port === addr.port);
    if (i >= 0) this.extraSeeds.splice(i, 1);
  }

  /**
   * Starts a seed. Port 0 (the default) picks a free port.
   * @returns the seed's id.
   * @throws Error when it cannot listen.
   */
  async addSeed(port = 0, host = this.opts.host ?? '127.0.0.1'): Promise<string> {
    const ref: { node?: SeedNode } = {};
    // the logger is made on the first line, after the seed is bound: its name has the real port
    const seed = new SeedNode({ host, port, clock: this.clock, limits: this.limits, faults: this.faults, logger: this.loggerFor('seed', () => ref.node?.id ?? `${host}:${port}`) });
    ref.node = seed;
    this.attach(seed);
    await seed.start();
    this.nodes.set(seed.id, seed);
    return seed.id;
  }

  /**
   * Starts `count` peers one after another, each joining before the next starts, so each sees
   * the links (and degrees) of those before it: the growth process of preferential attachment.
   * The one loop that adds peers, for the CLI, the app's session and the benchmarks. It stops
   * early on `stopAll` (the peer joining then is stopped too) and when `options.signal` aborts
   * (the peer joining then finishes its join and is kept).
   * @param options.onPeer called after each attempt: the id of the peer that joined, or null for
   *   one that failed (abort `signal` from here to stop, e.g. after too many failures in a row)
   * @returns the ids of the peers that joined; failures are reported as `join-failed` events.
   * @throws Error when there is no seed to join.
   */
  async addPeers(count: number, options: AddPeersOptions = {}): Promise<string[]> {
    const seeds = this.seedList();
    if (seeds.length === 0) throw new Error('start a seed first: peers need at least one seed to join');
    const ids: string[] = [];
    const stop = AbortSignal.any(options.signal ? [this.stopSignal, options.signal] : [this.stopSignal]);
    for (let i = 0; i < count && !stop.aborted; i++) {
      const peer = this.createPeer(seeds, options);
      this.starting.add(peer);
      let id: string | null = null;
      try {
        await peer.start();
        this.nodes.set(peer.id, peer);
        ids.push(peer.id);
        id = peer.id;
      } catch {
        // reported by the peer's own join-failed / node-down events
      } finally {
        this.starting.delete(peer);
      }
      options.onPeer?.(id);
    }
    return ids;
  }

  /**
   * Starts one peer per node of `topology`, wired exactly as its edges say instead of by
   * preferential attachment. Every peer listens first; then the peers join (register with their
   * seeds) `concurrency` at a time, each dialling its neighbours with a smaller index, so every
   * link is dialled once.
   * @returns each node's peer id by node index (null for a peer that failed to listen or join;
   *   failures are reported as events).
   * @throws Error when there is no seed to join.
   */
  async addPeersFromTopology(topology: Topology, options: TopologyStartOptions & { autoGossip?: boolean; host?: string } = {}): Promise<Array<string | null>> {
    const pending = await this.listenPeers(topology.ids.length, options);
    const dialsTo = earlierNeighbours(topology);
    pending.forEach((p, i) => {
      for (const j of dialsTo[i]!) if (pending[j]?.addr) p.neighbours.push(pending[j]!.addr!);
    });
    const ids = await this.joinPending(pending, options.concurrency ?? 16, options);
    while (ids.length < topology.ids.length) ids.push(null); // listening ended early (a stop or a cancel)
    return ids;
  }

  /**
   * The first step of starting a fixed topology: creates `count` peers that listen but do not
   * join, so that others can dial them. Fill each one's `neighbours` (the peers it will dial),
   * then {@link joinPending}. Ends early on `stopAll`.
   * @returns one entry per peer, its address null when it could not listen.
   * @throws Error when there is no seed to join.
   */
  async listenPeers(count: number, options: { autoGossip?: boolean; host?: string; signal?: AbortSignal } = {}): Promise<PendingPeer[]> {
    const seeds = this.seedList();
    if (seeds.length === 0) throw new Error('start a seed first: peers need at least one seed to join');
    const stop = options.signal ? AbortSignal.any([this.stopSignal, options.signal]) : this.stopSignal;
    const out: PendingPeer[] = [];
    for (let i = 0; i < count && !stop.aborted; i++) {
      const neighbours: Addr[] = []; // read when the peer joins
      const peer = this.createPeer(seeds, { ...options, fixedNeighbours: neighbours });
      this.starting.add(peer);
      try {
        out.push({ peer, addr: await peer.listen(), neighbours });
      } catch {
        this.starting.delete(peer);
        out.push({ peer, addr: null, neighbours });
      }
    }
    return out;
  }

  /**
   * The second step: joins the peers of {@link listenPeers}, `concurrency` at a time, each
   * dialling exactly its `neighbours`.
   * @returns each peer's id in order (null for one that failed to listen or join; failures are
   *   reported as events).
   */
  async joinPending(pending: PendingPeer[], concurrency = 16, options: Pick<TopologyStartOptions, 'signal' | 'onPeer'> = {}): Promise<Array<string | null>> {
    const stop = options.signal ? AbortSignal.any([this.stopSignal, options.signal]) : this.stopSignal;
    const ids: Array<string | null> = pending.map(() => null);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pending.length && !stop.aborted) {
        const i = next++;
        const { peer, addr } = pending[i]!;
        if (!addr) continue;
        try {
          await peer.start();
          this.nodes.set(peer.id, peer);
          ids[i] = peer.id;
        } catch {
          // reported by the peer's own join-failed / node-down events
        } finally {
          this.starting.delete(peer);
        }
        options.onPeer?.(ids[i] ?? null);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    for (const p of pending) if (this.starting.delete(p.peer)) void p.peer.stop(); // listening, never joined: stopAll came
    return ids;
  }

  /**
   * Starts every running peer's gossip (for peers added with `autoGossip: false`). Each peer's
   * first message comes at a random offset within one gossip interval, as when peers start
   * independently, so the network does not gossip in lock-step bursts.
   * @param options.origins when given, only this many peers (chosen at random, reproducibly with
   *   the network's random seed) create messages; every peer still forwards. For networks too
   *   large to let every peer gossip at the default rate.
   * @returns the ids of the peers that create messages.
   */
  startGossip(options: { origins?: number } = {}): string[] {
    const random = seededRandom((this.opts.randomSeed ?? Math.floor(Math.random() * 2 ** 31)) ^ 0x5eed);
    const peers = this.peers();
    const origins = options.origins === undefined ? peers : shuffle(peers, random).slice(0, Math.max(0, options.origins));
    for (const p of origins) p.startGossip(Math.floor(random.next() * this.timing.gossipIntervalMs));
    return origins.map((p) => p.id);
  }

  /** Stops every peer creating messages (forwarding goes on). */
  stopGossip(): void {
    for (const p of this.peers()) p.stopGossip();
  }

  /** Stops a node gracefully. @throws Error for an unknown id. */
  async stopNode(id: string): Promise<void> {
    await this.require(id).stop();
  }

  /** Crashes a node: sockets destroyed, no goodbye. @throws Error for an unknown id. */
  async killNode(id: string): Promise<void> {
    await this.require(id).kill();
  }

  /** Stops every node gracefully, peers first, the one joining now included; ends any addPeers loop. */
  async stopAll(): Promise<void> {
    this.stopper.abort(); // ends any addPeers loop
    this.stopper = new AbortController();
    await Promise.all([...this.starting].map((p) => p.stop()));
    await Promise.all(this.peers().map((p) => p.stop()));
    await Promise.all(this.seeds().map((s) => s.stop()));
    this.faults?.stop();
  }

  /** The links among running peers, each once, as sorted address-key pairs. */
  links(): Link[] {
    const running = new Set(this.peers().map((p) => p.id));
    const out = new Map<string, Link>();
    for (const p of this.peers()) {
      for (const n of p.neighbours()) {
        if (!running.has(n)) continue;
        const link: Link = p.id < n ? [p.id, n] : [n, p.id];
        out.set(`${link[0]} ${link[1]}`, link);
      }
    }
    return [...out.values()];
  }

  /** The degree of every running peer (counting links to running peers only). */
  degrees(): number[] {
    const deg = new Map<string, number>(this.peers().map((p) => [p.id, 0]));
    for (const [a, b] of this.links()) {
      deg.set(a, (deg.get(a) ?? 0) + 1);
      deg.set(b, (deg.get(b) ?? 0) + 1);
    }
    return [...deg.values()];
  }

  /** Aborts when `stopAll` is called (a new signal after each). */
  private get stopSignal(): AbortSignal {
    return this.stopper.signal;
  }

  private createPeer(seeds: Addr[], options: { autoGossip?: boolean; host?: string; fixedNeighbours?: Addr[] }): PeerNode {
    const index = this.peerCounter++;
    const host = options.host ?? this.opts.host ?? '127.0.0.1';
    const base = this.opts.randomSeed;
    const ref: { node?: PeerNode } = {};
    const peer = new PeerNode({
      host,
      port: 0,
      seeds,
      ...this.timing,
      clock: this.clock,
      limits: this.limits,
      random: base === undefined ? undefined : seededRandom((base * 1_000_003 + index) | 0),
      autoGossip: options.autoGossip ?? true,
      fixedNeighbours: options.fixedNeighbours,
      detector: this.detector,
      swim: this.swim,
      faults: this.faults,
      logger: this.loggerFor('peer', () => ref.node?.id ?? `${host}:0`),
    });
    ref.node = peer;
    this.attach(peer);
    return peer;
  }

  /** A logger made on first use, so that the factory sees the node's bound address. */
  private loggerFor(role: 'seed' | 'peer', id: () => string): NodeLogger | undefined {
    const factory = this.opts.logger;
    if (!factory) return undefined;
    let real: NodeLogger | undefined;
    const get = (): NodeLogger => (real ??= factory(id(), role));
    return { info: (l) => get().info(l), warn: (l) => get().warn(l), error: (l) => get().error(l) };
  }

  private attach(node: HostedNode): void {
    node.on((e: NodeEvent) => {
      for (const l of this.listeners) l(e);
    });
  }

  private require(id: string): HostedNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id} in this network`);
    return n;
  }
}
