/**
 * The app's host: one embedded network (a {@link NetworkHost}) plus everything the UI needs on
 * top of it — the commands of the contract (validated, never throwing), the model the UI draws
 * (nodes, links, messages, remote networks) and the stream of {@link UiEvent} batches. Electron
 * main and the WebSocket bridge both run one. Pure Node: no Electron import.
 */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { fitPowerLaw } from '../analysis/powerlaw';
import type { Addr } from '../protocol/addr';
import { addrKey, parseAddr } from '../protocol/addr';
import type {
  CommandName,
  CommandReply,
  CommandResults,
  DegreeReport,
  ParsedArgs,
  Snapshot,
  Timing,
  UiEvent,
} from '../../shared/contract';
import { BATCH_INTERVAL_MS, parseCommand } from '../../shared/contract';
import type { BatchListener } from './batcher';
import { EventBatcher } from './batcher';
import type { SaveTarget } from './exportDegrees';
import { exportDegrees } from './exportDegrees';
import { applyLocalEvent } from './localEvents';
import type { LocalEventContext } from './localEvents';
import { degreeRows, messageSpread, nodeDetails } from './inspect';
import { MessageLog } from './messageLog';
import type { NetworkOptions } from './network';
import { NetworkHost } from './network';
import { RemoteObserver } from './observer';
import type { NeighboursAnswer } from './probe';
import { clarifyRemoteNotice, probeRemoteSeed, transportFromKeyText } from './networkKey';
import type { Transport } from '../net/transport';
import { Cooldown, RateLimiter, Throttle } from './rate';
import { applyRemoteView } from './remoteView';
import { TopologyModel } from './topology';
import { TopologyView } from './topologyView';
import type { FdBudget } from './fdBudget';
import { LoadMonitor } from './load';

/** How a {@link LabSession} runs. Times in ms. */
export interface LabSessionOptions {
  /** Options of the embedded network (timing, random seed, limits, loggers). */
  network?: NetworkOptions;
  /** Where `exportDegrees` saves; without one that command answers an error. */
  saveTarget?: SaveTarget;
  /** Least time between two event batches (default {@link BATCH_INTERVAL_MS}). */
  batchIntervalMs?: number;
  /** Least time between two `degrees` events (default 500). */
  degreesIntervalMs?: number;
  /** How often the host's load is reported, ms (default 1000). */
  loadIntervalMs?: number;
  /** Most `gossip` animation events per second; more are dropped (default 2000). */
  gossipEventsPerSecond?: number;
  /** Remote observation: pause between two rounds (default 1000). */
  observerIntervalMs?: number;
  /** Remote observation: time for one remote node's answer, connect included (default 2000). */
  observerTimeoutMs?: number;
  /** Remote observation: peers queried at once (default 8). */
  observerConcurrency?: number;
  /** How long `connectRemoteSeed` waits for the seed's peer list (default 3000). */
  remoteConnectTimeoutMs?: number;
  /** Least time between two notices about the same thing (default 10 000). */
  noticeCooldownMs?: number;
  /** The open-file limit and use `startTopology` checks against (default: this process's, read then). */
  fdBudget?: () => FdBudget;
  clock?: Clock;
}

/** `addPeers` gives up after this many failed joins in a row. */
export const MAX_FAILED_JOINS = 3;

type Handlers = { [C in CommandName]: (args: ParsedArgs<C>) => Promise<CommandResults[C]> | CommandResults[C] };

