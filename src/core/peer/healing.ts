/**
 * Overlay healing: a joined peer whose degree falls below its target m (neighbours found dead,
 * gone with a goodbye, or cut for abuse) asks its seeds for a fresh peer list and links new
 * neighbours by the same preferential rule as at join, so churn does not split the network into
 * pieces. One attempt at a time, a short random delay first (peers that lost the same neighbour
 * do not all ask at once), then retries with a doubling backoff while the degree stays short.
 * Peers wired as an edge list says never heal (their links are the experiment's).
 */
import type { Clock, TimerHandle } from '../clock';
import type { NodeLogger } from '../log';
import type { Random } from '../random';

/** What the healer needs from its peer. */
export interface HealHost {
  clock: Clock;
  log: NodeLogger;
  random: Random;
  /** The peer's degree now, and the degree it aims for (m). */
  degree(): number;
  target(): number;
  /** True while the peer is joined, running and not leaving. */
  active(): boolean;
  /** Fetches the seeds' peer lists and dials candidates by preferential attachment until m links. */
  relink(): Promise<void>;
}

/** The first wait after a loss is this long at most, ms (uniformly random below it). */
const FIRST_DELAY_MS = 500;

/** Heals one peer's degree. */
export class Healer {
  private timer: TimerHandle | undefined;
  private running = false;
  private backoffMs = FIRST_DELAY_MS;
  private last = 0;
  /** Heal attempts made (for tests and inspectors). */
  attempts = 0;

  /**
   * @param maxBackoffMs the longest wait between two attempts, ms (the liveness interval is a
   *   good choice: a lost neighbour is found by then)
   */
  constructor(
    private readonly host: HealHost,
    private readonly maxBackoffMs: number,
  ) {}

  /** Tells the healer the degree changed; a drop below the target schedules an attempt. */
  degreeChanged(degree: number): void {
    const dropped = degree < this.last;
    this.last = degree;
    if (dropped && degree < this.host.target() && this.host.active()) {
      this.backoffMs = FIRST_DELAY_MS;
      this.schedule(this.host.random.next() * FIRST_DELAY_MS);
    }
  }

  /** Cancels any pending attempt. */
  stop(): void {
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.running) return;
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = undefined;
      void this.attempt();
    }, delayMs);
  }

  private async attempt(): Promise<void> {
    const { host } = this;
    if (!host.active() || host.degree() >= host.target()) return;
    this.running = true;
    this.attempts++;
    const before = host.degree();
    try {
      await host.relink();
    } catch (e) {
      host.log.warn(`healing: could not get new neighbours: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    if (host.degree() > before) host.log.info(`healing: degree ${before} → ${host.degree()} of ${host.target()}`);
    if (host.active() && host.degree() < host.target()) {
      this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
      this.schedule(this.backoffMs);
    }
  }
}
