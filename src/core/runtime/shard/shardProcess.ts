/**
 * The shard side of a sharded network: a child process (started by `ShardedNetwork` with
 * `child_process.fork`) that hosts some of the network's nodes in its own {@link NetworkHost},
 * answers its parent's requests (see `channel.ts`), measures gossip locally, and streams its
 * nodes' events to the parent in batches — every event but gossip receipts, of which at most
 * `receiptSample` a batch are forwarded (the rest only measured here).
 *
 * An entry point calls {@link runShardIfAsked} first thing: when the process was forked as a
 * shard it serves and never returns to the caller's own work.
 */
import { Buffer } from 'node:buffer';
import { openSync, writeSync } from 'node:fs';
import type { NodeLogger } from '../../log';
import { performance } from 'node:perf_hooks';
import type { NodeEvent } from '../../events';
import type { PendingPeer } from '../network';
import { NetworkHost } from '../network';
import { pskTransport } from '../../net/secure';
import { currentFdBudget } from '../fdBudget';
import { describeNode, inspectNode } from '../localRuntime';
import type { ShardInit, ShardMessage, ShardOps, ShardRequest } from './channel';
import { SHARD_LOAD_REPORT_MS } from './channel';
import { ReceiptStats } from './receipts';

/** The shard's event-loop probe: a timer every this many ms, how late it runs. */
const PROBE_MS = 20;


export { SHARD_ENV } from './env';
import { SHARD_ENV } from './env';

/** True when this process was forked as a shard. */
export function isShardProcess(): boolean {
  return process.env[SHARD_ENV] === '1' && typeof process.send === 'function';
}

/**
 * Serves as a shard when this process was forked as one, and returns true (the caller must then
 * do nothing else); returns false in any other process.
 */
export function runShardIfAsked(): boolean {
  if (!isShardProcess()) return false;
  new Shard().serve();
  return true;
}

type Handler = { [K in keyof ShardOps]: (req: Extract<ShardRequest, { op: K }>) => Promise<ShardOps[K]['result']> };

/** One shard: its nodes, its measurements, its event batches. */
class Shard {
  private net: NetworkHost | undefined;
  private init: ShardInit | undefined;
  private readonly stats = new ReceiptStats();
  private batch: NodeEvent[] = [];
  private receiptsInBatch = 0;
  /** Receipts not sent one by one in this batch, by message id. */
  private receiptCounts = new Map<string, number>();
  /** Frames forwarded by the receipts counted in `receiptCounts` (their `forwarded` summed). */
  private countedFrames = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: PendingPeer[] = [];
  /** Aborted by `topology-cancel`: ends the topology start in progress. */
  private topologyStop = new AbortController();

  serve(): void {
    process.on('message', (raw: unknown) => void this.onRequest(raw as ShardRequest));
    this.probeLoad();
    // the parent is gone: nothing else will stop these nodes
    process.on('disconnect', () => {
      void this.net?.stopAll().finally(() => process.exit(0));
    });
  }

  private async onRequest(req: ShardRequest): Promise<void> {
    let reply: ShardMessage;
    try {
      const handler = this.handlers[req.op] as (r: ShardRequest) => Promise<unknown>;
      reply = { t: 'reply', id: req.id, ok: true, result: await handler(req) };
    } catch (e) {
      reply = { t: 'reply', id: req.id, ok: false, error: (e as Error).message ?? String(e) };
    }
    this.flush();
    this.send(reply);
    if (req.op === 'stop-all' && reply.ok) setImmediate(() => process.exit(0));
  }

