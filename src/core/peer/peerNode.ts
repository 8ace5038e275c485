/**
 * A peer node: registers with a majority of seeds, picks neighbours by preferential attachment,
 * gossips through its Message List, and checks its neighbours' liveness, reporting the dead to
 * its seeds.
 */
import { NodeBase } from '../nodeBase';
import type { Connection } from '../net/connection';
import { FramedServer } from '../net/server';
import type { Addr } from '../protocol/addr';
import { addrKey } from '../protocol/addr';
import type { Message, MessageOf, PeerEntry } from '../protocol/messages';
import { MAX_PAGE } from '../protocol/messages';
import { formatDeadNode } from '../protocol/report';
import type { Random } from '../random';
import { unseededRandom } from '../random';
import { GossipEngine } from './gossip';
import { preferentialOrder } from './neighbourChoice';
import type { PeerOptions, PeerTiming } from './options';
import { DEFAULT_TIMING } from './options';
import { SeedClient } from './seedClient';
import { formatJoinRetry } from './joinRetry';
import { LivenessMonitor } from './liveness';
import { ClaimBook } from './claims';
import { LinkTable } from './links';
import { Healer } from './healing';
import { Reconnector } from './reconnect';
import { every } from '../clock';
import type { Neighbour } from './liveness';
import { DEFAULT_SWIM, SwimDetector } from './swim';
import type { SwimCounters } from './swim';

/** A running peer. Create, `start()` (which joins), and later `stop()` or `kill()`. */
export class PeerNode extends NodeBase {
  readonly role = 'peer' as const;
  readonly timing: PeerTiming;
  private readonly random: Random;
  private readonly server: FramedServer;
  private readonly seedClient: SeedClient;
  private readonly links: LinkTable;
  private readonly gossip: GossipEngine;
  /** The failure detector: the assignment's liveness rounds, or swim. */
  private readonly liveness: LivenessMonitor | SwimDetector;
  private joinedFlag = false;
  private joinStarted = false;
  private halting = false;
  /** stop() or kill() was called: a join in progress must not go on. */
  private leaving = false;
  private readonly cancelTimers = new Set<() => void>();
  /** What this peer has claimed about itself (registrations, link dials), to confirm reach-checks. */
  private readonly claims: ClaimBook;
  private stopRegistrationChecks: (() => void) | undefined;
  /** Heals the degree after neighbours are lost (not for peers wired as an edge list says). */
  private readonly healer: Healer | undefined;
  /** Links again to neighbours declared dead that answer later (paused, partitioned). */
  private readonly reconnector: Reconnector;

  constructor(private readonly opts: PeerOptions) {
    super(opts);
    this.timing = timingOf(opts);
    this.random = opts.random ?? unseededRandom();
    this.server = new FramedServer(this.clock, this.limits, (c) => this.accept(c));
    this.server.onRefused = (remote, why) => this.log.warn(`refused ${remote}: ${why}`);
    this.claims = new ClaimBook(() => this.clock.now());
    this.seedClient = new SeedClient(() => this.addr, opts.seeds, this.clock, this.limits, this.random, this.claims);
    this.links = new LinkTable({
      clock: this.clock,
      limits: this.limits,
      log: this.log,
      claims: this.claims,
      self: () => this.addr,
      id: () => this.id,
      running: () => this.running,
      leaving: () => this.leaving,
      halting: () => this.halting,
      handle: (conn, m, key) => this.handle(conn, m, key),
      prefilter: (payload) => this.running && this.gossip.dropIfCopy(payload),
      violation: (conn, v) => this.violation(conn, v),
      event: (e) => this.event(e),
      degreeChanged: () => this.degreeChanged(),
      connectionLost: () => this.healer?.degreeChanged(this.liveDegree),
    });
    this.gossip = new GossipEngine({
      clock: this.clock,
      timing: this.timing,
      self: () => this.addr,
      neighbours: () => this.links.open(),
      log: this.log,
      nodeId: () => this.id,
      emit: (e) => this.emitEvent(e),
      limits: this.limits,
      onAbuse: (key, why) => this.links.ban(key, why),
    });
    this.healer = opts.fixedNeighbours
      ? undefined
      : new Healer(
          {
            clock: this.clock,
            log: this.log,
            random: this.random,
            degree: () => this.liveDegree,
            target: () => this.timing.neighbours,
            active: () => this.joinedFlag && this.running && !this.leaving,
            relink: async () => this.linkNeighbours(await this.candidates(this.seeds())),
          },
          this.timing.livenessIntervalMs,
        );
    this.reconnector = new Reconnector(
      {
        clock: this.clock,
        limits: this.limits,
        log: this.log,
        self: () => this.addr,
        active: () => this.joinedFlag && this.running && !this.leaving,
        linked: (key) => this.links.isOpen(key),
        link: (addr) => this.links.dial(addr),
      },
      this.timing.livenessIntervalMs,
    );
    const detectorHost = {
      clock: this.clock,
      limits: this.limits,
      timing: this.timing,
      log: this.log,
      self: () => this.addr,
      neighbours: () => this.links.values(),
      isCurrent: (n: Neighbour) => this.links.isCurrent(n),
      emit: (e: Parameters<PeerNode['event']>[0]) => this.event(e),
      onDead: (n: Neighbour) => void this.declareDead(n),
      onAliveWithoutLink: (n: Neighbour) => void this.links.relink(n),
    };
    this.liveness =
      opts.detector === 'swim'
        ? new SwimDetector({ ...detectorHost, random: this.random, settings: { ...DEFAULT_SWIM, ...opts.swim } })
        : new LivenessMonitor(detectorHost);
  }

