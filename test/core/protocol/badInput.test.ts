/**
 * Hostile and broken input at a real seed and a real peer over TCP: random bytes, oversize and
 * half frames, bad JSON and UTF-8, wrong types, versions and message types, silence, and 200
 * connections at once. Each must be answered with the right `error` frame, reported as a
 * `protocol-error` event, close the connection only when the stream cannot go on, and leave the
 * node serving with its state (peer list, neighbours, Message List) unchanged.
 *
 * The nodes run on a manual clock (test/helpers/manualClock.ts): a frame timeout fires when a
 * test advances the clock past it, never because the machine was slow to deliver a request.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/core/events';
import { NetworkHost } from '../../../src/core/runtime/network';
import { SeedNode } from '../../../src/core/seed/seedNode';
import type { PeerNode } from '../../../src/core/peer/peerNode';
import { MAX_FRAME_BYTES } from '../../../src/core/protocol/frame';
import { ERROR_CODES, messageSchemas } from '../../../src/core/protocol/messages';
import type { ErrorCode } from '../../../src/core/protocol/messages';
import type { Frame } from '../../helpers/rawClient';
import { RawClient, frame, lcgBytes, rawFrame } from '../../helpers/rawClient';
import { waitFor } from '../../helpers/waitFor';
import { ManualClock, advanceUntil, settle } from '../../helpers/manualClock';
import { messageId } from '../../../src/core/peer/messageList';

const FRAME_TIMEOUT_MS = 200;
const GOSSIP_COUNT = 2;
const PEERS = 3;

type ProtocolError = Extract<NodeEvent, { type: 'protocol-error' }>;

/** One node under attack and how to ask it something valid. */
interface Target {
  name: 'seed' | 'peer';
  node: () => SeedNode | PeerNode;
  /** A valid request this node answers, with request id `rid`. */
  valid: (rid: number) => Record<string, unknown>;
  /** Asserts `answer` is the right answer to `valid(rid)`. */
  checkValid: (answer: Frame, rid: number) => void;
}

const clock = new ManualClock();
let net: NetworkHost;
let seed: SeedNode;
let peer: PeerNode;
const errorsAt = new Map<string, ProtocolError[]>();
const clients = new Set<RawClient>();
let seedList: Frame;
let peerNeighbours: Frame;
let mlSizes: number[];

async function connect(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  clients.add(c);
  return c;
}

/** The `protocol-error` events `node` emitted for the connection of `client`. */
function errorsFor(node: SeedNode | PeerNode, client: RawClient): ProtocolError[] {
  return (errorsAt.get(node.id) ?? []).filter((e) => e.remote === client.remote);
}

/** Asserts `f` is a valid `error` frame with `code`, a message, and `rid` exactly when one is given. */
function expectError(f: Frame, code: ErrorCode, rid?: number): void {
  const parsed = messageSchemas.error.safeParse(f);
  expect(parsed.success, `not a valid error frame: ${JSON.stringify(f)}`).toBe(true);
  expect(f.code, JSON.stringify(f)).toBe(code);
  expect(typeof f.message === 'string' && f.message.length > 0).toBe(true);
  if (rid === undefined) expect(f).not.toHaveProperty('rid');
  else expect(f.rid).toBe(rid);
}

const seedTarget: Target = {
  name: 'seed',
  node: () => seed,
  valid: (rid) => ({ v: 2, type: 'get-peers', rid, offset: 0, limit: 200 }),
  checkValid: (answer, rid) => {
    expect(answer).toEqual({ ...seedList, rid });
  },
};

const peerTarget: Target = {
  name: 'peer',
  node: () => peer,
  valid: (rid) => ({ v: 2, type: 'liveness', rid, timestamp: 1_700_000_000_000 + rid, from: { host: '127.0.0.1', port: 9 } }),
  checkValid: (answer, rid) => {
    expect(answer).toEqual({ v: 2, type: 'liveness-reply', rid, timestamp: 1_700_000_000_000 + rid, from: peer.addr });
  },
};

