/**
 * The remote seeds the session watches: connecting (a probe, then observation rounds), each
 * seed's answering / not-answering status (one event and one notice per change, kept on the
 * seed's entry instead of a notice every cooldown), disconnecting (the observer stops watching
 * it and its nodes leave the drawing), and observing again through a new network key.
 */
import type { Clock } from '../core/clock';
import type { Transport } from '../core/net/transport';
import type { Addr } from '../core/protocol/addr';
import { addrKey, parseAddr } from '../core/protocol/addr';
import { RemoteObserver } from '../core/runtime/observer';
import type { NeighboursAnswer } from '../core/runtime/probe';
import type { NumericLimits, Runtime } from '../core/runtime/runtime';
import type { CommandResults, RemoteSeedState, UiEvent } from '../shared/types';
import { clarifyRemoteNotice, probeRemoteSeed } from './networkKey';
import { describeRemoteError } from './remoteErrors';
import { applyRemoteView } from './remoteView';
import type { TopologyModel } from './topology';

/** What watching remote seeds needs from the session. */
export interface RemoteSeedsDeps {
  model: TopologyModel;
  /** Ids of every node hosted here. */
  localIds: ReadonlySet<string>;
  clock: Clock;
  /** Pause between two observation rounds, ms (default 1000). */
  intervalMs?: number;
  /** Time for one remote node's answer, connect included, ms (default 2000). */
  timeoutMs?: number;
  /** Peers queried at once (default 8). */
  concurrency?: number;
  /** How long `connect` waits for the seed's peer list, ms (default 3000). */
  connectTimeoutMs?: number;
  /** The network's numeric limits now. */
  limits(): NumericLimits;
  /** The network key's transport now (undefined: plain TCP). */
  transport(): Transport | undefined;
  /** The runtime that runs the local nodes, if started. */
  runtime(): Runtime | undefined;
  push(e: UiEvent): void;
  /** Queues a notice; `key` rate-limits notices about the same thing. */
  notice(level: 'info' | 'error', text: string, key?: string): void;
  /** The drawn topology changed: degrees should be recomputed. */
  topologyChanged(): void;
  /** True once the session is closing. */
  closed(): boolean;
}

/** The remote seeds watched, their status, and the last answers of their peers. */
export class RemoteSeeds {
  /** The last answer of each remote peer (for the inspector). */
  readonly answers = new Map<string, NeighboursAnswer>();
  private readonly watched = new Map<string, Addr>();
  private readonly status = new Map<string, RemoteSeedState>();
  private observer: RemoteObserver;

  constructor(private readonly deps: RemoteSeedsDeps) {
    this.observer = this.makeObserver();
  }

  /** The addresses watched, for a runtime's seed list (new peers join these networks too). */
  addrs(): Addr[] {
    return [...this.watched.values()];
  }

  /** How many remote seeds are watched. */
  get count(): number {
    return this.watched.size;
  }

  /** Each watched seed with its status, in the order they were connected. */
  states(): RemoteSeedState[] {
    return [...this.status.values()].map((s) => ({ ...s }));
  }

  /**
   * Probes the seed at `address`, draws its peers and watches it from now on.
   * @throws Error worded for the user: not an address, a local node, already connected, or what the probe found.
   */
  async connect(address: string): Promise<CommandResults['connectRemoteSeed']> {
    const addr = this.parse(address);
    const id = addrKey(addr);
    if (this.deps.localIds.has(id)) throw new Error(`${id} is a node of this app, not a remote seed`);
    if (this.watched.has(id)) throw new Error(`remote seed ${id} is already connected`);
    let peers: Awaited<ReturnType<typeof probeRemoteSeed>>;
    try {
      peers = await probeRemoteSeed(addr, this.deps.connectTimeoutMs ?? 3000, this.deps.clock, this.deps.transport());
    } catch (e) {
      throw new Error(describeRemoteError(id, e instanceof Error ? e.message : String(e)));
    }
    if (this.deps.closed()) throw new Error('the session is closed');
    if (this.watched.has(id)) throw new Error(`remote seed ${id} is already connected`);
    this.watched.set(id, addr);
    await this.deps.runtime()?.addRemoteSeed(addr);
    this.setStatus({ id, answering: true, error: null });
    this.apply({ seeds: [{ id, ok: true, peers }], peers: [] });
    this.observer.add(addr);
    void this.observer.refresh(); // the remote peers' links, without waiting a whole interval
    this.deps.notice('info', `connected to remote seed ${id} (${peers.length} peers); new peers join its network too`);
    return { seed: id, peers: peers.length };
  }

