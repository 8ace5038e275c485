/**
 * A network whose nodes run in K shard processes (`child_process.fork`), each with its own CPU
 * time and its own open-file limit, linked by real TCP whichever shard holds each end. The
 * parent — the CLI's `net`, a benchmark — drives the shards over the typed channel of
 * `channel.ts`, merges their events into one stream and their measurements into one summary.
 * Shards run at a lower OS priority than the parent (niceness +10 by default), so when the nodes
 * want more CPU than the machine has, the network runs late but its parent stays responsive.
 * A shard that dies is reported (`onShardExit`) and its nodes are counted as crashed; the other
 * shards go on.
 */
import type { FaultRules } from '../../net/faults';
import { checkFaultRules } from '../../net/faults';
import type { DetectorChoice } from '../runtime';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { EventListener } from '../../events';
import type { PeerTiming } from '../../peer/options';
import type { FdBudget } from '../fdBudget';
import type { TopologyStartOptions } from '../network';
import type { NumericLimits, Runtime, RuntimeAddPeersOptions, RuntimeLoad, RuntimeNodeDetails, ShardExit } from '../runtime';
import type { Addr } from '../../protocol/addr';
import { addrKey } from '../../protocol/addr';
import type { Random } from '../../random';
import { seededRandom, shuffle } from '../../random';
import type { Topology } from '../../topology/edgeList';
import { earlierNeighbours } from '../../topology/edgeList';
import { LatencyHistogram } from '../latency';
import type { GossipSummary } from '../stats';
import type { ShardLimits, ShardMessage, ShardNode, ShardOp, ShardOps, ShardStatsReport } from './channel';
import { SHARD_LOAD_REPORT_MS } from './channel';
import { SHARD_ENV } from './env';

/** How a {@link ShardedNetwork} starts. */
export interface ShardedOptions {
  /** Shard processes (default: the machine's available parallelism). */
  shards?: number;
  /** Address every node listens on (default 127.0.0.1). */
  host?: string;
  timing: PeerTiming;
  randomSeed?: number;
  limits?: ShardLimits;
  /** The network key's bytes, if the network has one. */
  networkKey?: Buffer;
  /** The script a shard runs (default: this process's main script, which must call `runShardIfAsked`). */
  entry?: string;
  /** Node options for the shards (default: this process's, so a TypeScript loader carries over). */
  execArgv?: string[];
  /** Niceness added to the shards (default 10; 0 keeps the parent's priority). */
  niceness?: number;
  /** Gossip receipts each shard forwards as events per batch (default 0: counted only). */
  receiptSample?: number;
  /** Time between a shard's event batches, ms (default 50). */
  batchMs?: number;
  /** A file every shard appends its nodes' log lines to. */
  logFile?: string;
  /** Build nodes with fault injection (see net/faults.ts). */
  faults?: boolean;
  /** The failure detector of new peers (default assignment). */
  detector?: DetectorChoice;
}

export type { ShardExit };

interface ShardHandle {
  index: number;
  child: ChildProcess;
  pending: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
  alive: boolean;
  /** The shard's latest load report. */
  load?: RuntimeLoad;
  /** When the shard last sent anything (performance.now()). */
  lastHeard: number;
}


/** The number of shards to use by default: the machine's available parallelism. */
export function defaultShardCount(): number {
  return Math.max(1, os.availableParallelism());
}

/** A network hosted by K shard processes. Create with {@link ShardedNetwork.start}. */
export class ShardedNetwork implements Runtime {
  private readonly listeners = new Set<EventListener>();
  private readonly exitListeners = new Set<(e: ShardExit) => void>();
  private readonly receiptListeners = new Set<(counts: Array<[id: string, count: number]>, frames: number) => void>();
  /** Which shard holds each node, by id. */
  private readonly owner = new Map<string, number>();
  private readonly seedAddrs: Addr[] = [];
  private readonly remoteSeeds: Addr[] = [];
  private nextId = 1;
  private stopping = false;
  private seedCount = 0;
  /** Gossip receipts the shards measured but did not forward as events. */
  receiptsNotForwarded = 0;
  /** Aborted (and replaced) by stopNodes/stopAll: an addPeers in rounds stops starting more. */
  private stopper = new AbortController();
  /** Timing of peers started from now on (the shards have the same). */
  private timing: PeerTiming;