/** Fresh connections still get the same peer list and neighbours; no Message List grew; all nodes run. */
async function expectUnchanged(): Promise<void> {
  const s = await connect(seed.addr.port);
  expect(await s.request({ v: 2, type: 'get-peers', rid: 900, offset: 0, limit: 200 })).toEqual({ ...seedList, rid: 900 });
  const p = await connect(peer.addr.port);
  expect(await p.request({ v: 2, type: 'neighbours-query', rid: 901, offset: 0 })).toEqual({ ...peerNeighbours, rid: 901 });
  s.destroy();
  p.destroy();
  expect(net.peers().map((x) => x.messageList.size)).toEqual(mlSizes);
  expect(net.peers()).toHaveLength(PEERS);
  expect(net.seeds()).toHaveLength(2);
}

/**
 * A non-fatal case: on a connection that already spoke validly, `bytes` must draw exactly the
 * `errors` (code, rid) in order, one `protocol-error` event each, and the connection must stay
 * open and keep answering.
 */
async function expectNonFatal(t: Target, bytes: Buffer, errors: Array<[ErrorCode, number?]>): Promise<void> {
  const node = t.node();
  const c = await connect(node.addr.port);
  t.checkValid(await c.request(t.valid(1)), 1);
  await c.write(bytes);
  for (const [code, rid] of errors) expectError(await c.nextFrame(), code, rid);
  await waitFor(() => errorsFor(node, c).length >= errors.length, { timeoutMs: 2_000, what: `${errors.length} protocol-error events` });
  expect(errorsFor(node, c).map((e) => e.code)).toEqual(errors.map(([code]) => code));
  for (const e of errorsFor(node, c)) expect(e.message.length).toBeGreaterThan(0);
  // still open, still serving, nothing else was sent
  t.checkValid(await c.request(t.valid(2)), 2);
  t.checkValid(await c.request(t.valid(3)), 3);
  expect(c.isClosed).toBe(false);
  expect(c.queued).toBe(0);
  expect(c.pendingBytes).toBe(0);
  expect(errorsFor(node, c)).toHaveLength(errors.length);
  await expectUnchanged();
}

/** Ids of the frame timers pending now (see {@link frameTimerSince}). */
function frameTimerIds(): Set<number> {
  return new Set(clock.timers().filter((t) => t.delay === FRAME_TIMEOUT_MS).map((t) => t.id));
}

/**
 * Waits (real time: the node must read the socket first) until the node has armed a frame timer
 * that was not pending in `before`, and returns its id.
 */
async function frameTimerSince(before: Set<number>): Promise<number> {
  let id: number | undefined;
  await waitFor(
    () => {
      id = [...frameTimerIds()].find((t) => !before.has(t));
      return id !== undefined;
    },
    { what: 'the node to arm its frame timer' },
  );
  return id!;
}

/**
 * Advances the clock to 1 ms before the frame timeout: the connection must still be open, with
 * nothing received; then the last millisecond, which must time it out.
 */
async function expireFrameTimer(c: RawClient, timer: number): Promise<void> {
  const armedAt = clock.timers().find((t) => t.id === timer)!.due - FRAME_TIMEOUT_MS;
  clock.advance(armedAt + FRAME_TIMEOUT_MS - 1 - clock.now());
  await settle();
  expect(c.isClosed, 'closed before the frame timeout').toBe(false);
  expect(c.queued, 'answered before the frame timeout').toBe(0);
  expect(clock.timers().some((t) => t.id === timer)).toBe(true);
  clock.advance(1);
  expect(clock.timers().some((t) => t.id === timer), 'the frame timer ran').toBe(false);
}

/** A fatal case: the node answers `code` (no rid), reports it, and closes the connection itself. */
async function expectFatal(node: SeedNode | PeerNode, c: RawClient, code: ErrorCode): Promise<Frame> {
  const f = await c.nextFrame(3_000);
  expectError(f, code);
  await c.closed(3_000);
  expect(c.remoteEnded, 'the node closed the connection').toBe(true);
  await waitFor(() => errorsFor(node, c).some((e) => e.code === code), { timeoutMs: 2_000, what: `a ${code} protocol-error event` });
  expect(c.queued).toBe(0);
  return f;
}

/** `n` frames of random bytes, 16–200 bytes each, from LCG `seed`. */
function randomFrames(seedValue: number, n: number): Buffer {
  const lengths = lcgBytes(seedValue, n);
  return Buffer.concat([...lengths].map((l, i) => rawFrame(lcgBytes(seedValue * 31 + i, 16 + (l % 185)))));
}