  /**
   * Stops watching the seed at `address` and forgets what only it showed: the seed, and the remote
   * peers no other watched or local seed lists. Local peers that joined its network keep running.
   * @throws Error when `address` is not a watched remote seed.
   */
  disconnect(address: string): CommandResults['disconnectRemoteSeed'] {
    const addr = this.parse(address);
    const id = addrKey(addr);
    if (!this.watched.has(id)) throw new Error(`remote seed ${id} is not connected`);
    this.watched.delete(id);
    // peers started from now on no longer register there (a runtime gone meanwhile has nothing to forget)
    void this.deps.runtime()?.removeRemoteSeed(addr).catch(() => {});
    this.status.delete(id);
    this.restartObserver();
    const before = this.deps.model.allNodes().filter((n) => n.origin === 'remote').length;
    this.deps.model.removeNode(id);
    for (const k of [...this.answers.keys()]) if (!this.deps.model.node(k)) this.answers.delete(k);
    const forgotten = before - this.deps.model.allNodes().filter((n) => n.origin === 'remote').length;
    this.deps.push({ kind: 'remote-seed-removed', id });
    this.deps.topologyChanged();
    this.deps.notice(
      'info',
      `disconnected from remote seed ${id}: ${forgotten} remote node${forgotten === 1 ? '' : 's'} no longer drawn; local peers that joined its network keep running, new peers no longer register there`,
    );
    return { seed: id, forgotten };
  }

  /** Observes the watched seeds again through the current network key's transport. */
  rekey(): void {
    this.restartObserver();
  }

  /** Stops observing. */
  close(): void {
    this.observer.close();
  }

  /** @throws Error `"x" is not a seed address (IP:Port): …` */
  private parse(address: string): Addr {
    try {
      return parseAddr(address);
    } catch (e) {
      throw new Error(`"${address}" is not a seed address (IP:Port): ${(e as Error).message}`);
    }
  }

  private restartObserver(): void {
    this.observer.close();
    this.observer = this.makeObserver();
    for (const addr of this.watched.values()) this.observer.add(addr);
  }

  /** A remote observer that dials through the current network key's transport. */
  private makeObserver(): RemoteObserver {
    const d = this.deps;
    const transport = d.transport();
    return new RemoteObserver({
      intervalMs: d.intervalMs,
      timeoutMs: d.timeoutMs,
      concurrency: d.concurrency,
      clock: d.clock,
      isLocal: (id) => d.localIds.has(id),
      extraPeers: () => this.remotePeerAddrs(),
      onView: (view) => this.apply({ seeds: view.seeds.filter((s) => this.watched.has(s.id)), peers: view.peers }),
      // the network's limits, the network key's transport among them, for the observer's dials
      limits: { ...d.limits(), ...(transport ? { transport } : {}) },
    });
  }

  private apply(view: Parameters<typeof applyRemoteView>[0]): void {
    applyRemoteView(view, {
      model: this.deps.model,
      localIds: this.deps.localIds,
      answers: this.answers,
      notice: (l, t, k) => this.deps.notice(l, clarifyRemoteNotice(t), k),
      seedAnswered: (id, error) => this.seedAnswered(id, error === null ? null : clarifyRemoteNotice(error)),
    });
    this.deps.topologyChanged();
  }

  /** Records a seed's answer: an event (and one notice) only when its status changes. */
  private seedAnswered(id: string, error: string | null): void {
    const was = this.status.get(id);
    if (!was) return;
    const answering = error === null;
    const words = error === null ? null : describeRemoteError(id, error);
    if (was.answering === answering && was.error === words) return;
    this.setStatus({ id, answering, error: words });
    if (answering) this.deps.notice('info', `remote seed ${id} answers again`);
    else if (was.answering && error !== null) this.deps.notice('error', this.sentence(id, error));
  }

  /** `remote seed X does not answer: <the error in words>`, or a reworded refusal as it is. */
  private sentence(id: string, error: string): string {
    const words = describeRemoteError(id, error);
    return words === error ? error : `remote seed ${id} does not answer: ${words}`;
  }

  private setStatus(s: RemoteSeedState): void {
    this.status.set(s.id, s);
    this.deps.push({ kind: 'remote-seed', seed: { ...s } });
  }

  private remotePeerAddrs(): Addr[] {
    const out: Addr[] = [];
    for (const n of this.deps.model.allNodes()) {
      if (n.origin !== 'remote' || n.role !== 'peer') continue;
      try {
        out.push(parseAddr(n.id));
      } catch {
        // not an address: cannot be queried
      }
    }
    return out;
  }
}