  /** The neighbours' address keys. */
  neighbours(): string[] {
    return this.links.keys();
  }

  /** Number of neighbours. */
  get degree(): number {
    return this.links.size;
  }

  /**
   * Neighbours whose link is open now: the degree gossip can use. Lower than {@link degree} while
   * a neighbour whose connection dropped waits for liveness to decide; healing aims at this one.
   */
  get liveDegree(): number {
    return this.links.openCount;
  }

  /** The seeds this peer registered with. */
  seeds(): Addr[] {
    return [...this.seedClient.registered];
  }

  /** True once the join finished. */
  get joined(): boolean {
    return this.joinedFlag;
  }

  /** Consecutive unanswered liveness requests per neighbour (address key → count), for inspectors. */
  livenessMisses(): Record<string, number> {
    return Object.fromEntries([...this.links.values()].map((n) => [n.key, n.misses]));
  }

  /** The failure detector's name. */
  get detector(): 'assignment' | 'swim' {
    return this.liveness instanceof SwimDetector ? 'swim' : 'assignment';
  }

  /** What the swim detector has done (undefined under the assignment detector). */
  swimCounters(): SwimCounters | undefined {
    return this.liveness instanceof SwimDetector ? { ...this.liveness.counters } : undefined;
  }

  /** The neighbours the swim detector suspects now (always empty under the assignment detector). */
  suspects(): string[] {
    return this.liveness instanceof SwimDetector ? this.liveness.suspects() : [];
  }

  /** The Message List, read-only. */
  get messageList(): GossipEngine['ml'] {
    return this.gossip.ml;
  }

  /** Gossip copies dropped because the Message List had them. */
  get duplicatesDropped(): number {
    return this.gossip.duplicates;
  }

  /**
   * Listens without joining yet, so others can dial this peer before it joins (a fixed topology
   * is started this way: every peer listens, then all join). Idempotent once listening.
   * @returns the bound address.
   * @throws Error when it cannot listen.
   */
  async listen(): Promise<Addr> {
    if (this.state.code === 'running') return this.addr;
    if (this.state.code !== 'new') throw new Error(`peer ${this.id} was already started`);
    this.state = { code: 'starting' };
    try {
      this.self = await this.server.listen(this.self.host, this.self.port);
    } catch (e) {
      this.state = { code: 'stopped', reason: 'failed' };
      throw e;
    }
    this.state = { code: 'running', addr: this.addr, since: this.clock.now() };
    this.log.info(`peer listening on ${this.id}`);
    this.event({ type: 'node-up', role: 'peer' });
    return this.addr;
  }