/** A frame of exactly `size` payload bytes carrying `obj` padded with an ignored field. */
function paddedFrame(obj: Record<string, unknown>, size: number): Buffer {
  const base = JSON.stringify({ ...obj, pad: '' });
  const payload = JSON.stringify({ ...obj, pad: 'x'.repeat(size - Buffer.byteLength(base)) });
  expect(Buffer.byteLength(payload)).toBe(size);
  return rawFrame(payload);
}

beforeAll(async () => {
  net = new NetworkHost({
    randomSeed: 5,
    clock,
    limits: { frameTimeoutMs: FRAME_TIMEOUT_MS },
    timing: { gossipIntervalMs: 30, gossipCount: GOSSIP_COUNT, livenessIntervalMs: 60_000 },
  });
  await net.addSeed();
  await net.addSeed();
  const ids = await net.addPeers(PEERS, { autoGossip: false });
  expect(ids).toHaveLength(PEERS);
  net.startGossip(); // every peer gossips once all are linked, so every message reaches every peer
  // the first message goes at once, the others one gossip interval apart on the manual clock
  await advanceUntil(clock, () => net.peers().every((p) => p.messageList.size === PEERS * GOSSIP_COUNT), { stepMs: 30, what: 'gossip to settle' });
  seed = net.seeds()[0]!;
  // the peer with the most neighbours, so the neighbour list is worth comparing
  peer = [...net.peers()].sort((a, b) => b.degree - a.degree)[0]!;
  expect(peer.degree).toBeGreaterThan(0);
  for (const n of [seed, peer]) {
    errorsAt.set(n.id, []);
    n.on((e) => {
      if (e.type === 'protocol-error') errorsAt.get(n.id)!.push(e);
    });
  }
  // let every gossip message reach every peer, and every degree reach the seeds: a quiet network
  await waitFor(() => seed.peers().every((e) => e.degree === (net.get(`${e.host}:${e.port}`) as PeerNode).degree), { what: 'degrees at the seed' });
  mlSizes = net.peers().map((p) => p.messageList.size);
  const s = await connect(seed.addr.port);
  seedList = await s.request({ v: 2, type: 'get-peers', rid: 0, offset: 0, limit: 200 });
  const p = await connect(peer.addr.port);
  peerNeighbours = await p.request({ v: 2, type: 'neighbours-query', rid: 0, offset: 0 });
  s.destroy();
  p.destroy();
  expect(seedList).toMatchObject({ type: 'peer-list', total: PEERS });
  expect((seedList.peers as unknown[]).length).toBe(PEERS);
  expect(peerNeighbours).toMatchObject({ type: 'neighbours', degree: peer.degree, total: peer.degree });
  delete seedList.rid;
  delete peerNeighbours.rid;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await net?.stopAll();
});

beforeEach(() => {
  for (const list of errorsAt.values()) list.length = 0;
});

afterEach(() => {
  for (const c of clients) c.destroy();
  clients.clear();
});

it('ERROR_CODES has every code these tests expect', () => {
  for (const code of ['bad-json', 'frame-too-large', 'bad-message', 'bad-version', 'unknown-type', 'unexpected-message', 'frame-timeout'])
    expect(ERROR_CODES).toContain(code);
});

