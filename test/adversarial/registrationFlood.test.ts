/**
 * Issue 9, the registration flood. Measured against v1: 50,000 fake registrations (valid frames,
 * one connection) were all accepted and listed, and an honest joiner then made 50,000 failed
 * dials. Now a seed registers an address only once the node there confirms the claim (a
 * reach-check dialled back), runs at most `maxPendingChecks` such checks at once, lists at most
 * `maxPeers` peers and `maxRegistrationsPerIp` from one source IP, and a joiner dials at most
 * `maxJoinDials` candidates.
 *
 * A real seed with lowered bounds (maxPeers 20, 6 a source IP, 8 checks at once, 6 join dials)
 * and 3 honest peers on 127.0.0.1. The attacker connects from other loopback IPs (127.0.0.2…,
 * standing for other machines) and proves addresses it really owns through claimant listeners.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/core/events';
import { NetworkHost } from '../../src/core/runtime/network';
import { PeerNode } from '../../src/core/peer/peerNode';
import { JoinError } from '../../src/core/peer/seedClient';
import type { SeedNode } from '../../src/core/seed/seedNode';
import { addrKey } from '../../src/core/protocol/addr';
import type { Token } from '../../src/core/protocol/proof';
import { seededRandom } from '../../src/core/random';
import type { Claimant } from '../helpers/claimant';
import { listenAsClaimant } from '../helpers/claimant';
import { frame } from '../helpers/rawClient';
import { freePort } from '../helpers/ports';
import { Attacker, expectCoverage, expectError, linesLogger, msg, ofType, randomHex, recordEvents, settled, tableOf } from '../helpers/attacker';

const LIMITS = { maxPeers: 20, maxRegistrationsPerIp: 6, maxPendingChecks: 8, maxJoinDials: 6, requestTimeoutMs: 2_000 };
const TIMING = { gossipIntervalMs: 50, gossipCount: 3, livenessIntervalMs: 60_000 };
const HONEST = 3;
const FLOOD = 500;

describe('registration flood (1 seed: maxPeers 20, 6 per IP)', () => {
  let net: NetworkHost;
  let events: NodeEvent[];
  let seed: SeedNode;
  let table: string[];
  const attacker = new Attacker();
  const claimants: Claimant[] = [];
  const tokens = new Map<string, Token>();
  const extra: PeerNode[] = [];

  /** Registers `n` addresses the attacker owns on `ip`, from `ip`; returns the answers. */
  async function registerOwned(ip: string, n: number): Promise<Array<Record<string, unknown>>> {
    const c = await attacker.connect(seed.addr.port, ip);
    const answers: Array<Record<string, unknown>> = [];
    for (let i = 0; i < n; i++) {
      const cl = await listenAsClaimant(ip);
      claimants.push(cl);
      const { token, answer } = await attacker.register(c, cl.addr);
      if (answer.type === 'registered') tokens.set(addrKey(cl.addr), token);
      answers.push(answer);
    }
    return answers;
  }

  beforeAll(async () => {
    net = new NetworkHost({ randomSeed: 31, timing: TIMING, limits: LIMITS });
    events = recordEvents(net);
    await net.addSeed();
    expect(await net.addPeers(HONEST, { autoGossip: false })).toHaveLength(HONEST);
    seed = net.seeds()[0]!;
    table = await settled(() => tableOf(seed));
  });

  afterAll(async () => {
    attacker.destroyAll();
    await Promise.all(claimants.map((c) => c.close()));
    await Promise.all(extra.map((p) => p.stop()));
    await net?.stopAll();
  });

  it(`${FLOOD} registrations of addresses nobody confirms, in one write: each answered unverified or busy, none listed`, async () => {
    const c = await attacker.connect(seed.addr.port, '127.0.0.2');
    const dead = await freePort(); // nothing listens on it, on any 127.x address
    const honest = net.peers();
    const rids: number[] = [];
    const frames: Buffer[] = [];
    for (let i = 0; i < FLOOD; i++) {
      const rid = attacker.nextRid();
      rids.push(rid);
      // mostly made-up addresses; every 50th an honest peer's own address, with a made-up proof
      const peer = i % 50 === 0 ? honest[(i / 50) % HONEST]!.addr : { host: `127.9.${i >> 7}.${(i & 127) + 1}`, port: dead };
      frames.push(frame(msg('register', { rid, peer, proof: randomHex() })));
    }
    await c.write(Buffer.concat(frames));
    const codes = new Map<string, number>();
    const answered = new Set<number>();
    for (let i = 0; i < FLOOD; i++) {
      const f = await c.nextFrame(10_000);
      expect(f.type, JSON.stringify(f)).toBe('error');
      const code = f.code as string;
      expect(['unverified', 'busy']).toContain(code);
      if (code === 'busy') expect(f.message).toMatch(/too many checks in progress \(limit 8\)/);
      else expect(f.message).toMatch(/registration of .* refused/);
      answered.add(f.rid as number);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect([...answered].sort((a, b) => a - b)).toEqual(rids);
    expect(codes.get('unverified') ?? 0).toBeGreaterThan(0);
    expect(c.isClosed).toBe(false);
    expect(tableOf(seed)).toEqual(table);
    expect(ofType(events, 'peer-registered').filter((e) => e.node === seed.id)).toHaveLength(HONEST);
  });

  it('proven registrations from one source IP stop at maxRegistrationsPerIp (busy, naming the bound); an honest joiner still joins and links', async () => {
    const answers = await registerOwned('127.0.0.2', LIMITS.maxRegistrationsPerIp + 1);
    expect(answers.slice(0, -1).every((a) => a.type === 'registered')).toBe(true);
    const last = answers.at(-1)!;
    expect(expectError(last, 'busy', last.rid as number)).toMatch(/maxRegistrationsPerIp/);
    expect(seed.peers()).toHaveLength(HONEST + LIMITS.maxRegistrationsPerIp);
    // the honest entries are untouched
    expect(tableOf(seed).slice(0, HONEST)).toEqual(table);
    // a joiner from 127.0.0.1 registers (its IP has room) and links to honest peers only: the
    // attacker's listeners confirm reach-checks but never accept a link
    const [joiner] = await net.addPeers(1, { autoGossip: false });
    expect(joiner).toBeDefined();
    const j = net.get(joiner!) as PeerNode;
    expect(j.degree).toBeGreaterThanOrEqual(1);
    const honestIds = new Set(net.peers().map((p) => p.id));
    for (const n of j.neighbours()) expect(honestIds.has(n)).toBe(true);
  });

  it('proven registrations up to maxPeers, then busy naming maxPeers; a joiner at the full seed fails with a JoinError that says so', async () => {
    const room = LIMITS.maxPeers - seed.peers().length;
    const ips = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
    let filled = 0;
    for (const ip of ips) {
      const n = Math.min(LIMITS.maxRegistrationsPerIp, room - filled);
      if (n <= 0) break;
      const answers = await registerOwned(ip, n);
      expect(answers.every((a) => a.type === 'registered'), JSON.stringify(answers)).toBe(true);
      filled += n;
    }
    expect(seed.peers()).toHaveLength(LIMITS.maxPeers);
    const over = await registerOwned('127.0.0.7', 1);
    expect(expectError(over[0]!, 'busy', over[0]!.rid as number)).toMatch(/this seed is full: it lists 20 peers \(maxPeers\)/);
    expect(seed.peers()).toHaveLength(LIMITS.maxPeers);

    const log = linesLogger();
    const late = new PeerNode({ host: '127.0.0.1', port: 0, seeds: [seed.addr], ...TIMING, limits: LIMITS, joinRetries: 0, logger: log });
    extra.push(late);
    const err = await late.start().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(JoinError);
    expect(err!.message).toMatch(/busy: this seed is full: it lists 20 peers \(maxPeers\)/);
    expect(log.lines.some((l) => /join failed: .*maxPeers/.test(l))).toBe(true);
    expect(seed.peers()).toHaveLength(LIMITS.maxPeers);
  });

  it('a joiner facing a list full of dead addresses dials at most maxJoinDials of them, and says so', async () => {
    // the attacker's listeners go away (their entries stay listed), and it frees one slot with its own token
    await Promise.all(claimants.map((c) => c.close()));
    const [key, token] = [...tokens][0]!;
    const [host, port] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
    const c = await attacker.connect(seed.addr.port, host);
    const rid = attacker.nextRid();
    expect(await c.request(msg('unregister', { rid, peer: { host, port }, token: token.token }))).toMatchObject({ type: 'ack', rid, detail: 'removed' });
    const candidates = seed.peers().length;

    const log = linesLogger();
    const late = new PeerNode({ host: '127.0.0.1', port: 0, seeds: [seed.addr], ...TIMING, limits: LIMITS, joinRetries: 0, logger: log, random: seededRandom(4), autoGossip: false });
    extra.push(late);
    await late.start();
    const failed = log.lines.filter((l) => l.startsWith('could not link to '));
    const linked = log.lines.filter((l) => l.startsWith('linked to neighbour '));
    expect(failed.length + linked.length).toBeLessThanOrEqual(LIMITS.maxJoinDials);
    expect(late.degree).toBe(linked.length);
    if (late.degree < late.timing.neighbours) {
      expect(log.lines.some((l) => l.includes(`(tried the first ${LIMITS.maxJoinDials} of ${candidates} candidates)`))).toBe(true);
    }
  });

  it('honest gossip reaches every honest peer (coverage 1.0)', async () => {
    const honest = net.peers();
    expect(honest).toHaveLength(HONEST + 1);
    net.startGossip();
    await expectCoverage(honest, events, honest.length * TIMING.gossipCount);
  });
});
