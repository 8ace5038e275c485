/**
 * The app's host: one network of nodes (a {@link Runtime}: in K shard processes by default, or in
 * this process) plus everything the UI needs on top of it — the commands of shared/types
 * (validated by shared/validation, never throwing), the model the UI draws (nodes, links,
 * messages, remote networks) and the stream of `UiEvent` batches. Electron main and the
 * WebSocket bridge both run one. Pure Node: no Electron import.
 *
 * The runtime is started when the first node is (so a session that only watches, or shows an
 * edge list, forks nothing), with the shards setting of that moment; it is replaced once the
 * network is empty again when the setting changed or a shard crashed. The session merges the
 * runtime's events into its model, so everything the UI draws — degrees included — comes from
 * that one stream; the runtime is asked only for one node's live details (the inspector) and
 * for what a command must check.
 */
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import { checkNetworkKey, pskTransport } from '../core/net/secure';
import type { Transport } from '../core/net/transport';
import type { PeerTiming as CorePeerTiming } from '../core/peer/options';
import type { DetectorKind } from '../core/peer/swim';
import { DEFAULT_TIMING } from '../core/peer/options';
import { LocalRuntime } from '../core/runtime/localRuntime';
import type { NumericLimits, Runtime, ShardExit } from '../core/runtime/runtime';
import { defaultShardEntry } from '../core/runtime/shard/entry';
import { ShardedNetwork, defaultShardCount } from '../core/runtime/shard/shardedNetwork';
import { quantile } from '../core/runtime/stats';
import type { CommandName, CommandReply, CommandResults, DegreeReport, DegreeScope, HostLoad, ParsedArgs, PeerTiming, RuntimeInfo, Snapshot } from '../shared/types';
import { BATCH_INTERVAL_MS, DEFAULT_DEGREE_SCOPE } from '../shared/types';
import { parseCommand } from '../shared/validation';
import type { BatchListener } from './batcher';
import { EventBatcher } from './batcher';
import { degreeRows, scopedDegreeReport } from './degreeScope';
import { exportDegrees } from './exportDegrees';
import { exportPlot } from './exportPlot';
import { FaultBoard } from './faultBoard';
import { messageSpread, nodeDetails } from './inspect';
import { LoadMonitor } from './load';
import type { LocalEventContext } from './localEvents';
import { applyLocalEvent } from './localEvents';
import { MessageLog } from './messageLog';
import { NoticeBoard } from './notices';
import { addPeersTask } from './peerJoins';
import { RateLimiter, Throttle } from './rate';
import { RemoteSeeds } from './remoteSeeds';
import { Recordings } from './recordings';
import { SuspicionBook } from './suspicions';
import { TaskBoard } from './tasks';
import { DEAD_HOLD_MS, TopologyModel } from './topology';
import { TopologyView } from './topologyView';
import { TrafficCounter } from './traffic';
import type { LabSessionOptions } from './sessionOptions';
import { RECEIPT_SAMPLE, SHARD_NICENESS } from './sessionOptions';

export type { LabSessionOptions } from './sessionOptions';
export { RECEIPT_SAMPLE, SHARD_NICENESS } from './sessionOptions';
export { MAX_FAILED_JOINS } from './peerJoins';

type Handlers = { [C in CommandName]: (args: ParsedArgs<C>) => Promise<CommandResults[C]> | CommandResults[C] };

/** Event ages kept per load interval, for their p99. */
const AGE_SAMPLES = 4096;