for (const t of [seedTarget, peerTarget]) {
  describe(`bad input at a ${t.name}`, () => {
    const port = (): number => t.node().addr.port;
    const type = t.name === 'seed' ? 'get-peers' : 'liveness';

    it('answers frames of random bytes with bad-json, one each, and stays open', async () => {
      const bytes = randomFrames(t.name === 'seed' ? 17 : 23, 8);
      await expectNonFatal(t, bytes, Array.from({ length: 8 }, () => ['bad-json'] as [ErrorCode]));
    });

    it('answers raw random bytes (a random header over 64 KiB) with frame-too-large and closes', async () => {
      const bytes = lcgBytes(t.name === 'seed' ? 1234 : 4321, 1024);
      expect(bytes.readUInt32BE(0)).toBeGreaterThan(MAX_FRAME_BYTES); // the precondition of this case
      const c = await connect(port());
      await c.write(bytes);
      await expectFatal(t.node(), c, 'frame-too-large');
      await expectUnchanged();
    });

    it('answers a header declaring 64 KiB + 1 (no payload) with frame-too-large and closes', async () => {
      const c = await connect(port());
      t.checkValid(await c.request(t.valid(1)), 1);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
      await c.write(header);
      const f = await expectFatal(t.node(), c, 'frame-too-large');
      expect(f.message).toContain(String(MAX_FRAME_BYTES + 1));
      await expectUnchanged();
    });

    it('answers a header declaring 4 GiB - 1 with frame-too-large and closes', async () => {
      const c = await connect(port());
      await c.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7b]));
      await expectFatal(t.node(), c, 'frame-too-large');
      await expectUnchanged();
    });

    it('answers a frame that really sends more than 64 KiB with frame-too-large and closes', async () => {
      const c = await connect(port());
      await c.write(paddedFrame(t.valid(5), MAX_FRAME_BYTES + 1000));
      await expectFatal(t.node(), c, 'frame-too-large');
      await expectUnchanged();
    });

    it('takes a frame of exactly 64 KiB (unknown fields are ignored) and answers it', async () => {
      const c = await connect(port());
      await c.write(paddedFrame(t.valid(6), MAX_FRAME_BYTES));
      t.checkValid(await c.nextFrame(), 6);
      expect(errorsFor(t.node(), c)).toHaveLength(0);
      await expectUnchanged();
    });

    it('answers invalid JSON with bad-json (no rid can be read) and stays open', async () => {
      const bad = [`{"v":2,"type":"${type}","rid":7,`, '{v:1}', 'nul', '', '{"v":1}}', '\u0000'];
      await expectNonFatal(
        t,
        Buffer.concat(bad.map((s) => rawFrame(s))),
        bad.map(() => ['bad-json'] as [ErrorCode]),
      );
    });

    it('answers invalid UTF-8 with bad-json and stays open', async () => {
      const json = (bytes: number[]): Buffer =>
        rawFrame(Buffer.concat([Buffer.from(`{"v":2,"type":"${type}","rid":8,"x":"`), Buffer.from(bytes), Buffer.from('"}')]));
      const bad = [
        [0xc3, 0x28], // a lead byte without its continuation
        [0xff], // never valid in UTF-8
        [0xc0, 0xaf], // overlong '/'
        [0xed, 0xa0, 0x80], // a UTF-16 surrogate
        [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
        [0xe2, 0x82], // truncated sequence
      ];
      await expectNonFatal(
        t,
        Buffer.concat(bad.map(json)),
        bad.map(() => ['bad-json'] as [ErrorCode]),
      );
    });

    it('answers valid JSON that is not an object with bad-message and stays open', async () => {
      const bad = ['42', '"get-peers"', 'null', 'true', `[{"v":2,"type":"${type}","rid":9}]`, '[]'];
      await expectNonFatal(
        t,
        Buffer.concat(bad.map((s) => rawFrame(s))),
        bad.map(() => ['bad-message'] as [ErrorCode]),
      );
    });

    it('answers a wrong or missing protocol version with bad-version, echoing the rid', async () => {
      const { v: _v, rid: _rid, ...body } = t.valid(0);
      await expectNonFatal(
        t,
        Buffer.concat([frame({ v: 1, ...body, rid: 11 }), frame({ ...body, rid: 12 }), frame({ v: '1', ...body, rid: 13 }), frame({ v: 0, ...body })]),
        [['bad-version', 11], ['bad-version', 12], ['bad-version', 13], ['bad-version']],
      );
    });

    it('answers an unknown or missing message type with unknown-type, echoing the rid', async () => {
      await expectNonFatal(
        t,
        Buffer.concat([
          frame({ v: 2, type: 'frobnicate', rid: 14 }),
          frame({ v: 2, rid: 15 }),
          frame({ v: 2, type: 42, rid: 16 }),
          frame({ v: 2, type: '__proto__', rid: 17 }),
          frame({ v: 2, type: 'toString' }),
          frame({ v: 2, type: 'x'.repeat(5_000), rid: 18 }),
        ]),
        [['unknown-type', 14], ['unknown-type', 15], ['unknown-type', 16], ['unknown-type', 17], ['unknown-type'], ['unknown-type', 18]],
      );
    });

    it('answers a bad message first, then a valid one sent right behind it (the bad one does not close)', async () => {
      const c = await connect(port());
      await c.write(Buffer.concat([rawFrame('{oops'), frame(t.valid(21))]));
      expectError(await c.nextFrame(), 'bad-json');
      t.checkValid(await c.nextFrame(), 21);
      // the valid message was the first message: no frame timeout follows
      t.checkValid(await c.request(t.valid(22)), 22);
      expect(c.isClosed).toBe(false);
      expect(errorsFor(t.node(), c).map((e) => e.code)).toEqual(['bad-json']);
      await expectUnchanged();
    });

    it('does not count a bad message as the first message: frame-timeout follows, then close', async () => {
      const before = frameTimerIds();
      const c = await connect(port());
      await c.write(rawFrame('not json'));
      expectError(await c.nextFrame(), 'bad-json');
      // the timer armed at accept still runs, FRAME_TIMEOUT_MS from then
      await expireFrameTimer(c, await frameTimerSince(before));
      const f = await expectFatal(t.node(), c, 'frame-timeout');
      expect(f.message).toMatch(/no message/);
      expect(errorsFor(t.node(), c).map((e) => e.code)).toEqual(['bad-json', 'frame-timeout']);
      await expectUnchanged();
    });

    it('answers half a frame and then silence with frame-timeout and closes', async () => {
      const c = await connect(port());
      t.checkValid(await c.request(t.valid(1)), 1);
      const whole = frame(t.valid(2));
      const before = frameTimerIds();
      await c.write(whole.subarray(0, 10));
      await expireFrameTimer(c, await frameTimerSince(before));
      const f = await expectFatal(t.node(), c, 'frame-timeout');
      expect(f.message).toContain('incomplete frame (10 bytes)');
      await expectUnchanged();
    });

    it('answers half a header and then silence with frame-timeout and closes', async () => {
      const c = await connect(port());
      t.checkValid(await c.request(t.valid(1)), 1);
      const before = frameTimerIds();
      await c.write(Buffer.from([0x00, 0x00]));
      await expireFrameTimer(c, await frameTimerSince(before));
      const f = await expectFatal(t.node(), c, 'frame-timeout');
      expect(f.message).toContain('incomplete frame (2 bytes)');
      await expectUnchanged();
    });

    it('answers half a frame as the first thing sent with frame-timeout and closes', async () => {
      const before = frameTimerIds();
      const c = await connect(port());
      await c.write(frame(t.valid(3)).subarray(0, 7));
      const timer = await frameTimerSince(before);
      await settle(); // the 7 bytes are read
      await expireFrameTimer(c, timer);
      await expectFatal(t.node(), c, 'frame-timeout');
      await expectUnchanged();
    });

    it('times out a frame trickled in slower than the frame timeout, before it completes', async () => {
      const c = await connect(port());
      t.checkValid(await c.request(t.valid(1)), 1);
      const whole = frame(t.valid(2));
      // one byte every 40 ms of the clock: the whole frame would take seconds; the timer armed
      // by the first byte is not reset by progress, so it fires 200 ms after that byte
      const before = frameTimerIds();
      await c.write(whole.subarray(0, 1));
      let sent = 1;
      const timer = await frameTimerSince(before);
      let elapsed = 0;
      while (clock.timers().some((x) => x.id === timer) && sent < whole.length) {
        clock.advance(40);
        elapsed += 40;
        if (!clock.timers().some((x) => x.id === timer)) break;
        await c.write(whole.subarray(sent, sent + 1));
        sent++;
        await settle(); // the node reads the byte before the clock moves on
        expect([...frameTimerIds()].filter((x) => !before.has(x)), 'progress does not re-arm the frame timer').toEqual([timer]);
      }
      expect(elapsed).toBe(FRAME_TIMEOUT_MS);
      expect(sent).toBeLessThan(whole.length);
      const f = await expectFatal(t.node(), c, 'frame-timeout');
      expect(f.message).toMatch(/incomplete frame \(\d+ bytes\)/);
      await expectUnchanged();
    });

    it('answers a connection that sends nothing with frame-timeout and closes', async () => {
      const before = frameTimerIds();
      const c = await connect(port());
      await expireFrameTimer(c, await frameTimerSince(before));
      const f = await expectFatal(t.node(), c, 'frame-timeout');
      expect(f.message).toMatch(/no message/);
      await expectUnchanged();
    });
  });
}