/** The host of one Gossip Lab UI. Create, subscribe with `onBatch`, `execute` commands, `close`. */
export class LabSession {
  /** The embedded network (exposed for tests and benchmarks; the UI goes through `execute`). */
  readonly network: NetworkHost;
  private readonly clock: Clock;
  private readonly model: TopologyModel;
  private readonly batcher: EventBatcher;
  private readonly messages = new MessageLog();
  private readonly localIds = new Set<string>();
  private readonly remoteAnswers = new Map<string, NeighboursAnswer>();
  private readonly gossipLimiter: RateLimiter;
  private readonly noticeLimiter: RateLimiter;
  private readonly noticeCooldown: Cooldown;
  private readonly degreesThrottle: Throttle;
  private readonly load: LoadMonitor;
  private observer: RemoteObserver;
  /** The network key's transport (`setNetworkKey`), or undefined for the open network. */
  private transport: Transport | undefined;
  private readonly unsubscribe: () => void;
  private readonly handlers: Handlers;
  /** The opened edge list and starting peers wired as it says. */
  private readonly topologyView: TopologyView;
  private closing: Promise<void> | undefined;
  /** Bumped by `stopAll`, so a running `addPeers` stops starting peers. */
  private epoch = 0;

  constructor(private readonly opts: LabSessionOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.network = new NetworkHost({ clock: this.clock, ...opts.network });
    this.transport = this.network.limits.transport;
    this.batcher = new EventBatcher(opts.batchIntervalMs ?? BATCH_INTERVAL_MS, this.clock);
    this.model = new TopologyModel((e) => this.batcher.push(e));
    this.gossipLimiter = new RateLimiter(opts.gossipEventsPerSecond ?? 2000, 1000, this.clock);
    this.noticeLimiter = new RateLimiter(20, 1000, this.clock);
    this.noticeCooldown = new Cooldown(opts.noticeCooldownMs ?? 10_000, this.clock);
    this.load = new LoadMonitor(this.clock, opts.loadIntervalMs ?? 1000, (load) => this.batcher.push({ kind: 'load', load }));
    this.degreesThrottle = new Throttle(opts.degreesIntervalMs ?? 500, () => this.batcher.push({ kind: 'degrees', report: this.degreeReport() }), this.clock);
    this.observer = this.makeObserver();
    const ctx: LocalEventContext = {
      model: this.model,
      messages: this.messages,
      localIds: this.localIds,
      push: (e) => this.batcher.push(e),
      gossipAllowed: () => this.gossipLimiter.allow(),
      notice: (level, text) => this.notice(level, text),
      isRunningLocal: (id) => this.localIds.has(id) && this.model.node(id)?.life === 'up',
      topologyChanged: () => this.degreesThrottle.poke(),
    };
    this.unsubscribe = this.network.on((e) => {
      if (this.closing) return;
      try {
        applyLocalEvent(e, ctx);
      } catch (err) {
        console.error(`cannot apply ${e.type} event:`, err);
      }
    });
    this.topologyView = new TopologyView({
      network: this.network,
      push: (e) => this.batcher.push(e),
      notice: (level, text) => this.notice(level, text),
      topologyChanged: () => this.degreesThrottle.poke(),
      closed: () => this.closing !== undefined,
      fdBudget: opts.fdBudget,
    });
    this.handlers = {
      addSeed: (a) => this.addSeed(a),
      addPeers: (a) => this.addPeers(a.count),
      stopNode: async ({ id }) => {
        await this.network.stopNode(this.requireLocal(id, 'stop'));
        return { id };
      },
      killNode: async ({ id }) => {
        await this.network.killNode(this.requireLocal(id, 'kill'));
        return { id };
      },
      setTiming: (a) => this.setTiming(a),
      stopAll: async () => {
        this.epoch++; // peers still queued by addPeers are not started
        const stopped = this.network.peers().length + this.network.seeds().length;
        await this.network.stopAll();
        return { stopped };
      },
      connectRemoteSeed: ({ address }) => this.connectRemoteSeed(address),
      snapshot: () => this.snapshot(),
      inspectNode: ({ id }) => nodeDetails(id, this.model, this.network, this.remoteAnswers),
      messageSpread: ({ id }) => messageSpread(id, this.messages),
      exportDegrees: (a) => {
        if (!this.opts.saveTarget) throw new Error('saving files is not available in this host');
        return exportDegrees(a, this.opts.saveTarget, () => degreeRows(this.network));
      },
      openTopology: (a) => this.topologyView.open(a),
      startTopology: (a) => this.topologyView.start(a),
      setNetworkKey: ({ keyText }) => this.setNetworkKey(keyText),
    };
  }