  private readonly handlers: Handler = {
    init: async ({ init }) => {
      this.init = init;
      const transport = init.networkKeyHex ? pskTransport(Buffer.from(init.networkKeyHex, 'hex')) : undefined;
      const log = init.logFile ? appendLogger(init.logFile, init.shard) : undefined;
      this.net = new NetworkHost({
        logger: log,
        host: init.host,
        timing: init.timing,
        randomSeed: init.randomSeed === undefined ? undefined : (init.randomSeed * 7919 + init.shard) | 0,
        limits: { ...init.limits, ...(transport ? { transport } : {}) },
        faults: init.faults,
        detector: init.detector?.detector,
        swim: init.detector?.swim,
      });
      this.net.on((e) => this.onEvent(e));
      return { pid: process.pid };
    },
    'add-seed': async ({ port, host }) => this.host().addSeed(port, host),
    'set-seeds': async ({ seeds }) => {
      this.host().setSeedList(seeds);
      return null;
    },
    'add-peers': async ({ count, autoGossip, host }) => this.host().addPeers(count, { autoGossip, host }),
    'topology-listen': async ({ count, host }) => {
      this.topologyStop = new AbortController();
      this.pending = await this.host().listenPeers(count, { autoGossip: false, host, signal: this.topologyStop.signal });
      return this.pending.map((p) => p.addr);
    },
    'topology-join': async ({ neighbours, concurrency }) => {
      const pending = this.pending;
      this.pending = [];
      pending.forEach((p, i) => p.neighbours.push(...(neighbours[i] ?? [])));
      return this.host().joinPending(pending, concurrency, { signal: this.topologyStop.signal });
    },
    'topology-cancel': async () => {
      this.topologyStop.abort();
      return null;
    },
    'start-gossip': async ({ origins }) => {
      for (const o of origins) this.host().peerById(o.id)?.startGossip(o.delayMs);
      return null;
    },
    'stop-gossip': async () => {
      this.host().stopGossip();
      return null;
    },
    'stop-node': async ({ node }) => {
      await this.host().stopNode(node);
      return null;
    },
    'kill-node': async ({ node }) => {
      await this.host().killNode(node);
      return null;
    },
    snapshot: async () => ({ nodes: this.host().all().map((n) => describeNode(n)) }),
    inspect: async ({ node }) => {
      const n = this.host().get(node);
      return n ? inspectNode(n) : null;
    },
    'set-detector': async ({ choice }) => {
      this.host().detector = choice.detector;
      this.host().swim = { ...choice.swim };
      return null;
    },
    'set-faults': async ({ rules }) => {
      const faults = this.host().faults;
      if (!faults) throw new Error('this network was built without fault injection');
      faults.setRules(rules);
      return null;
    },
    'pause-node': async ({ node, ms }) => {
      this.host().pauseNode(node, ms);
      return null;
    },
    'set-timing': async ({ timing }) => {
      this.host().timing = { ...timing };
      return null;
    },
    'set-limits': async ({ limits, networkKeyHex }) => {
      const net = this.host();
      const transport = networkKeyHex ? pskTransport(Buffer.from(networkKeyHex, 'hex'), { handshakeTimeoutMs: limits.connectTimeoutMs }) : undefined;
      const next = { ...net.limits, ...limits };
      delete next.transport;
      net.limits = transport ? { ...next, transport } : next;
      return null;
    },
    'stop-nodes': async () => {
      await this.host().stopAll();
      return null;
    },
    'fd-budget': async () => currentFdBudget(),
    stats: async () => this.stats.report((id) => this.host().peerById(id)?.running === true),
    'stop-all': async () => {
      await this.net?.stopAll();
      return null;
    },
  };

  /** Measures this process's event-loop delay and reports it to the parent once a second. */
  private probeLoad(): void {
    let delays: number[] = [];
    let elu = performance.eventLoopUtilization();
    let nextReport = performance.now() + SHARD_LOAD_REPORT_MS;
    const arm = (): void => {
      const expected = performance.now() + PROBE_MS;
      setTimeout(() => {
        const now = performance.now();
        delays.push(Math.max(0, now - expected));
        if (now >= nextReport) {
          nextReport = now + SHARD_LOAD_REPORT_MS;
          const used = performance.eventLoopUtilization(elu);
          elu = performance.eventLoopUtilization();
          const sorted = delays.sort((a, b) => a - b);
          delays = [];
          const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
          this.send({ t: 'load', loopDelayP99Ms: Math.round(p99), utilization: Math.round(used.utilization * 100) / 100 });
        }
        arm();
      }, PROBE_MS).unref();
    };
    arm();
  }

  private host(): NetworkHost {
    if (!this.net) throw new Error('shard not initialised');
    return this.net;
  }

  private onEvent(e: NodeEvent): void {
    this.stats.record(e);
    if (e.type === 'gossip-received') {
      if (this.receiptsInBatch >= (this.init?.receiptSample ?? 0)) {
        this.receiptCounts.set(e.id, (this.receiptCounts.get(e.id) ?? 0) + 1);
        this.countedFrames += e.forwarded;
        this.timer ??= setTimeout(() => this.flush(), this.init?.batchMs ?? 50);
        return;
      }
      this.receiptsInBatch++;
    }
    this.batch.push(e);
    this.timer ??= setTimeout(() => this.flush(), this.init?.batchMs ?? 50);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0 && this.receiptCounts.size === 0) return;
    const msg: ShardMessage = { t: 'events', events: this.batch, receiptCounts: [...this.receiptCounts], countedFrames: this.countedFrames };
    this.countedFrames = 0;
    this.batch = [];
    this.receiptsInBatch = 0;
    this.receiptCounts = new Map();
    this.send(msg);
  }

  private send(m: ShardMessage): void {
    if (process.connected) process.send!(m);
  }
}

/**
 * Node loggers writing to one file, opened for appending (every shard of a run appends to the
 * same file; each line is one write): `[time] LEVEL (shard s, role id): line`.
 */
function appendLogger(file: string, shard: number): (id: string, role: 'seed' | 'peer') => NodeLogger {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'a');
  } catch {
    fd = undefined; // the parent checked the path; a failure here leaves the shard without a log
  }
  return (id, role) => {
    const write = (level: string, line: string): void => {
      if (fd === undefined) return;
      try {
        writeSync(fd, `[${new Date().toISOString()}] ${level} (shard ${shard}, ${role} ${id}): ${line}\n`);
      } catch {
        // a full disk must not stop the node
      }
    };
    return { info: (l) => write('INFO', l), warn: (l) => write('WARN', l), error: (l) => write('ERROR', l) };
  };
}