describe('wrong types and unexpected messages at the seed', () => {
  const addr = { host: '127.0.0.1', port: 4000 };

  it('answers right syntax with wrong types with bad-message, echoing the rid, and registers nothing', async () => {
    await expectNonFatal(
      seedTarget,
      Buffer.concat([
        frame({ v: 2, type: 'register', rid: 31, peer: { host: '127.0.0.1', port: 'x' } }),
        frame({ v: 2, type: 'register', rid: 32, peer: { host: 12, port: 4000 } }),
        frame({ v: 2, type: 'register', rid: 33, peer: { host: '127.0.0.1', port: 70_000 } }),
        frame({ v: 2, type: 'register', rid: 34, peer: { host: 'not a host!', port: 4000 } }),
        frame({ v: 2, type: 'register', rid: 35 }),
        frame({ v: 2, type: 'degree', rid: 36, peer: addr, degree: -1 }),
        frame({ v: 2, type: 'degree', rid: 37, peer: addr, degree: 1.5 }),
        frame({ v: 2, type: 'get-peers', rid: 38, offset: 0, limit: 0 }),
        frame({ v: 2, type: 'get-peers', rid: 39, offset: -1, limit: 10 }),
        frame({ v: 2, type: 'dead-node', rid: 40, dead: addr, timestamp: -5, reporter: addr }),
        frame({ v: 2, type: 'unregister', rid: 41, peer: [addr] }),
        // an unusable rid cannot be echoed
        frame({ v: 2, type: 'get-peers', rid: 'x', offset: 0, limit: 10 }),
        frame({ v: 2, type: 'get-peers', rid: -3, offset: 0, limit: 10 }),
      ]),
      [
        ['bad-message', 31],
        ['bad-message', 32],
        ['bad-message', 33],
        ['bad-message', 34],
        ['bad-message', 35],
        ['bad-message', 36],
        ['bad-message', 37],
        ['bad-message', 38],
        ['bad-message', 39],
        ['bad-message', 40],
        ['bad-message', 41],
        ['bad-message'],
        ['bad-message'],
      ],
    );
    expect(seed.peers()).toHaveLength(PEERS);
  });

  it('answers messages a seed does not take with unexpected-message, echoing the rid', async () => {
    await expectNonFatal(
      seedTarget,
      Buffer.concat([
        frame({ v: 2, type: 'gossip', id: messageId('hello'), text: 'hello', origin: addr, seq: 1, createdAt: 1, hops: 0 }),
        frame({ v: 2, type: 'liveness', rid: 51, timestamp: 1, from: addr }),
        frame({ v: 2, type: 'neighbours-query', rid: 52, offset: 0 }),
        frame({ v: 2, type: 'peer-hello', rid: 53, from: addr, proof: 'a'.repeat(64) }),
        frame({ v: 2, type: 'ack', rid: 54 }),
      ]),
      [['unexpected-message'], ['unexpected-message', 51], ['unexpected-message', 52], ['unexpected-message', 53], ['unexpected-message', 54]],
    );
  });
});