  /**
   * Listens (unless {@link listen} was called), then joins: registers with ⌊n/2⌋+1 seeds, takes
   * the union of their peer lists, links to m neighbours by preferential attachment (or to its
   * `fixedNeighbours`) and reports its degree.
   * @returns the bound address.
   * @throws Error when it cannot listen or was already started; JoinError when no majority of
   *   seeds is reachable (the peer is then stopped).
   */
  async start(): Promise<Addr> {
    if (this.state.code === 'new') await this.listen();
    else if (this.state.code !== 'running' || this.joinStarted) throw new Error(`peer ${this.id} was already started`);
    this.joinStarted = true;
    try {
      await this.join();
    } catch (e) {
      if (this.leaving) throw new Error(`peer ${this.id} was stopped while joining`);
      const message = (e as Error).message;
      this.log.error(`join failed: ${message}`);
      this.event({ type: 'join-failed', message });
      await this.seedClient.unregister().catch(() => {}); // leave no trace on the seeds it reached
      await this.halt('failed', message);
      throw e;
    }
    return this.addr;
  }

  /**
   * Starts gossiping (for a peer created with `autoGossip: false`): the first message after
   * `delayMs` (default 0), then one every gossip interval.
   */
  startGossip(delayMs = 0): void {
    if (!this.running) return;
    if (delayMs <= 0) {
      this.gossip.start();
      return;
    }
    const handle = this.clock.setTimeout(() => {
      this.cancelTimers.delete(cancel);
      if (this.running) this.gossip.start();
    }, delayMs);
    const cancel = (): void => this.clock.clearTimeout(handle);
    this.cancelTimers.add(cancel);
  }

  /** Stops creating messages (a pending first message included); forwarding goes on. */
  stopGossip(): void {
    for (const cancel of this.cancelTimers) cancel();
    this.cancelTimers.clear();
    this.gossip.stop();
  }

  /** Leaves gracefully: goodbye to each neighbour, unregister from the seeds, close everything. */
  async stop(): Promise<void> {
    if (this.state.code !== 'running' || this.leaving) return;
    this.leaving = true;
    this.links.sayGoodbye();
    await this.seedClient.unregister().catch(() => {});
    await this.halt('stopped');
  }

  /** Crashes: every socket destroyed at once, no goodbye to anyone. */
  async kill(): Promise<void> {
    if (this.state.code !== 'running' || this.halting) return;
    this.leaving = true;
    await this.halt('killed');
  }

  private async halt(reason: 'stopped' | 'killed' | 'failed', message?: string): Promise<void> {
    if (this.halting) return;
    this.halting = true;
    this.state = { code: 'stopped', reason };
    this.liveness.stop();
    this.healer?.stop();
    this.reconnector.stop();
    this.stopRegistrationChecks?.();
    this.stopRegistrationChecks = undefined;
    for (const cancel of this.cancelTimers) cancel();
    this.cancelTimers.clear();
    this.gossip.stop();
    const graceful = reason === 'stopped';
    this.links.closeAll(graceful);
    if (graceful) await this.seedClient.close();
    else this.seedClient.destroy();
    await (graceful ? this.server.close() : this.server.destroy());
    this.log.info(`peer ${this.id} ${reason}`);
    this.event({ type: 'node-down', role: 'peer', reason, ...(message ? { message } : {}) });
    this.releaseFaults();
  }

  /** Throws when the peer was stopped or killed while an await of the join was pending. */
  private checkNotLeaving(): void {
    if (this.leaving || !this.running) throw new Error(`peer ${this.id} was stopped while joining`);
  }

