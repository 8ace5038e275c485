/**
 * The `swim` failure detector: SWIM's probe, indirect probe and suspicion (Das, Gupta &
 * Motivala, "SWIM: Scalable Weakly-consistent Infection-style Process Group Membership Protocol",
 * DSN 2002, §3–4) with Lifeguard's local health multiplier and nacks (Dadgar, Phillips & Currey,
 * "Lifeguard: Local Health Awareness for More Accurate Failure Detection", DSN-W 2018, §IV-A/B),
 * the design of HashiCorp memberlist.
 *
 * Each period (the liveness interval × (LHM + 1)) a peer probes EVERY neighbour — not one random
 * member as SWIM does: here a peer watches only its neighbours, and round-robin over a hub's 50
 * neighbours would stretch its detection 50-fold. A probe:
 * 1. a direct `liveness` request, answered within the probe timeout (interval / 2 × (LHM + 1));
 * 2. if not, `ping-req` to k other neighbours, who probe the target themselves and answer
 *    `acked` true or false (the nack; a helper that does not answer at all raises the LHM),
 *    together with a second direct request; any ack within the rest of the period is enough;
 * 3. if none came, the neighbour is suspected (`suspect` event). Probes to a suspect carry
 *    `suspect: true`; a live suspect answers with a raised incarnation number, which refutes the
 *    suspicion (`suspicion-refuted`). A suspicion not refuted within the suspicion period
 *    (`suspicionMultiplier` × interval × (LHM + 1)) and one last direct probe declares the
 *    neighbour dead.
 * Lifeguard's local health multiplier (LHM, 0 … 8) rises when its helpers miss their nacks (or a
 * probe fails with no helper to ask), or when it learns it is suspected (memberlist's rules), and
 * when its own period timer fires late by more than half a probe timeout (its process stalled);
 * it falls with every ack. A peer that is itself slow stretches its periods, timeouts and
 * suspicions instead of accusing others.
 * Not built: Lifeguard's dynamic suspicion timeout (it needs independent suspicions of the same
 * member disseminated by gossip; here suspicion stays local to each neighbour).
 */
import type { TimerHandle } from '../clock';
import type { Connection } from '../net/connection';
import { dial } from '../net/connection';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { MessageOf } from '../protocol/messages';
import type { Random } from '../random';
import { shuffle } from '../random';
import type { LivenessHost, Neighbour } from './liveness';

/** The failure detectors a network can run. */
export type DetectorKind = 'assignment' | 'swim';

/** The swim detector's settings (the assignment detector needs only the timing). */
export interface SwimSettings {
  /** k: neighbours asked to probe a silent neighbour (SWIM's indirect probes; default 3). */
  indirectProbes: number;
  /** The suspicion period in liveness intervals (default 4, memberlist's SuspicionMult). */
  suspicionMultiplier: number;
  /** Largest local health multiplier (default 8, Lifeguard's). */
  maxHealthMultiplier: number;
}

/** Defaults: k = 3, suspicion 4 intervals, LHM up to 8. */
export const DEFAULT_SWIM: SwimSettings = { indirectProbes: 3, suspicionMultiplier: 4, maxHealthMultiplier: 8 };

/** Indirect probes a peer runs for others at once, at most (each opens a connection). */
export const MAX_INDIRECT_IN_FLIGHT = 64;

/** What the detector needs from its peer: what the assignment's monitor needs, and more. */
export interface SwimHost extends LivenessHost {
  settings: SwimSettings;
  random: Random;
}

/** What swim keeps per neighbour (beside the shared {@link Neighbour} record). */
interface SwimState {
  /** When the suspicion began (ms), or undefined when not suspected. */
  suspectedAt: number | undefined;
  /** The highest incarnation heard from it. */
  incarnation: number;
  /** A probe round is running for it. */
  probing: boolean;
  /** The suspicion's expiry timer. */
  expiry: TimerHandle | undefined;
}

