/**
 * A hostile remote seed against the observer: it lists 200 addresses that never answer (each a
 * real loopback listener that counts the connections it accepts and slams them shut), answers
 * with frames nested too deep, oversize frames, garbage and lying page counts, and lists a peer
 * that names neighbours no seed lists. The observer must not crash, must dial each failed address
 * only a few times (backoff) and few addresses a second (dial budget), must never dial what only a
 * peer names, must track at most `maxRemotePeers`, and must still draw an honest remote network
 * (a real seed and peers in a NetworkHost) correctly next to the hostile one.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../src/core/runtime/network';
import type { RemoteView } from '../../src/core/runtime/observer';
import { OBSERVER_BOUNDS, RemoteObserver } from '../../src/core/runtime/observer';
import { FrameDecoder } from '../../src/core/protocol/frame';
import { PROTOCOL_VERSION } from '../../src/core/protocol/messages';
import { parseAddr } from '../../src/core/protocol/addr';
import { frame, rawFrame } from '../helpers/rawClient';
import { freePorts } from '../helpers/ports';
import { waitFor } from '../helpers/waitFor';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Msg = Record<string, unknown>;
type Addr = { host: string; port: number };

/** A raw listener; `onMessage` answers each decoded frame by writing bytes to the socket. */
async function rawNode(onMessage: (m: Msg, socket: net.Socket) => void): Promise<{ addr: Addr; accepts: () => number }> {
  let accepts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    accepts++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const payload of decoder.push(chunk)) onMessage(JSON.parse(payload.toString('utf8')) as Msg, socket);
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { addr: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, accepts: () => accepts };
}