  private constructor(
    private readonly opts: ShardedOptions,
    private readonly shards: ShardHandle[],
  ) {
    this.timing = { ...opts.timing };
  }

  /**
   * Forks the shards and initialises each.
   * @throws Error when a shard cannot start.
   */
  static async start(opts: ShardedOptions): Promise<ShardedNetwork> {
    const k = Math.max(1, Math.floor(opts.shards ?? defaultShardCount()));
    const entry = opts.entry ?? process.argv[1];
    if (!entry) throw new Error('no script to run the shards: pass `entry`');
    const handles: ShardHandle[] = [];
    for (let i = 0; i < k; i++) {
      const child = fork(entry, [], {
        execArgv: opts.execArgv ?? process.execArgv,
        env: { ...process.env, [SHARD_ENV]: '1', ELECTRON_RUN_AS_NODE: '1' },
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const niceness = opts.niceness ?? 10;
      if (niceness !== 0 && child.pid !== undefined) {
        try {
          os.setPriority(child.pid, Math.min(19, os.getPriority(process.pid) + niceness));
        } catch {
          // not allowed here: the shards run at the parent's priority
        }
      }
      handles.push({ index: i, child, pending: new Map(), alive: true, lastHeard: performance.now() });
    }
    const net = new ShardedNetwork(opts, handles);
    for (const h of handles) net.wire(h);
    try {
      await Promise.all(
        handles.map((h) =>
          net.ask(h, 'init', {
            init: {
              shard: h.index,
              host: opts.host ?? '127.0.0.1',
              timing: opts.timing,
              randomSeed: opts.randomSeed,
              limits: opts.limits ?? {},
              networkKeyHex: opts.networkKey?.toString('hex'),
              receiptSample: opts.receiptSample ?? 0,
              batchMs: opts.batchMs ?? 50,
              ...(opts.logFile ? { logFile: opts.logFile } : {}),
              ...(opts.faults ? { faults: true } : {}),
              ...(opts.detector ? { detector: opts.detector } : {}),
            },
          }),
        ),
      );
    } catch (e) {
      await net.stopAll();
      throw e;
    }
    return net;
  }

  /** Shards started. */
  get shardCount(): number {
    return this.shards.length;
  }

  /** The shards' process ids (for tests and load readings). */
  get pids(): number[] {
    return this.shards.map((s) => s.child.pid ?? -1);
  }

  /** Subscribes to every node's events (merged from all shards); returns the unsubscribe. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to shard exits; returns the unsubscribe. */
  onShardExit(listener: (e: ShardExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /**
   * Subscribes to the gossip receipts the shards counted but did not forward as events (beyond
   * `receiptSample` a batch): per message id, how many first receipts, and how many frames those
   * receipts forwarded; returns the unsubscribe.
   */
  onReceiptCounts(listener: (counts: Array<[id: string, count: number]>, frames: number) => void): () => void {
    this.receiptListeners.add(listener);
    return () => this.receiptListeners.delete(listener);
  }

  /** The shard that holds node `id`, if any. */
  shardOf(id: string): number | undefined {
    return this.owner.get(id);
  }

  /** Adds a seed that runs elsewhere to the seed list of peers started from now on. */
  async addRemoteSeed(addr: Addr): Promise<void> {
    if (this.remoteSeeds.some((a) => a.host === addr.host && a.port === addr.port)) return;
    this.remoteSeeds.push({ ...addr });
    await this.publishSeeds();
  }

  /** Takes a remote seed off the seed list of peers started from now on. */
  async removeRemoteSeed(addr: Addr): Promise<void> {
    const i = this.remoteSeeds.findIndex((a) => a.host === addr.host && a.port === addr.port);
    if (i < 0) return;
    this.remoteSeeds.splice(i, 1);
    await this.publishSeeds();
  }

  /**
   * Starts a seed, in the shards in turn.
   * @returns its id. @throws Error when it cannot listen.
   */
  async addSeed(port = 0, host?: string): Promise<string> {
    const live = this.alive();
    if (live.length === 0) throw new Error('every shard has stopped');
    const shard = live[this.seedCount++ % live.length]!;
    const id = await this.ask(shard, 'add-seed', { port, ...(host !== undefined ? { host } : {}) });
    this.owner.set(id, shard.index);
    const [seedHost, p] = splitKey(id);
    this.seedAddrs.push({ host: seedHost, port: p });
    await this.publishSeeds();
    return id;
  }

  /**
   * Starts `count` peers. Without `signal` and `onPeer` (the CLI, the benchmarks): split evenly
   * over the shards, each shard joining its share one after another (preferential attachment),
   * the shards at the same time. With either (the app): in rounds of one peer per live shard, each
   * round joining at once and after the one before, so that `onPeer` reports every join as it
   * ends and the loop can stop between rounds (on `signal`, or `stopNodes`).
   * @returns the ids that joined (failures are `join-failed` events).
   * @throws Error when there is no seed.
   */
  async addPeers(count: number, options: RuntimeAddPeersOptions = {}): Promise<string[]> {
    if (this.seedAddrs.length + this.remoteSeeds.length === 0) throw new Error('start a seed first: peers need at least one seed to join');
    const autoGossip = options.autoGossip ?? true;
    if (options.signal === undefined && options.onPeer === undefined) {
      const live = this.alive();
      const shares = split(count, live.length);
      const results = await Promise.all(live.map((s, i) => (shares[i]! > 0 ? this.ask(s, 'add-peers', { count: shares[i]!, autoGossip }) : Promise.resolve([]))));
      results.forEach((ids, i) => ids.forEach((id) => this.owner.set(id, live[i]!.index)));
      return results.flat();
    }
    const stop = AbortSignal.any(options.signal ? [this.stopper.signal, options.signal] : [this.stopper.signal]);
    const ids: string[] = [];
    let tried = 0;
    let turn = 0;
    while (tried < count && !stop.aborted) {
      const live = this.alive();
      if (live.length === 0) break;
      const round = Math.min(count - tried, live.length);
      const chosen = Array.from({ length: round }, (_, i) => live[(turn + i) % live.length]!);
      turn += round;
      const results = await Promise.all(
        chosen.map((s) =>
          this.ask(s, 'add-peers', { count: 1, autoGossip }).then(
            (r) => r[0] ?? null,
            () => null,
          ),
        ),
      );
      results.forEach((id, i) => {
        tried++;
        if (id !== null) {
          this.owner.set(id, chosen[i]!.index);
          ids.push(id);
        }
        options.onPeer?.(id);
      });
    }
    return ids;
  }

  /**
   * Starts one peer per node of `topology`, node i in shard i mod K, wired exactly as its edges
   * say: every peer listens first, then all join, each dialling its neighbours of smaller index.
   * When `options.signal` aborts, every shard is told to stop (`topology-cancel`): peers that
   * joined stay. `options.onPeer` hears of each join as it ends (from the peer's `joined` or
   * `join-failed` event; a peer that could not listen is not reported).
   * @returns each node's peer id by index (null: it failed to listen or join, or was canceled).
   */
  async addPeersFromTopology(topology: Topology, options: TopologyStartOptions = {}): Promise<Array<string | null>> {
    const shards = this.alive();
    const k = shards.length;
    const n = topology.ids.length;
    const local = (s: number): number[] => Array.from({ length: Math.ceil((n - s) / k) }, (_, j) => s + j * k).filter((i) => i < n);
    const addrs: Array<Addr | null> = new Array<Addr | null>(n).fill(null);
    if (options.signal?.aborted) return addrs.map(() => null);
    const cancel = (): void => {
      for (const s of this.alive()) this.ask(s, 'topology-cancel', {}).catch(() => {});
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    const watched = new Set<string>();
    const onPeer = options.onPeer;
    const unwatch = onPeer
      ? this.on((e) => {
          if ((e.type === 'joined' || e.type === 'join-failed') && watched.delete(e.node)) onPeer(e.type === 'joined' ? e.node : null);
        })
      : () => {};
    try {
      const listened = await Promise.all(shards.map((s, si) => this.ask(s, 'topology-listen', { count: local(si).length })));
      listened.forEach((list, si) => local(si).forEach((node, j) => (addrs[node] = list[j] ?? null)));
      for (const a of addrs) if (a) watched.add(addrKey(a));
      const dialsTo = earlierNeighbours(topology);
      const joined = await Promise.all(
        shards.map((s, si) =>
          this.ask(s, 'topology-join', {
            neighbours: local(si).map((node) => dialsTo[node]!.map((j) => addrs[j]).filter((a): a is Addr => a !== null)),
            concurrency: options.concurrency ?? 16,
          }),
        ),
      );
      return this.topologyIds(n, shards, local, joined);
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      unwatch();
    }
  }

  /** Each node's peer id by index from the shards' `topology-join` answers, owners recorded. */
  private topologyIds(n: number, shards: ShardHandle[], local: (s: number) => number[], joined: Array<Array<string | null>>): Array<string | null> {
    const ids: Array<string | null> = new Array<string | null>(n).fill(null);
    joined.forEach((list, si) =>
      local(si).forEach((node, j) => {
        const id = list[j] ?? null;
        ids[node] = id;
        if (id) this.owner.set(id, shards[si]!.index);
      }),
    );
    return ids;
  }

  /**
   * Starts gossip at every running peer (or `origins` of them, at random), each first message at
   * a random offset within one gossip interval.
   * @returns the ids of the peers that create messages.
   */
  async startGossip(options: { origins?: number; among?: string[] } = {}): Promise<string[]> {
    const random: Random = seededRandom((this.opts.randomSeed ?? Math.floor(Math.random() * 2 ** 31)) ^ 0x5eed);
    const running = (await this.snapshot()).filter((n) => n.role === 'peer' && n.running).map((n) => n.id);
    const among = options.among === undefined ? undefined : new Set(options.among);
    const peers = among === undefined ? running : running.filter((id) => among.has(id));
    const chosen = options.origins === undefined ? peers : shuffle(peers, random).slice(0, Math.max(0, options.origins));
    const byShard = new Map<number, Array<{ id: string; delayMs: number }>>();
    for (const id of chosen) {
      const s = this.owner.get(id);
      if (s === undefined) continue;
      const list = byShard.get(s) ?? [];
      list.push({ id, delayMs: Math.floor(random.next() * this.timing.gossipIntervalMs) });
      byShard.set(s, list);
    }
    await Promise.all([...byShard].map(([s, origins]) => this.ask(this.shards[s]!, 'start-gossip', { origins })));
    return chosen;
  }

  /** Stops every peer creating messages (forwarding goes on). */
  async stopGossip(): Promise<void> {
    await Promise.all(this.alive().map((s) => this.ask(s, 'stop-gossip', {})));
  }

  /** Stops a node gracefully. @throws Error for an unknown id. */
  async stopNode(id: string): Promise<void> {
    await this.ask(this.holder(id), 'stop-node', { node: id });
  }

  /** Crashes a node. @throws Error for an unknown id. */
  async killNode(id: string): Promise<void> {
    await this.ask(this.holder(id), 'kill-node', { node: id });
  }

  /** Every node of every live shard as it is now. */
  async snapshot(): Promise<ShardNode[]> {
    const parts = await Promise.all(this.alive().map((s) => this.ask(s, 'snapshot', {})));
    return parts.flatMap((p) => p.nodes);
  }

  /** Resolves once no shard recorded a first receipt for `quietMs`, or after `maxMs`. */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const end = performance.now() + maxMs;
    for (;;) {
      const reports = await Promise.all(this.alive().map((s) => this.ask(s, 'stats', {})));
      const since = Math.min(...reports.map((r) => r.sinceLastReceiptMs));
      const wait = quietMs - since;
      const now = performance.now();
      if (wait <= 0 || now >= end) return;
      await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 50), end - now)));
    }
  }