describe('wrong types and unexpected messages at the peer', () => {
  const addr = { host: '127.0.0.1', port: 4000 };

  it('answers right syntax with wrong types with bad-message, echoing the rid', async () => {
    await expectNonFatal(
      peerTarget,
      Buffer.concat([
        frame({ v: 2, type: 'liveness', rid: 61, timestamp: 'now', from: addr }),
        frame({ v: 2, type: 'liveness', rid: 62, timestamp: 1, from: { host: '127.0.0.1', port: 0 } }),
        frame({ v: 2, type: 'neighbours-query', rid: 63, offset: -1 }),
        frame({ v: 2, type: 'peer-hello', rid: 64, from: { host: 12, port: 4000 } }),
        frame({ v: 2, type: 'gossip', id: messageId('x'), text: 'x', origin: addr, seq: 1, createdAt: 1, hops: -1 }),
        frame({ v: 2, type: 'gossip', id: messageId(''), text: '', origin: addr, seq: 1, createdAt: 1, hops: 0 }),
        frame({ v: 2, type: 'gossip', id: messageId('y'.repeat(1025)), text: 'y'.repeat(1025), origin: addr, seq: 1, createdAt: 1, hops: 0 }),
      ]),
      [['bad-message', 61], ['bad-message', 62], ['bad-message', 63], ['bad-message', 64], ['bad-message'], ['bad-message'], ['bad-message']],
    );
  });

  it('answers messages a peer does not take (register, get-peers, gossip off a link, …) with unexpected-message', async () => {
    await expectNonFatal(
      peerTarget,
      Buffer.concat([
        frame({ v: 2, type: 'register', rid: 71, peer: addr, proof: 'a'.repeat(64) }),
        frame({ v: 2, type: 'get-peers', rid: 72, offset: 0, limit: 10 }),
        frame({ v: 2, type: 'dead-node', rid: 73, dead: addr, timestamp: 1, reporter: addr, token: 'a'.repeat(64) }),
        // gossip from a stranger must not enter the Message List (expectUnchanged checks its size)
        frame({ v: 2, type: 'gossip', id: messageId('forged'), text: 'forged', origin: addr, seq: 1, createdAt: 1, hops: 0 }),
        frame({ v: 2, type: 'registered', rid: 74, seed: addr, peers: 1 }),
      ]),
      [['unexpected-message', 71], ['unexpected-message', 72], ['unexpected-message', 73], ['unexpected-message'], ['unexpected-message', 74]],
    );
  });
});

