/**
 * The in-process {@link Runtime}: every node in this process, in one {@link NetworkHost}. For
 * small networks and tests; the session's nodes then share its thread.
 */
import type { EventListener } from '../events';
import { pskTransport } from '../net/secure';
import { PeerNode } from '../peer/peerNode';
import type { PeerTiming } from '../peer/options';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import { seededRandom, shuffle, unseededRandom } from '../random';
import type { Topology } from '../topology/edgeList';
import type { FdBudget } from './fdBudget';
import { currentFdBudget } from './fdBudget';
import type { HostedNode, NetworkOptions, TopologyStartOptions } from './network';
import { NetworkHost } from './network';
import type { FaultRules } from '../net/faults';
import type { DetectorChoice, NumericLimits, Runtime, RuntimeAddPeersOptions, RuntimeLoad, RuntimeNode, RuntimeNodeDetails, ShardExit } from './runtime';

/** A {@link Runtime} over a {@link NetworkHost} in this process. */
export class LocalRuntime implements Runtime {
  readonly shardCount = 0;
  /** The network itself (for tests and benchmarks; the session goes through the interface). */
  readonly host: NetworkHost;

  constructor(
    options: NetworkOptions = {},
    /** The open-file budget to report (default: this process's, read at each call). */
    private readonly fdBudget: () => FdBudget = currentFdBudget,
  ) {
    this.host = new NetworkHost(options);
    this.randomSeed = options.randomSeed;
  }

  private readonly randomSeed: number | undefined;

  on(listener: EventListener): () => void {
    return this.host.on(listener);
  }

  onReceiptCounts(): () => void {
    return () => {};
  }

  onShardExit(_listener: (e: ShardExit) => void): () => void {
    return () => {};
  }

  load(): RuntimeLoad | null {
    return null;
  }

  liveShards(): number {
    return 0;
  }

  addSeed(port?: number, host?: string): Promise<string> {
    return this.host.addSeed(port, host);
  }

  addPeers(count: number, options: RuntimeAddPeersOptions = {}): Promise<string[]> {
    return this.host.addPeers(count, options);
  }

  addPeersFromTopology(topology: Topology, options: TopologyStartOptions = {}): Promise<Array<string | null>> {
    return this.host.addPeersFromTopology(topology, { ...options, autoGossip: false });
  }

  async startGossip(options: { among?: string[]; origins?: number } = {}): Promise<string[]> {
    if (options.among === undefined && options.origins === undefined) return this.host.startGossip();
    const running = (options.among ?? this.host.peers().map((p) => p.id))
      .map((id) => this.host.peerById(id))
      .filter((p): p is PeerNode => p !== undefined && p.running);
    const random = this.randomSeed === undefined ? unseededRandom() : seededRandom(this.randomSeed ^ 0x5eed);
    const chosen = options.origins === undefined ? running : shuffle(running, random).slice(0, Math.max(0, options.origins));
    for (const p of chosen) p.startGossip(Math.floor(random.next() * this.host.timing.gossipIntervalMs));
    return chosen.map((p) => p.id);
  }

  async stopGossip(): Promise<void> {
    this.host.stopGossip();
  }

  stopNode(id: string): Promise<void> {
    return this.host.stopNode(id);
  }

  killNode(id: string): Promise<void> {
    return this.host.killNode(id);
  }

  stopNodes(): Promise<void> {
    return this.host.stopAll();
  }

  async close(graceMs = 3000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.host.stopAll().catch(() => {}), late]);
    clearTimeout(timer);
    await Promise.all(this.host.all().map((n) => (n.running ? n.kill().catch(() => {}) : undefined)));
  }

  async addRemoteSeed(addr: Addr): Promise<void> {
    this.host.addRemoteSeed(addr);
  }

  async removeRemoteSeed(addr: Addr): Promise<void> {
    this.host.removeRemoteSeed(addr);
  }

  async setTiming(timing: PeerTiming): Promise<void> {
    this.host.timing = { ...timing };
  }

  async setLimits(limits: NumericLimits, networkKey: Buffer | undefined): Promise<void> {
    const transport = networkKey ? pskTransport(networkKey, { handshakeTimeoutMs: limits.connectTimeoutMs }) : undefined;
    const next = { ...this.host.limits, ...limits };
    delete next.transport;
    this.host.limits = transport ? { ...next, transport } : next;
  }

  async setDetector(choice: DetectorChoice): Promise<void> {
    this.host.detector = choice.detector;
    this.host.swim = { ...choice.swim };
  }

  async setFaults(rules: FaultRules): Promise<void> {
    if (!this.host.faults) throw new Error('this network was built without fault injection');
    this.host.faults.setRules(rules);
  }

  async pauseNode(id: string, ms: number): Promise<void> {
    this.host.pauseNode(id, ms);
  }

  async nodes(): Promise<RuntimeNode[]> {
    return this.host.all().map(describeNode);
  }

  async inspect(id: string): Promise<RuntimeNodeDetails | undefined> {
    const n = this.host.get(id);
    return n ? inspectNode(n) : undefined;
  }

  async fdBudgets(): Promise<FdBudget[]> {
    return [this.fdBudget()];
  }
}

/** A hosted node as a {@link RuntimeNode}. */
export function describeNode(n: HostedNode): RuntimeNode {
  if (n instanceof PeerNode) {
    return {
      id: n.id,
      role: 'peer',
      running: n.running,
      neighbours: n.neighbours(),
      seeds: n.seeds().map(addrKey),
      messages: n.messageList.size,
      duplicates: n.duplicatesDropped,
    };
  }
  const listed = n.peers();
  return { id: n.id, role: 'seed', running: n.running, neighbours: listed.map((p) => addrKey(p)), listed };
}

/** A hosted node's live details. */
export function inspectNode(n: HostedNode): RuntimeNodeDetails {
  const base = { ...describeNode(n), livenessMisses: n instanceof PeerNode && n.running ? n.livenessMisses() : {} };
  return n instanceof PeerNode ? { ...base, detector: n.detector, suspects: n.running ? n.suspects() : [] } : base;
}