  /**
   * The run's gossip summary, merged from every shard: coverage against the peers running now
   * (origin included), latency from every shard's histogram.
   */
  async summary(): Promise<GossipSummary & { livePeers: string[] }> {
    const [reports, nodes] = await Promise.all([Promise.all(this.alive().map((s) => this.ask(s, 'stats', {}))), this.snapshot()]);
    const live = new Set(nodes.filter((n) => n.role === 'peer' && n.running).map((n) => n.id));
    return { ...mergeReports(reports, live, nodes.reduce((s, n) => s + (n.duplicates ?? 0), 0)), livePeers: [...live] };
  }

  /** Stops every node gracefully; the shards stay, for nodes started later. Ends an addPeers in rounds. */
  async stopNodes(): Promise<void> {
    this.stopper.abort();
    this.stopper = new AbortController();
    await Promise.all(this.alive().map((s) => this.ask(s, 'stop-nodes', {}).catch(() => {})));
  }

  /** The Runtime's name for {@link stopAll}: stops every node and waits for every shard to exit (killed after `graceMs`). */
  close(graceMs = 10_000): Promise<void> {
    return this.stopAll(graceMs);
  }

  /** Stops every node gracefully and waits for every shard to exit; a shard still there after `graceMs` is killed. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.stopper.abort();
    const exits = this.shards.filter((s) => s.alive).map((s) => new Promise<void>((resolve) => (s.alive ? s.child.once('exit', () => resolve()) : resolve())));
    const timer = setTimeout(() => this.shards.forEach((s) => s.alive && s.child.kill('SIGKILL')), graceMs);
    // a shard killed by the timer rejects its pending request: then this ends too
    await Promise.all(this.alive().map((s) => this.ask(s, 'stop-all', {}).catch(() => s.child.kill('SIGKILL'))));
    await Promise.all(exits);
    clearTimeout(timer);
  }

  /** The timing of peers started from now on, in every shard. */
  async setTiming(timing: PeerTiming): Promise<void> {
    this.timing = { ...timing };
    await Promise.all(this.alive().map((s) => this.ask(s, 'set-timing', { timing: this.timing })));
  }