/** The host of one Gossip Lab UI. Create, subscribe with `onBatch`, `execute` commands, `close`. */
export class LabSession {
  private readonly clock: Clock;
  private readonly model: TopologyModel;
  private readonly batcher: EventBatcher;
  private readonly messages = new MessageLog();
  private readonly localIds = new Set<string>();
  private readonly gossipLimiter: RateLimiter;
  private readonly notices: NoticeBoard;
  /** Long actions running (`addPeers`, `startTopology`): progress and cancel. */
  private readonly tasks: TaskBoard;
  private readonly degreesThrottle: Throttle;
  private readonly load: LoadMonitor;
  /** Gossip traffic since the last `traffic` event. */
  private readonly traffic: TrafficCounter;
  /** The remote seeds watched. */
  private readonly remote: RemoteSeeds;
  /** Timing of peers started from now on. */
  private timing: CorePeerTiming;
  /** The failure detector of peers started from now on. */
  private detector: DetectorKind;
  /** Which peers the degree report and the exports measure (`setDegreeScope`). */
  private degreeScope: DegreeScope = DEFAULT_DEGREE_SCOPE;
  /** The injected faults (one owner: every runtime gets its rules). */
  private readonly faults: FaultBoard;
  private readonly suspicions = new SuspicionBook();
  /** Limits of nodes started from now on (numbers only: the network key is apart). */
  private limits: NumericLimits;
  /** The network key's bytes (`setNetworkKey`), or undefined for the open network. Never sent to the UI. */
  private networkKey: Buffer | undefined;
  /** Its transport, for the session's own dials (remote observation). */
  private transport: Transport | undefined;
  /** The shards setting: for the next runtime. */
  private shards: number;
  private current: Runtime | undefined;
  private starting: Promise<Runtime> | undefined;
  private runtimeUnsubscribe: Array<() => void> = [];
  /** Shards of the current runtime that crashed, and the nodes they held. */
  private readonly crashedShards = new Set<number>();
  private readonly crashedNodes = new Set<string>();
  /** Ages (arrival − `at`) of events merged from shards since the last load reading, ms. */
  private ages: number[] = [];
  private readonly ctx: LocalEventContext;
  private readonly handlers: Handlers;
  /** The opened edge list and starting peers wired as it says. */
  private readonly topologyView: TopologyView;
  private readonly recordings: Recordings | null;
  private closing: Promise<void> | undefined;
  /** Aborted by `close`: a running `addPeers` starts no more peers. */
  private readonly closed = new AbortController();