/** What a swim detector has done, for tests, inspectors and the bench. */
export interface SwimCounters {
  /** Probes answered directly. */
  directAcks: number;
  /** Probes saved by an indirect ack after the direct one failed. */
  indirectAcks: number;
  /** Suspicions raised. */
  suspicions: number;
  /** Suspicions refuted. */
  refuted: number;
}

/** Runs the swim detector of one peer, and its part as a helper for others' indirect probes. */
export class SwimDetector {
  private timer: TimerHandle | undefined;
  private running = false;
  private readonly state = new WeakMap<Neighbour, SwimState>();
  private readonly oneOff = new Set<Connection>();
  private indirectInFlight = 0;
  /** Lifeguard's local health multiplier, 0 … maxHealthMultiplier. */
  private lhm = 0;
  /** This peer's incarnation number, raised each time it learns it is suspected. */
  private incarnationNumber = 0;
  private readonly expiries = new Set<TimerHandle>();
  /** What it has done so far. */
  readonly counters: SwimCounters = { directAcks: 0, indirectAcks: 0, suspicions: 0, refuted: 0 };

  constructor(private readonly host: SwimHost) {}

  /** The neighbours suspected now (address keys). */
  suspects(): string[] {
    return [...this.host.neighbours()].filter((n) => this.state.get(n)?.suspectedAt !== undefined).map((n) => n.key);
  }

  /** Starts the periods, the first one interval from now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops the periods and closes every one-off probe connection. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const c of this.oneOff) c.destroy();
    this.oneOff.clear();
    for (const t of this.expiries) this.host.clock.clearTimeout(t);
    this.expiries.clear();
  }

  /**
   * A `liveness` request arrived: when it says we are suspected, raise the incarnation (the
   * refutation) and the LHM (Lifeguard: being suspected is a sign we are slow).
   * @returns the incarnation to put in the reply.
   */
  answerLiveness(suspect: boolean | undefined): number {
    if (suspect) {
      this.incarnationNumber = Math.min(this.incarnationNumber + 1, 2 ** 31 - 1);
      this.adjustHealth(+1);
    }
    return this.incarnationNumber;
  }

  /**
   * A neighbour asks us to probe `target` (SWIM's ping-req). Only taken over a link; at most
   * {@link MAX_INDIRECT_IN_FLIGHT} at once (beyond that the answer is `busy`). The answer is
   * `acked` true with the target's incarnation, or false (the nack) when the probe failed within
   * 80 % of the probe timeout (Lifeguard §IV-B).
   */
  answerPingReq(conn: Connection, m: MessageOf<'ping-req'>): void {
    if (this.indirectInFlight >= MAX_INDIRECT_IN_FLIGHT) {
      conn.sendError('busy', `${MAX_INDIRECT_IN_FLIGHT} indirect probes already running`, m.rid);
      return;
    }
    this.indirectInFlight++;
    const timeout = Math.max(1, Math.floor(this.probeTimeout() * 0.8));
    const known = [...this.host.neighbours()].find((n) => n.key === addrKey(m.target));
    void this.probeOnce(m.target, known?.conn ?? null, timeout, m.suspect)
      .then((incarnation) => {
        conn.send({ type: 'ping-req-reply', rid: m.rid, acked: incarnation !== undefined, ...(incarnation !== undefined ? { incarnation } : {}) });
      })
      .finally(() => this.indirectInFlight--);
  }

  /** The probe timeout now: half the interval, stretched by the LHM, ms. */
  private probeTimeout(): number {
    return Math.max(1, Math.floor((this.host.timing.livenessIntervalMs / 2) * (this.lhm + 1)));
  }

  /** The period now: the interval stretched by the LHM, ms. */
  private period(): number {
    return this.host.timing.livenessIntervalMs * (this.lhm + 1);
  }