  /** The failure detector of peers started from now on, in every shard. */
  async setDetector(choice: DetectorChoice): Promise<void> {
    await Promise.all(this.alive().map((s) => this.ask(s, 'set-detector', { choice })));
  }

  /** The injected faults of every node, in every shard. @throws Error when out of range or built without faults. */
  async setFaults(rules: FaultRules): Promise<void> {
    const why = checkFaultRules(rules);
    if (why) throw new Error(why);
    await Promise.all(this.alive().map((s) => this.ask(s, 'set-faults', { rules })));
  }

  /** Pauses a node for `ms`. @throws Error for an unknown id. */
  async pauseNode(id: string, ms: number): Promise<void> {
    await this.ask(this.holder(id), 'pause-node', { node: id, ms });
  }

  /** The limits and network key of nodes started from now on, in every shard. */
  async setLimits(limits: NumericLimits, networkKey: Buffer | undefined): Promise<void> {
    const networkKeyHex = networkKey ? networkKey.toString('hex') : null;
    await Promise.all(this.alive().map((s) => this.ask(s, 'set-limits', { limits, networkKeyHex })));
  }

  /** Every node of every live shard. */
  nodes(): Promise<ShardNode[]> {
    return this.snapshot();
  }

  /** One node's live details, from its shard (undefined: unknown, or its shard is gone). */
  async inspect(id: string): Promise<RuntimeNodeDetails | undefined> {
    const s = this.owner.get(id);
    if (s === undefined || !this.shards[s]!.alive) return undefined;
    return (await this.ask(this.shards[s]!, 'inspect', { node: id })) ?? undefined;
  }

