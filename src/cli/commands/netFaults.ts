/**
 * The faults part of `gossip-lab net` (both runners): turns the fault flags into a
 * {@link ChaosPlan}, runs it beside the gossip, and summarises what the faults did.
 */
import type { NodeEvent } from '../../core/events';
import type { ChaosLog, ChaosPlan, ChaosTarget, Spread } from '../../core/runtime/chaos';
import { FaultWatch, componentCount, listedDead, runChaos, spread } from '../../core/runtime/chaos';
import type { RuntimeNode } from '../../core/runtime/runtime';
import { seededRandom, unseededRandom } from '../../core/random';
import type { FaultFlags } from '../faultOptions';
import { wantsFaults } from '../faultOptions';

/** What `net` reports about the faults it injected (also in --json). */
export interface FaultSummary {
  detector: 'assignment' | 'swim';
  loss?: number;
  delay?: { delayMs: number; jitterMs: number };
  partitionS?: number;
  /** Peers killed by --churn. */
  killed: number;
  /** Kill → first dead-node report, ms. */
  detection: Spread;
  /** Killed peers no neighbour reported. */
  undetected: number;
  /** Suspicions raised by the swim detector (and refuted). */
  suspicions: number;
  refuted: number;
  /** Connected components among the live peers at the end (1: one network). */
  components: number;
  /** Seed entries still naming a killed peer at the end. */
  killedStillListed: number;
}

/** The plan the flags ask for (undefined: none). */
export function planFrom(o: FaultFlags): ChaosPlan | undefined {
  if (!wantsFaults(o)) return undefined;
  const plan: ChaosPlan = {};
  if (o.loss !== undefined || o.delay !== undefined) plan.network = { ...(o.loss !== undefined ? { loss: o.loss } : {}), ...(o.delay ?? {}) };
  if (o.partition !== undefined) plan.partition = { atMs: 0, forMs: o.partition * 1000 };
  if (o.churn !== undefined) plan.churn = { fraction: o.churn.fraction, atMs: o.churn.atS * 1000 };
  return plan;
}

/** A run's faults under way: start it when gossip starts, feed it every event, summarise at the end. */
export class NetFaults {
  readonly watch = new FaultWatch();
  private log: Promise<ChaosLog> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly o: FaultFlags & { randomSeed?: number },
    private readonly plan: ChaosPlan | undefined,
  ) {}

  /** Feeds one event. */
  record = (e: NodeEvent): void => this.watch.record(e);

  /** Starts the plan against `target` (no-op without one). */
  start(target: ChaosTarget): void {
    if (!this.plan) return;
    const random = this.o.randomSeed === undefined ? unseededRandom() : seededRandom(this.o.randomSeed ^ 0xc4a05);
    this.log = runChaos(target, this.plan, random, Date.now, this.abort.signal).then((log) => {
      for (const k of log.killed) this.watch.killed(k.id, k.at);
      return log;
    });
  }

  /** Stops what is still scheduled and summarises against the nodes as they are now. */
  async summary(nodes: RuntimeNode[]): Promise<FaultSummary | undefined> {
    if (!this.plan && (this.o.detector ?? 'assignment') === 'assignment') return undefined;
    this.abort.abort();
    const log = (await this.log) ?? { killed: [] };
    const killed = new Set(log.killed.map((k) => k.id));
    return {
      detector: this.o.detector ?? 'assignment',
      ...(this.o.loss !== undefined ? { loss: this.o.loss } : {}),
      ...(this.o.delay ? { delay: this.o.delay } : {}),
      ...(this.o.partition !== undefined ? { partitionS: this.o.partition } : {}),
      killed: killed.size,
      detection: spread(this.watch.detectionTimes()),
      undetected: this.watch.undetected().length,
      suspicions: this.watch.suspicions,
      refuted: this.watch.refuted,
      components: componentCount(nodes),
      killedStillListed: listedDead(nodes, killed),
    };
  }
}

/** The summary's faults line. */
export function formatFaults(f: FaultSummary): string {
  const injected = [
    f.loss !== undefined ? `loss ${f.loss}` : '',
    f.delay ? `delay ${f.delay.delayMs}±${f.delay.jitterMs} ms` : '',
    f.partitionS !== undefined ? `partition healed after ${f.partitionS} s` : '',
    f.killed ? `${f.killed} peers killed` : '',
  ].filter(Boolean);
  const det = f.killed ? `; detection p50 ${f.detection.p50 ?? '-'} ms, p99 ${f.detection.p99 ?? '-'} ms${f.undetected ? `, ${f.undetected} undetected` : ''}; seeds still list ${f.killedStillListed} killed` : '';
  const swim = f.detector === 'swim' ? `; ${f.suspicions} suspicions, ${f.refuted} refuted` : '';
  return `faults       detector ${f.detector}; ${injected.join(', ') || 'none injected'}${det}${swim}; ${f.components} component${f.components === 1 ? '' : 's'} at the end`;
}