  /**
   * Runs a command: validates `rawArgs` against the contract, then acts.
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
    const { degrees, fit } = this.degreeReport();
    return {
      nodes: this.model.allNodes(),
      links: this.model.links(),
      timing: { ...this.network.timing },
      degrees,
      fit,
      messages: this.messages.all(),
      remoteSeeds: this.observer.seeds(),
      topology: this.topologyView.summary(),
      networkKey: this.transport !== undefined,
    };
  }

  /**
   * Stops everything: remote observation, timers, and every local node (gracefully, or killed
   * when that takes longer than 3 s). Idempotent; later commands answer an error.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.observer.close();
      this.load.close();
      this.degreesThrottle.close();
      this.batcher.close();
      this.unsubscribe();
      await this.stopAllWithin(3000);
    })();
    return this.closing;
  }

  private async addSeed({ host, port }: ParsedArgs<'addSeed'>): Promise<CommandResults['addSeed']> {
    return { id: await this.network.addSeed(port, host) };
  }

  /**
   * Starts peers one at a time (each joins before the next starts). Stops early on close, on
   * `stopAll`, and after {@link MAX_FAILED_JOINS} failed joins in a row (the rest count as failed).
   */
  private async addPeers(count: number): Promise<CommandResults['addPeers']> {
    const ids: string[] = [];
    const epoch = this.epoch;
    let failedInARow = 0;
    for (let i = 0; i < count && !this.closing && this.epoch === epoch; i++) {
      const started = await this.network.addPeers(1);
      this.degreesThrottle.poke(); // the network lists a peer only once it has joined
      if (this.closing) {
        await Promise.all(started.map((id) => this.network.killNode(id).catch(() => {})));
        break;
      }
      ids.push(...started);
      failedInARow = started.length > 0 ? 0 : failedInARow + 1;
      if (failedInARow >= MAX_FAILED_JOINS && i < count - 1) {
        this.notice('error', `stopped adding peers after ${MAX_FAILED_JOINS} failed joins in a row (${count - i - 1} not started)`);
        break;
      }
    }
    return { ids, failed: count - ids.length };
  }

  private setTiming(partial: ParsedArgs<'setTiming'>): Timing {
    const next = { ...this.network.timing };
    for (const [k, v] of Object.entries(partial) as Array<[keyof Timing, number | undefined]>) if (v !== undefined) next[k] = v;
    this.network.timing = next;
    this.batcher.push({ kind: 'timing', timing: { ...next } });
    return { ...next };
  }

  private async connectRemoteSeed(address: string): Promise<CommandResults['connectRemoteSeed']> {
    let addr: Addr;
    try {
      addr = parseAddr(address);
    } catch (e) {
      throw new Error(`"${address}" is not a seed address (IP:Port): ${(e as Error).message}`);
    }
    const id = addrKey(addr);
    if (this.localIds.has(id)) throw new Error(`${id} is a node of this app, not a remote seed`);
    if (this.observer.has(id)) throw new Error(`remote seed ${id} is already connected`);
    const peers = await probeRemoteSeed(addr, this.opts.remoteConnectTimeoutMs ?? 3000, this.clock, this.transport);
    if (this.closing) throw new Error('the session is closed');
    this.network.addRemoteSeed(addr);
    applyRemoteView(
      { seeds: [{ id, ok: true, peers }], peers: [] },
      { model: this.model, localIds: this.localIds, answers: this.remoteAnswers, notice: (l, t, k) => this.notice(l, t, k) },
    );
    this.observer.add(addr);
    void this.observer.refresh(); // the remote peers' links, without waiting a whole interval
    this.notice('info', `connected to remote seed ${id} (${peers.length} peers); new peers join its network too`);
    return { seed: id, peers: peers.length };
  }