  /** Each live shard's open-file budget. */
  fdBudgets(): Promise<FdBudget[]> {
    return Promise.all(this.alive().map((s) => this.ask(s, 'fd-budget', {})));
  }

  /**
   * The worst live shard's latest load reading (null before the first). A shard too busy to send
   * its reading counts as late by at least the time it has been silent beyond its report interval.
   */
  load(): RuntimeLoad | null {
    const now = performance.now();
    const loads = this.alive().flatMap((s) =>
      s.load ? [{ ...s.load, loopDelayP99Ms: Math.max(s.load.loopDelayP99Ms, Math.round(now - s.lastHeard - SHARD_LOAD_REPORT_MS)) }] : [],
    );
    if (loads.length === 0) return null;
    return { loopDelayP99Ms: Math.max(...loads.map((l) => l.loopDelayP99Ms)), utilization: Math.max(...loads.map((l) => l.utilization)) };
  }

  /** Shards running now. */
  liveShards(): number {
    return this.alive().length;
  }

  private alive(): ShardHandle[] {
    return this.shards.filter((s) => s.alive);
  }

  private holder(id: string): ShardHandle {
    const s = this.owner.get(id);
    if (s === undefined || !this.shards[s]!.alive) throw new Error(`no node ${id} in this network`);
    return this.shards[s]!;
  }

  /** A local seed went down: peers started from now on no longer list it. */
  private dropSeed(id: string): void {
    const i = this.seedAddrs.findIndex((a) => addrKey(a) === id);
    if (i < 0) return;
    this.seedAddrs.splice(i, 1);
    if (!this.stopping) void this.publishSeeds().catch(() => {});
  }

  private async publishSeeds(): Promise<void> {
    const seeds = [...this.seedAddrs, ...this.remoteSeeds];
    await Promise.all(this.alive().map((s) => this.ask(s, 'set-seeds', { seeds })));
  }