  private schedule(): void {
    if (!this.running) return;
    const period = this.period();
    const due = this.host.clock.now() + period;
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = undefined;
      // this peer's own process ran late (a stalled event loop): a sign of local trouble, as a
      // missed nack is — stretch our own timeouts rather than accuse others (Lifeguard's intent)
      if (this.host.clock.now() - due > this.probeTimeout() / 2) this.adjustHealth(+1);
      this.tick();
      this.schedule();
    }, period);
  }

  private adjustHealth(delta: number): void {
    this.lhm = Math.max(0, Math.min(this.host.settings.maxHealthMultiplier, this.lhm + delta));
  }

  private stateOf(n: Neighbour): SwimState {
    let s = this.state.get(n);
    if (!s) this.state.set(n, (s = { suspectedAt: undefined, incarnation: 0, probing: false, expiry: undefined }));
    return s;
  }

  /**
   * One period: every neighbour (not waiting for our peer-accept) is probed unless its last
   * probe is still running.
   */
  tick(): void {
    for (const n of [...this.host.neighbours()]) {
      if (n.accepting) continue;
      const s = this.stateOf(n);
      if (!s.probing) void this.probeRound(n, s);
    }
  }

  /**
   * The suspicion period, stretched by the LHM (a peer that is itself slow waits longer before
   * it accuses), ms.
   */
  private suspicionMs(): number {
    return this.host.settings.suspicionMultiplier * this.host.timing.livenessIntervalMs * (this.lhm + 1);
  }

  /** Starts the suspicion of `n`: refuted by any ack, else it is declared dead when it runs out. */
  private suspect(n: Neighbour, s: SwimState): void {
    s.suspectedAt = this.host.clock.now();
    this.counters.suspicions++;
    this.host.log.warn(`swim: suspect ${n.key} (no ack directly or through ${this.host.settings.indirectProbes} neighbours)`);
    this.host.emit({ type: 'suspect', neighbour: n.key, incarnation: s.incarnation });
    const arm = (ms: number): void => {
      const t = this.host.clock.setTimeout(() => {
        this.expiries.delete(t);
        s.expiry = undefined;
        if (!this.running || s.suspectedAt === undefined || !this.host.isCurrent(n)) return;
        const left = s.suspectedAt + this.suspicionMs() - this.host.clock.now();
        if (left > 0) return arm(left); // the LHM rose meanwhile
        // a probe round under way decides first; else one last direct probe: a suspect that was
        // probed rarely (a high LHM stretches the periods) gets its chance to refute
        if (s.probing) return arm(Math.max(1, Math.floor(this.host.timing.livenessIntervalMs / 4)));
        s.probing = true;
        const linkDown = !n.conn || n.conn.isClosed;
        void this.probeOnce(n.addr, n.conn, this.probeTimeout(), true).then((incarnation) => {
          s.probing = false;
          if (!this.running || s.suspectedAt === undefined || !this.host.isCurrent(n)) return;
          if (incarnation !== undefined) return this.alive(n, s, incarnation, linkDown);
          this.host.log.warn(`swim: ${n.key} suspected for ${this.host.clock.now() - s.suspectedAt} ms without refuting`);
          this.host.onDead(n);
        });
      }, ms);
      s.expiry = t;
      this.expiries.add(t);
    };
    arm(this.suspicionMs());
  }

  /** One probe of `n`: direct, then indirect through k neighbours; suspects it when all fail. */
  private async probeRound(n: Neighbour, s: SwimState): Promise<void> {
    s.probing = true;
    const linkDown = !n.conn || n.conn.isClosed;
    const suspect = s.suspectedAt !== undefined;
    try {
      const timeout = this.probeTimeout();
      let incarnation = await this.probeOnce(n.addr, n.conn, timeout, suspect);
      let missedNacks = 0;
      let helpersAsked = 0;
      if (incarnation === undefined && this.running && this.host.isCurrent(n)) {
        const rest = Math.max(1, this.period() - timeout);
        const helpers = shuffle(
          [...this.host.neighbours()].filter((h) => h !== n && h.conn && !h.conn.isClosed && !h.accepting && this.state.get(h)?.suspectedAt === undefined),
          this.host.random,
        ).slice(0, this.host.settings.indirectProbes);
        helpersAsked = helpers.length;
        const answers = await Promise.all([
          this.probeOnce(n.addr, n.conn, rest, suspect).then((inc) => ({ inc, nack: false, silent: false })),
          ...helpers.map((h) => this.pingReq(h, n.addr, rest, suspect)),
        ]);
        missedNacks = answers.filter((a) => a.silent).length;
        incarnation = answers.find((a) => a.inc !== undefined)?.inc;
        if (incarnation !== undefined) this.counters.indirectAcks++;
      } else if (incarnation !== undefined) this.counters.directAcks++;
      if (!this.running || !this.host.isCurrent(n)) return;
      if (incarnation !== undefined) {
        this.adjustHealth(-1);
        this.alive(n, s, incarnation, linkDown);
        return;
      }
      // memberlist's rule: only missed nacks count against our own health; with no helper to ask,
      // a failed probe does
      this.adjustHealth(helpersAsked > 0 ? missedNacks : 1);
      n.misses++;
      this.host.emit({ type: 'liveness-missed', neighbour: n.key, misses: n.misses });
      if (s.suspectedAt === undefined) this.suspect(n, s);
    } finally {
      s.probing = false;
    }
  }

  /** An ack came from `n` with `incarnation`: a suspicion it refutes ends. */
  private alive(n: Neighbour, s: SwimState, incarnation: number, linkDown: boolean): void {
    n.misses = 0;
    n.awaiting = false;
    if (s.suspectedAt !== undefined && incarnation >= s.incarnation) {
      s.suspectedAt = undefined;
      if (s.expiry !== undefined) {
        this.host.clock.clearTimeout(s.expiry);
        this.expiries.delete(s.expiry);
        s.expiry = undefined;
      }
      this.counters.refuted++;
      this.host.log.info(`swim: ${n.key} refuted the suspicion (incarnation ${incarnation})`);
      this.host.emit({ type: 'suspicion-refuted', neighbour: n.key, incarnation });
    }
    s.incarnation = Math.max(s.incarnation, incarnation);
    if (linkDown) this.host.onAliveWithoutLink(n);
  }

  /** Asks helper `h` to probe `target`; `silent` when it sent no answer at all (a missed nack). */
  private async pingReq(h: Neighbour, target: Addr, timeoutMs: number, suspect: boolean): Promise<{ inc: number | undefined; nack: boolean; silent: boolean }> {
    try {
      const a = await h.conn!.request({ type: 'ping-req', target, ...(suspect ? { suspect } : {}) }, timeoutMs);
      if (a.type === 'ping-req-reply') return { inc: a.acked ? (a.incarnation ?? 0) : undefined, nack: !a.acked, silent: false };
      return { inc: undefined, nack: true, silent: false };
    } catch {
      return { inc: undefined, nack: false, silent: true };
    }
  }

  /**
   * One liveness request to `addr`, over `conn` when it is open, else over a one-off connection.
   * @returns the incarnation in the reply (0 when the replier does not run swim), or undefined
   *   when no reply came within `timeoutMs`.
   */
  private async probeOnce(addr: Addr, conn: Connection | null, timeoutMs: number, suspect: boolean | undefined): Promise<number | undefined> {
    const { clock, limits } = this.host;
    const body = { type: 'liveness' as const, timestamp: clock.now(), from: this.host.self(), ...(suspect ? { suspect: true } : {}) };
    const start = clock.now();
    let c = conn;
    const oneOff = !c || c.isClosed;
    try {
      if (oneOff) {
        c = await dial(addr.host, addr.port, clock, { ...limits, connectTimeoutMs: timeoutMs });
        if (!this.running) {
          c.destroy();
          return undefined;
        }
        this.oneOff.add(c);
      }
      const left = Math.max(1, timeoutMs - (clock.now() - start));
      const answer = await c!.request(body, left);
      return answer.type === 'liveness-reply' ? (answer.incarnation ?? 0) : undefined;
    } catch {
      return undefined;
    } finally {
      if (oneOff && c) {
        this.oneOff.delete(c);
        c.end();
      }
    }
  }
}