  constructor(private readonly opts: LabSessionOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.timing = { ...DEFAULT_TIMING, ...opts.network?.timing };
    this.detector = opts.network?.detector ?? 'assignment';
    const { transport, ...limits } = opts.network?.limits ?? {};
    this.limits = limits;
    this.transport = transport;
    this.shards = Math.max(0, Math.floor(opts.shards ?? defaultShardCount()));
    this.batcher = new EventBatcher(opts.batchIntervalMs ?? BATCH_INTERVAL_MS, this.clock);
    this.model = new TopologyModel((e) => this.batcher.push(e), { clock: this.clock, deadHoldMs: opts.deadHoldMs ?? DEAD_HOLD_MS });
    this.gossipLimiter = new RateLimiter(opts.gossipEventsPerSecond ?? 2000, 1000, this.clock);
    this.notices = new NoticeBoard({ clock: this.clock, push: (e) => this.batcher.push(e), windowMs: opts.noticeCooldownMs });
    this.tasks = new TaskBoard({ clock: this.clock, push: (e) => this.batcher.push(e) });
    this.traffic = new TrafficCounter(this.clock.now());
    this.load = new LoadMonitor(this.clock, opts.loadIntervalMs ?? 1000, (load) => {
      this.batcher.push({ kind: 'load', load: this.withNetworkLoad(load) });
      this.pushTraffic();
    });
    this.degreesThrottle = new Throttle(opts.degreesIntervalMs ?? 500, () => this.batcher.push({ kind: 'degrees', report: this.degreeReport() }), this.clock);
    this.remote = new RemoteSeeds({
      model: this.model,
      localIds: this.localIds,
      clock: this.clock,
      intervalMs: opts.observerIntervalMs,
      timeoutMs: opts.observerTimeoutMs,
      concurrency: opts.observerConcurrency,
      connectTimeoutMs: opts.remoteConnectTimeoutMs,
      limits: () => this.limits,
      transport: () => this.transport,
      runtime: () => this.current,
      push: (e) => this.batcher.push(e),
      notice: (level, text, key) => this.notice(level, text, key),
      topologyChanged: () => this.degreesThrottle.poke(),
      closed: () => this.closing !== undefined,
    });
    this.ctx = {
      model: this.model,
      messages: this.messages,
      suspicions: this.suspicions,
      localIds: this.localIds,
      push: (e) => this.batcher.push(e),
      gossipAllowed: () => this.gossipLimiter.allow(),
      notice: (level, text, key) => this.notice(level, text, key),
      isRunningLocal: (id) => this.localIds.has(id) && this.model.node(id)?.life === 'up',
      topologyChanged: () => this.degreesThrottle.poke(),
      traffic: this.traffic,
    };
    this.faults = new FaultBoard({
      clock: this.clock,
      runtime: () => this.current,
      node: (id) => this.model.node(id),
      nodes: () => this.model.allNodes(),
      isRunningLocal: (id) => this.ctx.isRunningLocal(id),
      push: (e) => this.batcher.push(e),
    });
    this.topologyView = new TopologyView({
      runtime: () => this.runtimeReady(),
      seeds: () => this.seedCounts(),
      push: (e) => this.batcher.push(e),
      notice: (level, text) => this.notice(level, text),
      topologyChanged: () => this.degreesThrottle.poke(),
      closed: () => this.closing !== undefined,
      fdBudget: opts.fdBudget,
      tasks: this.tasks,
    });
    this.recordings = opts.recordingsDir
      ? new Recordings({
          ...opts.recording,
          dir: opts.recordingsDir,
          clock: this.clock,
          snapshot: () => this.snapshot(),
          push: (e) => this.batcher.push(e),
          notice: (level, text) => this.notice(level, text),
          description: 'Gossip Lab app',
        })
      : null;
    const recordings = (): Recordings => {
      if (!this.recordings) throw new Error('recording is not available in this host');
      return this.recordings;
    };
    this.batcher.onBatch((batch) => this.recordings?.onBatch(batch));
    this.handlers = {
      addSeed: async ({ host, port }) => ({ id: await (await this.runtimeReady()).addSeed(port, host) }),
      addPeers: (a) => this.addPeers(a.count),
      cancelTask: ({ id }) => {
        const task = this.tasks.cancel(id);
        if (task === null) throw new Error(`no task ${id} is running (it may have just ended)`);
        return { id, task };
      },
      stopNode: async ({ id }) => {
        await (await this.requireLocal(id, 'stop')).stopNode(id);
        return { id };
      },
      killNode: async ({ id }) => {
        await (await this.requireLocal(id, 'kill')).killNode(id);
        return { id };
      },
      setTiming: (a) => this.setTiming(a),
      stopAll: () => this.stopAll(),
      connectRemoteSeed: ({ address }) => this.remote.connect(address),
      disconnectRemoteSeed: ({ address }) => this.remote.disconnect(address),
      snapshot: () => this.snapshot(),
      inspectNode: async ({ id }) => {
        const live = this.localIds.has(id) && !this.crashedNodes.has(id) ? await this.current?.inspect(id).catch(() => undefined) : undefined;
        return nodeDetails(id, this.model, live, this.remote.answers);
      },
      messageSpread: ({ id }) => messageSpread(id, this.messages),
      exportDegrees: (a) => {
        if (!this.opts.saveTarget) throw new Error('saving files is not available in this host');
        const scope = a.scope ?? this.degreeScope;
        return exportDegrees(a, this.opts.saveTarget, scope, () => degreeRows(this.model, scope));
      },
      exportPlot: (a) => {
        if (!this.opts.saveTarget) throw new Error('saving files is not available in this host');
        return exportPlot(a, this.opts.saveTarget);
      },
      openTopology: (a) => this.topologyView.open(a),
      startTopology: (a) => this.topologyView.start(a),
      setNetworkKey: ({ keyText }) => this.setNetworkKey(keyText),
      setShards: ({ shards }) => this.setShards(shards),
      setDetector: ({ detector }) => this.setDetector(detector),
      setFaults: (change) => this.faults.change(change),
      pauseNodes: ({ ids, seconds }) => this.faults.pause(ids, seconds),
      setDegreeScope: ({ scope }) => {
        this.degreeScope = scope;
        this.batcher.push({ kind: 'degrees', report: this.degreeReport() });
        return { scope };
      },
      recordings: async () => ({ recordings: await recordings().list(), state: recordings().state() }),
      readRecording: ({ name, offset, length }) => recordings().read(name, offset, length),
      setRecording: ({ on }) => recordings().setOn(on, this.model.allNodes().length > 0),
      stopRecording: () => recordings().stop(),
    };
  }

  /** The runtime that runs the nodes now, if one is started (for tests and benchmarks; the UI goes through `execute`). */
  get runtime(): Runtime | undefined {
    return this.current;
  }