/** `n` listeners that accept a connection, count it, and close it at once (a node that never answers). */
async function slammers(n: number): Promise<Array<{ addr: Addr; accepts: () => number }>> {
  const out = [];
  for (let i = 0; i < n; i++) {
    let accepts = 0;
    const server = net.createServer((s) => {
      accepts++;
      s.on('error', () => {});
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    out.push({ addr: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, accepts: () => accepts });
  }
  return out;
}

/** A seed that answers `get-peers` with `list` (one page of at most 200 entries per request). */
function listingSeed(self: () => Addr, list: Addr[]): (m: Msg, s: net.Socket) => void {
  return (m, s) => {
    if (m.type !== 'get-peers') return;
    const offset = m.offset as number;
    const peers = list.slice(offset, offset + 200).map((a) => ({ ...a, degree: 1 }));
    s.write(frame({ v: PROTOCOL_VERSION, type: 'peer-list', rid: m.rid, seed: self(), offset, total: list.length, peers }));
  };
}

function observe(opts: Partial<ConstructorParameters<typeof RemoteObserver>[0]> = {}): { observer: RemoteObserver; views: RemoteView[]; last: () => RemoteView | undefined } {
  const views: RemoteView[] = [];
  const observer = new RemoteObserver({ onView: (v) => views.push(v), isLocal: () => false, intervalMs: 50, timeoutMs: 1000, ...opts });
  cleanups.push(() => observer.close());
  return { observer, views, last: () => views.at(-1) };
}

/** Most dials one address can get in `elapsedMs` under a backoff of 1 s doubling: 1 + ⌊log2(1 + s)⌋, plus one of slack. */
function backoffBound(elapsedMs: number): number {
  return 2 + Math.floor(Math.log2(1 + elapsedMs / OBSERVER_BOUNDS.backoffMinMs));
}

describe('observer against a hostile remote seed', () => {
  it('dials 200 listed addresses that never answer only a bounded number of times each', async () => {
    const bad = await slammers(200);
    let seedAddr: Addr = { host: '127.0.0.1', port: 1 };
    const seed = await rawNode(listingSeed(() => seedAddr, bad.map((b) => b.addr)));
    seedAddr = seed.addr;
    const { observer, views } = observe();
    const started = Date.now();
    observer.add(seed.addr);
    await waitFor(() => views.length >= 30, { timeoutMs: 20_000, what: '30 observation rounds' });
    observer.close();
    const elapsed = Date.now() - started;
    const counts = bad.map((b) => b.accepts());
    const total = counts.reduce((a, b) => a + b, 0);
    // before the fix: every address dialled every round (30 × 200 = 6000 dials)
    expect(Math.max(...counts)).toBeLessThanOrEqual(backoffBound(elapsed));
    expect(total).toBeLessThanOrEqual(OBSERVER_BOUNDS.maxDialsPerSecond * (elapsed / 1000 + 1) + OBSERVER_BOUNDS.maxDialsPerRound);
    expect(total).toBeGreaterThan(0); // it did try them
    expect(seed.accepts()).toBe(1); // the seed's connection is reused round after round
    // every round still listed every address and reported the failures it knows of
    const v = views.at(-1)!;
    expect(v.seeds).toEqual([expect.objectContaining({ id: `127.0.0.1:${seed.addr.port}`, ok: true })]);
    expect(v.seeds[0]!.ok && v.seeds[0]!.peers).toHaveLength(200);
    for (const p of v.peers) expect(p.ok).toBe(false);
    expect(observer.stats().backedOff).toBeGreaterThan(0);
  });

  it('counts dials to closed ports in its own stats and keeps them within the budget', async () => {
    const ports = await freePorts(200);
    let seedAddr: Addr = { host: '127.0.0.1', port: 1 };
    const seed = await rawNode(listingSeed(() => seedAddr, ports.map((port) => ({ host: '127.0.0.1', port }))));
    seedAddr = seed.addr;
    const { observer } = observe({ intervalMs: 60_000 });
    observer.add(seed.addr);
    const started = Date.now();
    for (let i = 0; i < 3; i++) await observer.refresh();
    const elapsed = Date.now() - started;
    const s = observer.stats();
    // one dial for the seed, then at most the per-round and per-second budget for the peers
    expect(s.dials - 1).toBeLessThanOrEqual(Math.min(3 * OBSERVER_BOUNDS.maxDialsPerRound, OBSERVER_BOUNDS.maxDialsPerSecond * (elapsed / 1000 + 1)));
    expect(s.deferred).toBeGreaterThan(0);
  });

  it('tracks at most maxRemotePeers of a long list', async () => {
    const ports = await freePorts(300);
    let seedAddr: Addr = { host: '127.0.0.1', port: 1 };
    const seed = await rawNode(listingSeed(() => seedAddr, ports.map((port) => ({ host: '127.0.0.1', port }))));
    seedAddr = seed.addr;
    const { observer } = observe({ intervalMs: 60_000, maxRemotePeers: 50 });
    observer.add(seed.addr);
    const v = (await observer.refresh())!;
    expect(v.seeds[0]!.ok && v.seeds[0]!.peers).toHaveLength(50);
    expect(v.peers.length).toBeLessThanOrEqual(50);
  });

  it('survives deep, oversize, garbage and lying answers, and reports each seed as failing', async () => {
    const self = { host: '127.0.0.1', port: 1 };
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const answers: Array<(m: Msg) => Buffer> = [
      () => rawFrame(`{"v":2,"type":"peer-list","rid":0,"x":${deep}}`),
      (m) => rawFrame(`{"v":2,"type":"peer-list","rid":${String(m.rid)},"seed":${deep}}`),
      () => Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), // a header declaring 4 GiB
      (m) => rawFrame(Buffer.concat([Buffer.from(`{"v":2,"rid":${String(m.rid)},"type":"peer-list"`), Buffer.from([0xc3, 0x28])])),
      (m) => frame({ v: 2, type: 'peer-list', rid: m.rid, seed: self, offset: 0, total: 1e12, peers: [] }),
      (m) => frame({ v: 2, type: 'peer-list', rid: m.rid, seed: self, offset: 77, total: 100, peers: [] }),
      (m) => frame({ v: 2, type: 'neighbours', rid: m.rid, peer: self, degree: 0, offset: 0, total: 0, neighbours: [], seeds: [] }),
      (m) => frame({ v: 2, type: 'peer-list', rid: m.rid, seed: self, offset: 0, total: 1, peers: [{ host: 'x'.repeat(300), port: 0, degree: -1 }] }),
      (m) => frame({ v: 2, type: 'peer-list', rid: m.rid, seed: self, offset: 0, total: 1, peers: [{ ['__proto__']: { polluted: true }, host: '127.0.0.1', port: 9, degree: 0 }] }),
    ];
    const seeds = await Promise.all(answers.map((answer) => rawNode((m, s) => void s.write(answer(m)))));
    const { observer } = observe({ intervalMs: 60_000 });
    for (const s of seeds) observer.add(s.addr);
    for (let i = 0; i < 3; i++) {
      const v = (await observer.refresh())!;
      expect(v.seeds).toHaveLength(answers.length);
      // the last (a __proto__ key in an entry) is a valid list: JSON keys are data, not prototypes
      for (const s of v.seeds.slice(0, -1)) expect(s.ok, JSON.stringify(s).slice(0, 200)).toBe(false);
      for (const s of v.seeds.slice(0, -1)) if (!s.ok) expect(s.error).toMatch(/^remote seed 127\.0\.0\.1:\d+ does not answer: /);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never dials the neighbours a remote peer names when no seed lists them', async () => {
    const named = await slammers(20);
    const self = { host: '127.0.0.1', port: 1 };
    const peer = await rawNode((m, s) => {
      if (m.type !== 'neighbours-query') return;
      s.write(frame({ v: 2, type: 'neighbours', rid: m.rid, peer: self, degree: 20, offset: 0, total: 20, neighbours: named.map((n) => n.addr), seeds: named.map((n) => n.addr) }));
    });
    let seedAddr: Addr = self;
    const seed = await rawNode(listingSeed(() => seedAddr, [peer.addr]));
    seedAddr = seed.addr;
    const { observer, views } = observe();
    observer.add(seed.addr);
    await waitFor(() => views.filter((v) => v.peers.some((p) => p.ok)).length >= 5, { timeoutMs: 10_000, what: '5 rounds with the peer answering' });
    const answered = views.at(-1)!.peers.find((p) => p.ok);
    expect(answered?.ok && answered.answer.neighbours).toHaveLength(20);
    for (const n of named) expect(n.accepts()).toBe(0);
    expect(peer.accepts()).toBe(1);
  });
});

describe('observer next to a hostile seed', () => {
  it('still draws an honest remote network correctly', async () => {
    const elsewhere = new NetworkHost({ randomSeed: 41, timing: { gossipCount: 0 } });
    cleanups.push(() => elsewhere.stopAll());
    const honestSeed = await elsewhere.addSeed();
    await elsewhere.addPeers(5, { autoGossip: false });
    const bad = await slammers(200);
    let seedAddr: Addr = { host: '127.0.0.1', port: 1 };
    const hostile = await rawNode(listingSeed(() => seedAddr, bad.map((b) => b.addr)));
    seedAddr = hostile.addr;
    const { observer, last } = observe();
    observer.add(hostile.addr); // first: its 200 names come before the honest peers
    observer.add(parseAddr(honestSeed));
    const honest = (): boolean => {
      const v = last();
      if (!v) return false;
      const list = v.seeds.find((s) => s.id === honestSeed);
      if (!list?.ok || list.peers.length !== elsewhere.peers().length) return false;
      return elsewhere.peers().every((p) => {
        const r = v.peers.find((x) => x.id === p.id);
        return r?.ok === true && [...r.answer.neighbours].sort().join() === [...p.neighbours()].sort().join();
      });
    };
    await waitFor(honest, { timeoutMs: 25_000, intervalMs: 50, what: 'the honest network in the view' });
    const v = last()!;
    expect(v.seeds.find((s) => s.id === `127.0.0.1:${hostile.addr.port}`)?.ok).toBe(true);
  }, 40_000);
});