  private async join(): Promise<void> {
    const seeds = await this.seedClient.registerMajority(
      {
        retries: this.opts.joinRetries ?? 3,
        backoffMs: this.opts.joinBackoffMs ?? 500,
        timeoutMs: this.opts.joinTimeoutMs,
        maxBackoffMs: this.opts.joinMaxBackoffMs ?? (this.opts.joinTimeoutMs === undefined ? undefined : 2_000),
        onRetry: (retry) => this.log.warn(formatJoinRetry(retry)),
      },
      (seed) => {
        this.log.info(`registered with seed ${addrKey(seed)}`);
        this.event({ type: 'registered', seed: addrKey(seed) });
      },
    );
    this.checkNotLeaving();
    const fixed = this.opts.fixedNeighbours;
    if (fixed) await Promise.all(fixed.map((a) => this.links.dial(a)));
    else await this.linkNeighbours(await this.candidates(seeds));
    this.checkNotLeaving();
    await this.seedClient.sendDegree(this.degree);
    this.checkNotLeaving();
    this.joinedFlag = true;
    this.log.info(`joined: seeds ${seeds.map(addrKey).join(', ')}; neighbours ${this.neighbours().join(', ') || '(none)'}`);
    this.event({ type: 'joined', seeds: seeds.map(addrKey), neighbours: this.neighbours() });
    this.liveness.start();
    this.reconnector.start();
    // a seed that dropped this peer while it was alive gets it back: the degree update of each
    // check is answered not-registered, and the peer registers again
    // and a peer whose seeds died registers with others, to stay at a majority of the live seeds
    this.stopRegistrationChecks = every(this.clock, this.limits.registrationCheckMs, () => {
      void this.seedClient
        .checkRegistrations(this.degree, (seed) => {
          this.log.info(`registered with seed ${addrKey(seed)} (registration check)`);
          this.event({ type: 'registered', seed: addrKey(seed) });
        })
        .then((failures) => {
          for (const f of failures) this.log.warn(`registration check: ${f}`);
        });
    });
    if (this.opts.autoGossip ?? true) this.gossip.start();
  }

  /** The union of the seeds' peer lists (highest degree seen per peer), in preferential order. */
  private async candidates(seeds: Addr[]): Promise<Array<PeerEntry & { key: string }>> {
    const union = new Map<string, PeerEntry & { key: string }>();
    for (const seed of seeds) {
      const peers = await this.seedClient.fetchPeers(seed);
      this.checkNotLeaving();
      this.log.info(`peer list from seed ${addrKey(seed)}: ${peers.map((p) => `${addrKey(p)}(${p.degree})`).join(', ') || '(empty)'}`);
      this.event({ type: 'peer-list', seed: addrKey(seed), peers });
      for (const p of peers) {
        const key = addrKey(p);
        const known = union.get(key);
        if (!known || known.degree < p.degree) union.set(key, { ...p, key });
      }
    }
    union.delete(this.id);
    return preferentialOrder([...union.values()], this.random);
  }

  /**
   * Dials candidates in preference order, m − degree at a time, until m links are up, the
   * candidates run out, or `maxJoinDials` were tried; a shortfall is logged naming each failure.
   */
  private async linkNeighbours(order: Array<PeerEntry & { key: string }>): Promise<void> {
    const linked = new Set(this.links.keys());
    const queue = order.filter((c) => !linked.has(c.key) && !this.links.isBanned(c.key)).slice(0, this.limits.maxJoinDials);
    const failures: string[] = [];
    while (this.running && !this.leaving && this.liveDegree < this.timing.neighbours && queue.length > 0) {
      const batch = queue.splice(0, this.timing.neighbours - this.liveDegree);
      const results = await Promise.all(batch.map((c) => this.links.dial(c)));
      results.forEach((why, i) => why && failures.push(`${batch[i]!.key} (${why})`));
    }
    if (this.degree < this.timing.neighbours && failures.length > 0) {
      const tried = order.length > this.limits.maxJoinDials ? ` (tried the first ${this.limits.maxJoinDials} of ${order.length} candidates)` : '';
      this.log.warn(`linked ${this.degree} of ${this.timing.neighbours} neighbours${tried}; could not link to ${failures.slice(0, 10).join(', ')}${failures.length > 10 ? ` and ${failures.length - 10} more` : ''}`);
    }
  }

  /** The degree changed: an event, and the new degree to every seed (resolves with the failures). */
  private degreeChanged(): Promise<string[]> {
    this.event({ type: 'degree', degree: this.degree });
    this.healer?.degreeChanged(this.liveDegree);
    return this.seedClient.registered.length > 0 ? this.seedClient.sendDegree(this.degree) : Promise.resolve([]);
  }

  private accept(conn: Connection): void {
    conn.onMessage = (m) => this.handle(conn, m, undefined);
    conn.onViolation = (v) => this.violation(conn, v);
  }