  /**
   * The runtime, started now (with the shards setting) when there is none.
   * @throws Error when the session is closed or the shards cannot start.
   */
  runtimeReady(): Promise<Runtime> {
    if (this.closing) return Promise.reject(new Error('the session is closed'));
    if (this.current) return Promise.resolve(this.current);
    this.starting ??= this.startRuntime().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /**
   * Runs a command: validates `rawArgs` (shared/validation.ts), then acts.
   * @returns the result, or `{ ok: false, error }` with a sentence for the user. Never rejects.
   */
  execute<C extends CommandName>(name: C, rawArgs: unknown): Promise<CommandReply<C>>;
  execute(name: string, rawArgs: unknown): Promise<CommandReply<CommandName>>;
  async execute(name: string, rawArgs: unknown): Promise<CommandReply<CommandName>> {
    if (this.closing) return { ok: false, error: 'the session is closed' };
    const parsed = parseCommand(name as CommandName, rawArgs);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    try {
      const handler = this.handlers[name as CommandName] as (args: unknown) => Promise<CommandResults[CommandName]> | CommandResults[CommandName];
      return { ok: true, result: await handler(parsed.args) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Receives event batches (at most one per batch interval) until the returned function is called. */
  onBatch(listener: BatchListener): () => void {
    return this.batcher.onBatch(listener);
  }

  /** The whole current state, for a renderer that (re)starts. */
  snapshot(): Snapshot {
    return {
      nodes: this.model.allNodes(),
      links: this.model.links(),
      timing: { ...this.timing },
      report: this.degreeReport(),
      messages: this.messages.all(),
      messageTotal: this.messages.total,
      remoteSeeds: this.remote.states(),
      topology: this.topologyView.summary(),
      networkKey: this.transport !== undefined,
      runtime: this.runtimeInfo(),
      detector: this.detector,
      faults: this.faults.state(),
      suspicions: this.suspicions.all(),
      tasks: this.tasks.all(),
      recording: this.recordings?.state() ?? { on: false, active: null, stopped: null },
    };
  }

  /**
   * Stops everything: remote observation, timers, and every local node (gracefully, or killed
   * when that takes longer than 3 s), and the shard processes. Idempotent; later commands answer an error.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed.abort();
      this.tasks.close();
      this.notices.close();
      this.model.close();
      this.remote.close();
      this.load.close();
      this.degreesThrottle.close();
      this.batcher.close();
      this.faults.close();
      this.recordings?.close();
      const rt = this.current ?? (await this.starting?.catch(() => undefined));
      this.detachRuntime();
      await rt?.close(3000).catch(() => {});
    })();
    return this.closing;
  }

  /** Starts a runtime with the current setting, timing, limits, key and remote seeds, and merges its events. */
  private async startRuntime(): Promise<Runtime> {
    const shards = this.shards;
    const net = this.opts.network ?? {};
    let rt: Runtime;
    if (shards === 0) {
      rt = new LocalRuntime({ clock: this.clock, ...net, timing: this.timing, detector: this.detector, faults: true, limits: { ...this.limits, ...(this.transport ? { transport: this.transport } : {}) } }, this.opts.fdBudget);
    } else {
      const entry = this.opts.shardEntry ?? defaultShardEntry();
      rt = await ShardedNetwork.start({
        shards,
        host: net.host,
        timing: this.timing,
        randomSeed: net.randomSeed,
        limits: this.limits,
        networkKey: this.networkKey,
        entry: entry.entry,
        execArgv: entry.execArgv,
        niceness: this.opts.shardNiceness ?? SHARD_NICENESS,
        receiptSample: this.opts.receiptSample ?? Math.max(5, Math.round(RECEIPT_SAMPLE / shards)),
        batchMs: BATCH_INTERVAL_MS,
        detector: { detector: this.detector },
        faults: true,
      });
    }
    if (this.closing) {
      await rt.close(1000).catch(() => {});
      throw new Error('the session is closed');
    }
    for (const addr of this.remote.addrs()) await rt.addRemoteSeed(addr);
    await this.faults.applyTo(rt);
    const sharded = rt.shardCount > 0;
    this.runtimeUnsubscribe = [
      rt.on((e) => {
        if (this.closing) return;
        if (sharded && this.ages.length < AGE_SAMPLES) this.ages.push(Date.now() - e.at);
        try {
          applyLocalEvent(e, this.ctx);
        } catch (err) {
          console.error(`cannot apply ${e.type} event:`, err);
        }
      }),
      rt.onReceiptCounts((counts, frames) => {
        if (this.closing) return;
        let receipts = 0;
        for (const [, n] of counts) receipts += n;
        this.traffic.counted(receipts, frames);
        for (const [id, n] of counts) {
          const message = this.messages.counted(id, n);
          if (message) this.batcher.push({ kind: 'message', message });
        }
      }),
      rt.onShardExit((e) => this.shardExited(e)),
    ];
    this.current = rt;
    this.crashedShards.clear();
    this.crashedNodes.clear();
    this.pushRuntime();
    return rt;
  }

  /** Unsubscribes from the current runtime and forgets it (it is closed by the caller). */
  private detachRuntime(): void {
    for (const u of this.runtimeUnsubscribe.splice(0)) u();
    this.current = undefined;
  }

  /**
   * Closes the current runtime once it runs no node, when the shards setting changed or a shard
   * crashed: the next node starts a new one. Nodes of crashed shards leave the model then.
   */
  private async retireIfStale(): Promise<void> {
    const rt = this.current;
    if (!rt || (rt.shardCount === this.shards && this.crashedShards.size === 0)) return;
    if ((await rt.nodes().catch(() => [])).some((n) => n.running)) return;
    if (this.current !== rt) return;
    this.detachRuntime();
    for (const id of this.crashedNodes) {
      this.model.removeNode(id);
      this.localIds.delete(id);
    }
    this.crashedShards.clear();
    this.crashedNodes.clear();
    await rt.close(3000).catch(() => {});
    this.degreesThrottle.poke();
    this.pushRuntime();
  }

  /** A shard process ended on its own: its nodes are shown crashed; nothing else stops. */
  private shardExited(e: ShardExit): void {
    if (e.expected || this.closing) return;
    this.crashedShards.add(e.shard);
    let shown = 0;
    for (const id of e.nodes) {
      this.crashedNodes.add(id);
      const n = this.model.node(id);
      if (!n) continue;
      shown++;
      if (n.life === 'up') this.model.setLife(id, 'down');
    }
    const how = e.signal ?? `exit code ${e.code}`;
    this.notice('error', `shard ${e.shard + 1} crashed (${how}): its ${shown} node${shown === 1 ? ' is' : 's are'} shown as crashed; the other shards go on`);
    this.degreesThrottle.poke();
    this.pushRuntime();
  }

  /** Where the nodes run, for the UI. */
  private runtimeInfo(): RuntimeInfo {
    const rt = this.current;
    return { shards: this.shards, active: rt ? rt.shardCount : null, running: rt ? rt.liveShards() : 0, crashed: this.crashedShards.size, defaultShards: defaultShardCount() };
  }

  private pushRuntime(): void {
    if (!this.closing) this.batcher.push({ kind: 'runtime', runtime: this.runtimeInfo() });
  }

  /** Sends the gossip traffic rates since the last reading: while a network runs, or when something was counted. */
  private pushTraffic(): void {
    const e = this.traffic.take(this.clock.now());
    if (this.current || e.messagesPerS + e.framesPerS + e.receiptsPerS > 0) this.batcher.push(e);
  }

  /** The session's load reading plus how late the network runs. */
  private withNetworkLoad(load: HostLoad): HostLoad {
    const rt = this.current;
    const ages = this.ages.sort((a, b) => a - b);
    this.ages = [];
    if (!rt) return { ...load, networkLateMs: null };
    if (rt.shardCount === 0) return { ...load, networkLateMs: load.loopDelayP99Ms };
    const age = ages.length > 0 ? Math.max(0, Math.round(quantile(ages, 0.99))) : 0;
    return { ...load, networkLateMs: Math.max(age, rt.load()?.loopDelayP99Ms ?? 0) };
  }

  /** `addPeers` as a task with progress and cancel (./peerJoins.ts). */
  private async addPeers(count: number): Promise<CommandResults['addPeers']> {
    if (!this.current && this.seedCounts().total === 0) throw new Error('start a seed first: peers need at least one seed to join');
    return addPeersTask(count, {
      runtime: () => this.runtimeReady(),
      tasks: this.tasks,
      closed: this.closed.signal,
      notice: (level, text) => this.notice(level, text),
      topologyChanged: () => this.degreesThrottle.poke(),
    });
  }

  private async stopAll(): Promise<CommandResults['stopAll']> {
    const rt = this.current ?? (await this.starting?.catch(() => undefined));
    if (!rt) return { stopped: 0 };
    const stopped = (await rt.nodes().catch(() => [])).filter((n) => n.running).length;
    await rt.stopNodes();
    this.faults.forgetNodes();
    this.suspicions.clear();
    await this.retireIfStale();
    // the run ended: its recording ends once the removals just queued are in it
    this.recordings?.endAfterNextBatch(this.batcher.pendingCount === 0);
    return { stopped };
  }

  private async setShards(shards: number): Promise<RuntimeInfo> {
    const before = this.shards;
    this.shards = shards;
    const rt = this.current;
    if (rt && rt.shardCount !== shards) {
      await this.retireIfStale();
      if (this.current === rt && before !== shards) {
        this.notice('info', `${describeShards(shards)} from the next network: stop all local nodes to apply it (the ${rt.shardCount === 0 ? 'nodes running now stay in the host process' : `nodes running now stay in their ${rt.shardCount} shards`})`);
      }
    }
    this.pushRuntime();
    return this.runtimeInfo();
  }

  private async setTiming(partial: ParsedArgs<'setTiming'>): Promise<PeerTiming> {
    const next = { ...this.timing };
    for (const [k, v] of Object.entries(partial) as Array<[keyof PeerTiming, number | undefined]>) if (v !== undefined) next[k] = v;
    this.timing = next;
    await this.current?.setTiming(next);
    this.batcher.push({ kind: 'timing', timing: { ...next } });
    return { ...next };
  }

  private async setDetector(detector: DetectorKind): Promise<CommandResults['setDetector']> {
    this.detector = detector;
    await this.current?.setDetector({ detector });
    this.batcher.push({ kind: 'detector', detector });
    return { detector };
  }

  /**
   * Sets (key text) or clears (null) the network key for nodes started from now on and for remote
   * observation; watched remote seeds are observed again through the new transport. The key is
   * never echoed: the event, the notice and the reply say only on or off.
   * @throws NetworkKeyError when the text is too short or too long.
   */
  private async setNetworkKey(keyText: string | null): Promise<CommandResults['setNetworkKey']> {
    const key = keyText === null ? undefined : checkNetworkKey(keyText);
    this.networkKey = key;
    this.transport = key === undefined ? undefined : pskTransport(key, { handshakeTimeoutMs: this.limits.connectTimeoutMs });
    await this.current?.setLimits(this.limits, key);
    this.remote.rekey();
    const on = this.transport !== undefined;
    this.batcher.push({ kind: 'network-key', on });
    this.notice(
      'info',
      on
        ? 'network key on: seeds and peers started from now on, and remote seeds, use TLS with it; nodes already running keep theirs'
        : 'network key off: nodes started from now on use plain TCP (the open network)',
    );
    return { on };
  }

  /** The network key's transport, for tests (undefined: the open network). */
  get networkTransport(): Transport | undefined {
    return this.transport;
  }

  /**
   * The runtime that runs local node `id`, for `stop`/`kill`.
   * @throws Error naming what is wrong.
   */
  private async requireLocal(id: string, verb: 'stop' | 'kill'): Promise<Runtime> {
    const n = this.model.node(id);
    if (n?.origin === 'remote') throw new Error(`cannot ${verb} ${id}: it runs elsewhere; only nodes started here can be ${verb === 'stop' ? 'stopped' : 'killed'}`);
    if (this.crashedNodes.has(id)) throw new Error(`cannot ${verb} ${id}: its shard crashed`);
    const rt = this.current;
    const live = rt && this.localIds.has(id) ? await rt.inspect(id).catch(() => undefined) : undefined;
    if (!rt || !live) {
      if (n) throw new Error(`cannot ${verb} ${id}: it is still starting`);
      throw new Error(`no node ${id} in this network`);
    }
    if (!live.running) throw new Error(`cannot ${verb} ${id}: it is not running`);
    return rt;
  }

  /** The seeds new peers register with: local ones running (as the model shows them) and remote ones watched. */
  private seedCounts(): { total: number; local: number } {
    let local = 0;
    for (const n of this.model.allNodes()) if (n.role === 'seed' && n.origin === 'local' && n.life === 'up') local++;
    return { total: local + this.remote.count, local };
  }

  private degreeReport(): DegreeReport {
    return scopedDegreeReport(this.model, this.degreeScope);
  }

  /** Queues a notice; a repeat (same `key`, or same text) within the window counts on the same entry (./notices.ts). */
  private notice(level: 'info' | 'error', text: string, key?: string): void {
    if (!this.closing) this.notices.notice(level, text, key);
  }
}

/** `in the host process` / `1 shard` / `4 shards`. */
function describeShards(shards: number): string {
  return shards === 0 ? 'nodes in the host process' : `${shards} shard${shards === 1 ? '' : 's'}`;
}