describe('200 connections at once', () => {
  const N = 200;

  it('the seed answers 200 simultaneous get-peers, each correctly, and is unchanged', async () => {
    // each connection sends its request as soon as it is up (the first-message timer runs from accept);
    // all stay open until every answer is in
    const conns: RawClient[] = [];
    const answers = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const c = await connect(seed.addr.port);
        conns.push(c);
        return c.request(seedTarget.valid(i + 1), 10_000);
      }),
    );
    expect(conns).toHaveLength(N);
    answers.forEach((a, i) => seedTarget.checkValid(a, i + 1));
    expect(conns.filter((c) => c.isClosed)).toHaveLength(0);
    expect(errorsAt.get(seed.id)).toHaveLength(0);
    for (const c of conns) c.destroy();
    await expectUnchanged();
  });

  it('the peer answers 200 simultaneous liveness requests, each correctly, and is unchanged', async () => {
    // each connection sends its request as soon as it is up (the first-message timer runs from accept);
    // all stay open until every answer is in
    const conns: RawClient[] = [];
    const answers = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const c = await connect(peer.addr.port);
        conns.push(c);
        return c.request(peerTarget.valid(i + 1), 10_000);
      }),
    );
    expect(conns).toHaveLength(N);
    answers.forEach((a, i) => peerTarget.checkValid(a, i + 1));
    expect(conns.filter((c) => c.isClosed)).toHaveLength(0);
    expect(errorsAt.get(peer.id)).toHaveLength(0);
    for (const c of conns) c.destroy();
    expect(peer.degree).toBe(peerNeighbours.degree);
    await expectUnchanged();
  });
});

describe('connection limit', () => {
  let lone: SeedNode | undefined;
  afterEach(async () => {
    await lone?.stop();
    lone = undefined;
  });

  it('a seed over maxConnections answers busy and closes the extra one; the others keep working', async () => {
    lone = new SeedNode({ host: '127.0.0.1', port: 0, clock, limits: { maxConnections: 5, frameTimeoutMs: 5_000 } });
    const { port } = await lone.start();
    const get = (rid: number) => ({ v: 2, type: 'get-peers', rid, offset: 0, limit: 10 });
    const conns: RawClient[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await connect(port);
      expect(await c.request(get(i + 1))).toMatchObject({ type: 'peer-list', rid: i + 1, total: 0, peers: [] });
      conns.push(c);
    }
    const extra = await connect(port);
    expectError(await extra.nextFrame(), 'busy');
    await extra.closed();
    // a slot frees when a connection goes
    conns[0]!.destroy();
    await waitFor(
      async () => {
        const c = await connect(port);
        const f = await c.request(get(99));
        c.destroy();
        return f.type === 'peer-list';
      },
      { timeoutMs: 5_000, intervalMs: 50, what: 'a free connection slot' },
    );
    for (const c of conns.slice(1)) expect(await c.request(get(50))).toMatchObject({ type: 'peer-list', rid: 50 });
  });
});