  /**
   * Sets (key text) or clears (null) the network key for nodes started from now on and for remote
   * observation; watched remote seeds are observed again through the new transport. The key is
   * never echoed: the event, the notice and the reply say only on or off.
   * @throws NetworkKeyError when the text is too short or too long.
   */
  private setNetworkKey(keyText: string | null): CommandResults['setNetworkKey'] {
    const limits = { ...this.network.limits };
    this.transport = keyText === null ? undefined : transportFromKeyText(keyText, limits.connectTimeoutMs);
    delete limits.transport;
    this.network.limits = this.transport ? { ...limits, transport: this.transport } : limits;
    const watched = this.observer.seeds();
    this.observer.close();
    this.observer = this.makeObserver();
    for (const id of watched) this.observer.add(parseAddr(id));
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

  /** A remote observer that dials through the current network key's transport. */
  private makeObserver(): RemoteObserver {
    const opts = this.opts;
    return new RemoteObserver({
      intervalMs: opts.observerIntervalMs,
      timeoutMs: opts.observerTimeoutMs,
      concurrency: opts.observerConcurrency,
      clock: this.clock,
      isLocal: (id) => this.localIds.has(id),
      extraPeers: () => this.remotePeerAddrs(),
      onView: (view) =>
        applyRemoteView(view, {
          model: this.model,
          localIds: this.localIds,
          answers: this.remoteAnswers,
          notice: (l, t, k) => this.notice(l, clarifyRemoteNotice(t), k),
        }),
      // the network's limits, the network key's transport among them, for the observer's dials
      limits: { ...this.network.limits },
    });
  }

  /** The id of a local node, for `stop`/`kill`. @throws Error naming what is wrong. */
  private requireLocal(id: string, verb: 'stop' | 'kill'): string {
    const hosted = this.network.get(id);
    if (!hosted) {
      const n = this.model.node(id);
      if (n?.origin === 'remote') throw new Error(`cannot ${verb} ${id}: it runs elsewhere; only nodes started here can be ${verb === 'stop' ? 'stopped' : 'killed'}`);
      if (n) throw new Error(`cannot ${verb} ${id}: it is still starting`);
      throw new Error(`no node ${id} in this network`);
    }
    if (!hosted.running) throw new Error(`cannot ${verb} ${id}: it is not running`);
    return id;
  }

  private degreeReport(): DegreeReport {
    const degrees = this.network.degrees();
    let fit: DegreeReport['fit'] = null;
    try {
      fit = fitPowerLaw(degrees);
    } catch {
      fit = null;
    }
    return { degrees, fit };
  }

  private remotePeerAddrs(): Addr[] {
    const out: Addr[] = [];
    for (const n of this.model.allNodes()) {
      if (n.origin !== 'remote' || n.role !== 'peer') continue;
      try {
        out.push(parseAddr(n.id));
      } catch {
        // not an address: cannot be queried
      }
    }
    return out;
  }

  /** Queues a notice, at most one per `key` per cooldown and 20 a second in all. */
  private notice(level: 'info' | 'error', text: string, key?: string): void {
    if (this.closing) return;
    if (key !== undefined && !this.noticeCooldown.allow(key)) return;
    if (!this.noticeLimiter.allow()) return;
    this.batcher.push({ kind: 'notice', level, text, at: this.clock.now() } satisfies UiEvent);
  }

  private async stopAllWithin(ms: number): Promise<void> {
    let timer: unknown;
    const late = new Promise<void>((resolve) => (timer = this.clock.setTimeout(resolve, ms)));
    await Promise.race([this.network.stopAll().catch(() => {}), late]);
    this.clock.clearTimeout(timer);
    await Promise.all(this.network.all().map((n) => (n.running ? n.kill().catch(() => {}) : undefined)));
  }
}
