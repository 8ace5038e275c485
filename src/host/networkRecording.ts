/**
 * Records a network that runs without the app (`gossip-lab net --record FILE`): its nodes' core
 * events go through the same translation as the app's (./localEvents.ts into the UI model), are
 * batched the same way (./batcher.ts) and written by the same {@link Recorder}, so the app opens
 * a CLI recording exactly like one of its own.
 */
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import type { NodeEvent } from '../core/events';
import { DEFAULT_RECORDING_MAX_BYTES } from '../shared/recording';
import type { DegreeReport, DetectorKind, PeerTiming, Snapshot } from '../shared/types';
import { EventBatcher } from './batcher';
import { scopedDegreeReport } from './degreeScope';
import type { LocalEventContext } from './localEvents';
import { applyLocalEvent } from './localEvents';
import { MessageLog } from './messageLog';
import { RateLimiter, Throttle } from './rate';
import { Recorder } from './recorder';
import { SuspicionBook } from './suspicions';
import { TopologyModel } from './topology';
import { TrafficCounter } from './traffic';

/** Least time between two `degrees` events in a recording, ms (as the app's default). */
const DEGREES_EVERY_MS = 500;
/** `traffic` events are written this often, ms. */
const TRAFFIC_EVERY_MS = 1000;
/** Most `gossip` receipt events recorded per second (the rest are counted in `message` reach). */
const GOSSIP_EVENTS_PER_S = 2000;

/** How a {@link NetworkRecording} records. */
export interface NetworkRecordingOptions {
  /** The file to create (it must not exist). */
  path: string;
  /** The command line, for the header. */
  description: string;
  /** The peers' timing and detector (the keyframes carry them). */
  timing: PeerTiming;
  detector: DetectorKind;
  clock?: Clock;
  /** Size limit, bytes (default shared/recording.ts's). */
  maxBytes?: number;
  /** Time between keyframes, ms. */
  keyframeIntervalMs?: number;
  /** Called once if the size limit stops the recording, with the bytes written. */
  onLimit?: (bytes: number) => void;
}

/** One network's recording. Feed it every node event with `onEvent`; `close` at the end. */
export class NetworkRecording {
  private readonly clock: Clock;
  private readonly batcher: EventBatcher;
  private readonly model: TopologyModel;
  private readonly messages = new MessageLog();
  private readonly suspicions = new SuspicionBook();
  private readonly localIds = new Set<string>();
  private readonly traffic: TrafficCounter;
  private readonly degrees: Throttle;
  private readonly ctx: LocalEventContext;
  private readonly recorder: Recorder;
  private trafficTimer: ReturnType<Clock['setTimeout']> | null = null;
  private closed = false;

  /**
   * Creates the file and writes its header and first keyframe.
   * @throws Error when the file cannot be created (it exists, no such directory, …)
   */
  constructor(private readonly o: NetworkRecordingOptions) {
    this.clock = o.clock ?? systemClock;
    this.batcher = new EventBatcher(undefined, this.clock);
    this.model = new TopologyModel((e) => this.batcher.push(e));
    this.traffic = new TrafficCounter(this.clock.now());
    this.degrees = new Throttle(DEGREES_EVERY_MS, () => this.batcher.push({ kind: 'degrees', report: this.report() }), this.clock);
    const gossip = new RateLimiter(GOSSIP_EVENTS_PER_S, 1000, this.clock);
    this.ctx = {
      model: this.model,
      messages: this.messages,
      suspicions: this.suspicions,
      localIds: this.localIds,
      push: (e) => this.batcher.push(e),
      gossipAllowed: () => gossip.allow(),
      notice: (level, text) => this.batcher.push({ kind: 'notice', level, text, at: this.clock.now() }),
      isRunningLocal: (id) => this.localIds.has(id) && this.model.node(id)?.life === 'up',
      topologyChanged: () => this.degrees.poke(),
      traffic: this.traffic,
    };
    this.recorder = new Recorder({
      path: o.path,
      source: 'cli',
      description: o.description,
      clock: this.clock,
      snapshot: () => this.snapshot(),
      maxBytes: o.maxBytes ?? DEFAULT_RECORDING_MAX_BYTES,
      keyframeIntervalMs: o.keyframeIntervalMs,
      onLimit: o.onLimit,
    });
    this.batcher.onBatch((batch) => this.recorder.record(batch));
    this.armTraffic();
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.recorder.bytes;
  }

  /** Why the recording ended (`limit`: the size limit), or null while it runs. */
  get ended(): 'stopped' | 'limit' | null {
    return this.recorder.ended;
  }

  /** Records one node event (ignored once closed). */
  onEvent(e: NodeEvent): void {
    if (this.closed) return;
    applyLocalEvent(e, this.ctx);
  }

  /**
   * Records the receipts shards counted without sending each one (ShardedNetwork's
   * `onReceiptCounts`): per message id, how many more peers have it; and the frames sent.
   */
  onCounts(counts: ReadonlyArray<readonly [id: string, count: number]>, frames: number): void {
    if (this.closed) return;
    let receipts = 0;
    for (const [, n] of counts) receipts += n;
    this.traffic.counted(receipts, frames);
    for (const [id, n] of counts) {
      const message = this.messages.counted(id, n);
      if (message) this.batcher.push({ kind: 'message', message, total: this.messages.total });
    }
  }

  /** Writes what is queued, the end line, and closes the file. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.trafficTimer !== null) this.clock.clearTimeout(this.trafficTimer);
    this.degrees.close();
    this.batcher.push({ kind: 'degrees', report: this.report() });
    this.batcher.flushNow();
    this.batcher.close();
    this.model.close();
    this.recorder.close('stopped');
  }

  private armTraffic(): void {
    this.trafficTimer = this.clock.setTimeout(() => {
      this.batcher.push(this.traffic.take(this.clock.now()));
      this.armTraffic();
    }, TRAFFIC_EVERY_MS);
  }

  private report(): DegreeReport {
    return scopedDegreeReport(this.model, 'both');
  }

  private snapshot(): Snapshot {
    return {
      nodes: this.model.allNodes(),
      links: this.model.links(),
      timing: { ...this.o.timing },
      report: this.report(),
      messages: this.messages.all(),
      messageTotal: this.messages.total,
      remoteSeeds: [],
      topology: null,
      networkKey: false,
      runtime: { shards: 0, active: 0, running: 0, crashed: 0, defaultShards: 1 },
      detector: this.o.detector,
      faults: { rules: {}, paused: [] },
      suspicions: this.suspicions.all(),
      recording: { on: true, active: null, stopped: null },
    };
  }
}