  private ask<K extends ShardOp>(shard: ShardHandle, op: K, args: ShardOps[K]['args']): Promise<ShardOps[K]['result']> {
    return new Promise((resolve, reject) => {
      if (!shard.alive) {
        reject(new Error(`shard ${shard.index} is not running`));
        return;
      }
      const id = this.nextId++;
      shard.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      shard.child.send({ ...args, id, op });
    });
  }

  private wire(h: ShardHandle): void {
    h.child.on('message', (raw: unknown) => {
      const m = raw as ShardMessage;
      h.lastHeard = performance.now();
      if (m.t === 'reply') {
        const p = h.pending.get(m.id);
        if (!p) return;
        h.pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(m.error));
      } else if (m.t === 'events') {
        for (const e of m.events) {
          if (e.type === 'node-up') this.owner.set(e.node, h.index);
          else if (e.type === 'node-down' && e.role === 'seed') this.dropSeed(e.node);
          for (const l of this.listeners) l(e);
        }
        if (m.receiptCounts.length > 0) {
          for (const [, n] of m.receiptCounts) this.receiptsNotForwarded += n;
          for (const l of this.receiptListeners) l(m.receiptCounts, m.countedFrames ?? 0);
        }
      } else if (m.t === 'load') {
        h.load = { loopDelayP99Ms: m.loopDelayP99Ms, utilization: m.utilization };
      }
    });
    h.child.on('exit', (code, signal) => {
      h.alive = false;
      for (const [, p] of h.pending) p.reject(new Error(`shard ${h.index} exited (${signal ?? `code ${code}`})`));
      h.pending.clear();
      const nodes = [...this.owner].filter(([, s]) => s === h.index).map(([id]) => id);
      const exit: ShardExit = { shard: h.index, code, signal, expected: this.stopping, nodes };
      if (!this.stopping) {
        // its seeds are gone: peers started from now on register with the others
        const gone = new Set(nodes);
        const kept = this.seedAddrs.filter((a) => !gone.has(addrKey(a)));
        if (kept.length !== this.seedAddrs.length) {
          this.seedAddrs.splice(0, this.seedAddrs.length, ...kept);
          void this.publishSeeds().catch(() => {});
        }
      }
      for (const l of this.exitListeners) l(exit);
    });
    h.child.on('error', () => {});
  }
}

/** Merges shard reports into one summary (coverage against `live` peers). */
export function mergeReports(reports: ShardStatsReport[], live: ReadonlySet<string>, duplicates: number): GossipSummary {
  const merged = new Map<string, { origin: string; createdAt: number; liveReceived: number; transmissions: number; repeated: number }>();
  const latency = new LatencyHistogram();
  for (const r of reports) {
    latency.merge(r.latency);
    for (const m of r.messages) {
      const e = merged.get(m.id) ?? { origin: m.origin, createdAt: Infinity, liveReceived: 0, transmissions: 0, repeated: 0 };
      if (m.createdAt !== undefined) e.createdAt = m.createdAt;
      e.liveReceived += m.liveReceived;
      e.transmissions += m.transmissions;
      e.repeated += m.repeatedFirstReceipts;
      merged.set(m.id, e);
    }
  }
  // messages in creation order (ones whose origin's report is missing — a crashed shard — last)
  const all = [...merged.values()].sort((a, b) => a.createdAt - b.createdAt);
  const coverage = all.map((m) => (live.size === 0 ? 0 : Math.min(1, (m.liveReceived + (live.has(m.origin) ? 1 : 0)) / live.size)));
  const tx = all.reduce((s, m) => s + m.transmissions, 0);
  return {
    messages: all.length,
    coverage,
    latencyMs: { p50: latency.quantile(0.5), p99: latency.quantile(0.99), max: latency.count ? latency.max : NaN, samples: latency.count },
    transmissionsPerMessage: all.length ? tx / all.length : 0,
    duplicates,
    repeatedFirstReceipts: all.reduce((s, m) => s + m.repeated, 0),
  };
}

/** `n` split into `k` near-equal whole shares. */
function split(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** An address key back to host and port. */
function splitKey(key: string): [string, number] {
  const i = key.lastIndexOf(':');
  const host = key.slice(0, i).replace(/^\[|\]$/g, '');
  return [host, Number(key.slice(i + 1))];
}

