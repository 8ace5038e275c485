/**
 * How busy the host's thread is: every node of the session runs on it, so when the network makes
 * more frames than the thread can handle, everything it reports arrives late. The session sends
 * this reading to the UI once an interval, so the user sees it (and why) instead of a graph that
 * silently lags.
 *
 * The delay is measured with a probe timer every {@link PROBE_MS}: how much later than asked it
 * runs. (Node's monitorEventLoopDelay loses the first delay after each reset, which is the one a
 * block right after a reading causes.)
 */
import { performance } from 'node:perf_hooks';
import type { HostLoad } from '../shared/types';
import type { Clock, TimerHandle } from '../core/clock';
import { quantile } from '../core/runtime/stats';

/** Interval of the probe timer, ms. */
export const PROBE_MS = 20;

/** Reads the thread's load every `intervalMs` and hands it to `report`. Call `close` to stop. */
export class LoadMonitor {
  private delays: number[] = [];
  private elu = performance.eventLoopUtilization();
  private nextReport: number;
  private probe: TimerHandle | undefined;
  private expected = 0;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly report: (load: HostLoad) => void,
  ) {
    this.nextReport = performance.now() + intervalMs;
    this.arm();
  }

  /** Stops reading. */
  close(): void {
    if (this.probe !== undefined) this.clock.clearTimeout(this.probe);
    this.probe = undefined;
  }

  private arm(): void {
    this.expected = performance.now() + PROBE_MS;
    this.probe = this.clock.setTimeout(() => this.tick(), PROBE_MS);
  }

  private tick(): void {
    const now = performance.now();
    this.delays.push(Math.max(0, now - this.expected));
    if (now >= this.nextReport) {
      this.nextReport = now + this.intervalMs;
      const used = performance.eventLoopUtilization(this.elu);
      this.elu = performance.eventLoopUtilization();
      const sorted = this.delays.sort((a, b) => a - b);
      this.delays = [];
      this.report({ loopDelayP99Ms: Math.round(quantile(sorted, 0.99)), utilization: Math.round(used.utilization * 100) / 100 });
    }
    this.arm();
  }
}