  /** Handles one message; `link` is the neighbour's key when `conn` is a link. */
  private handle(conn: Connection, m: Message, link: string | undefined): void {
    if (!this.running) return;
    switch (m.type) {
      case 'peer-hello':
        if (link === undefined) {
          this.links.accept(conn, m).catch((e: unknown) => {
            this.log.error(`handling peer-hello from ${conn.remote} failed: ${(e as Error).message}`);
            conn.destroy();
          });
        }
        else conn.sendError('unexpected-message', 'this connection is already a link', m.rid);
        return;
      case 'liveness':
        if (this.liveness instanceof SwimDetector) {
          const incarnation = this.liveness.answerLiveness(m.suspect);
          conn.send({ type: 'liveness-reply', rid: m.rid, timestamp: m.timestamp, from: this.addr, incarnation });
        } else conn.send({ type: 'liveness-reply', rid: m.rid, timestamp: m.timestamp, from: this.addr });
        return;
      case 'ping-req':
        if (link === undefined) this.unexpected(conn, m, 'ping-req comes only over a neighbour link');
        else if (this.liveness instanceof SwimDetector) this.liveness.answerPingReq(conn, m);
        else conn.sendError('unexpected-message', 'this peer runs the assignment detector: no indirect probes', m.rid);
        return;
      case 'reach-check':
        if (this.claims.confirms(m.proof, m.verifier)) conn.send({ type: 'reach-ok', rid: m.rid });
        else conn.sendError('not-claimed', `${this.id} made no such claim to ${addrKey(m.verifier)}`, m.rid);
        return;
      case 'neighbours-query':
        conn.send(this.neighboursAnswer(m.rid, m.offset));
        return;
      case 'gossip':
        if (link === undefined) this.unexpected(conn, m, 'gossip comes only over a neighbour link');
        else if (!this.gossip.receive(m, link)) {
          const why = 'gossip id is not the SHA-256 of its text';
          conn.sendError('bad-message', why);
          this.violation(conn, { code: 'bad-message', message: why });
        }
        return;
      case 'bye':
        // only the link's own connection can end it (a spare one from a crossed dial just closes)
        if (link !== undefined && this.links.isLinkConnection(link, conn)) {
          this.log.info(`neighbour ${link} left`);
          this.links.remove(link, 'bye');
        } else conn.end();
        return;
      case 'error':
        this.log.warn(`error from ${link ?? conn.remote}: ${m.code}: ${m.message}`);
        return;
      default:
        this.unexpected(conn, m, `a peer does not take ${m.type}`);
    }
  }

  private unexpected(conn: Connection, m: Message, why: string): void {
    conn.sendError('unexpected-message', why, 'rid' in m ? m.rid : undefined);
    this.violation(conn, { code: 'unexpected-message', message: why });
  }

  private neighboursAnswer(rid: number, offset: number): MessageOf<'neighbours'> extends infer M ? Omit<M, 'v'> : never {
    const all = [...this.links.values()].map((n) => n.addr);
    return {
      type: 'neighbours',
      rid,
      peer: this.addr,
      degree: all.length,
      offset,
      total: all.length,
      neighbours: all.slice(offset, offset + MAX_PAGE),
      seeds: this.seedClient.registered.slice(0, MAX_PAGE),
    };
  }

  private async declareDead(n: Neighbour): Promise<void> {
    const at = this.clock.now();
    const report = formatDeadNode(n.addr, at, this.addr);
    this.log.warn(report);
    this.links.remove(n.key, 'dead');
    this.reconnector.declaredDead(n.addr);
    const seeds = await this.seedClient.reportDead(n.addr, at);
    this.event({ type: 'dead-node-reported', dead: n.key, seeds, report });
  }
}

/** The peer's timing: each option given, else its default. */
function timingOf(opts: Partial<PeerTiming>): PeerTiming {
  const t: PeerTiming = { ...DEFAULT_TIMING };
  for (const k of Object.keys(DEFAULT_TIMING) as Array<keyof PeerTiming>) {
    const v = opts[k];
    if (v !== undefined) t[k] = v;
  }
  return t;
}
