/**
 * Property-based fuzzing (fast-check) of everything that reads untrusted bytes: a real seed and a
 * real peer over raw TCP, the codec (`decodeMessage`), the framing (`FrameDecoder`), and the web
 * harness's WebSocket bridge. Frames are random bytes, random JSON (deep, huge numbers, unicode,
 * `__proto__` keys), protocol-shaped messages of every type with fields drawn from pools of valid
 * and invalid values (real node addresses included: a claim about them cannot pass the
 * reach-check), and valid messages with a deep value in one field. After every batch the node must
 * run, answer a valid request correctly on a fresh connection, have sent only valid frames, and
 * keep its state: the seed's peer list, the peer's neighbours, every Message List.
 *
 * Runs are seeded (FUZZ_SEED, default below); a failure prints the seed and the shrunk
 * counterexample, and `FUZZ_SEED=<seed>` replays it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NetworkHost } from '../../src/core/runtime/network';
import type { PeerNode } from '../../src/core/peer/peerNode';
import type { SeedNode } from '../../src/core/seed/seedNode';
import { decodeMessage, encodeMessage } from '../../src/core/protocol/codec';
import { FrameDecoder, FrameTooLargeError, MAX_FRAME_BYTES, encodeFrame } from '../../src/core/protocol/frame';
import { ERROR_CODES, isMessageType, messageSchemas } from '../../src/core/protocol/messages';
import type { Outgoing } from '../../src/core/protocol/messages';
import { startWebServer } from '../../src/web/server';
import type { WebServer } from '../../src/web/server';
import { listenAsClaimant } from '../helpers/claimant';
import type { Claimant } from '../helpers/claimant';
import { freePorts } from '../helpers/ports';
import type { Frame } from '../helpers/rawClient';
import { RawClient, rawFrame } from '../helpers/rawClient';
import { waitFor } from '../helpers/waitFor';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_409);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const params = (numRuns = RUNS): fc.Parameters<unknown> => ({ seed: SEED, numRuns, endOnFailure: true });
/** A rid the generators never draw: the answer to our own sync request is recognised by it. */
const SYNC_RID = 2 ** 31 - 7;
const TYPES = Object.keys(messageSchemas) as Array<keyof typeof messageSchemas>;

let net: NetworkHost;
let seed: SeedNode;
let peer: PeerNode;
let refusing: Claimant;
let closedPorts: number[];
let seedList: Frame;
let peerNeighbours: Frame;
let mlSizes: number[];

beforeAll(async () => {
  net = new NetworkHost({ randomSeed: 9, limits: { frameTimeoutMs: 300 }, timing: { gossipIntervalMs: 30, gossipCount: 1, livenessIntervalMs: 60_000 } });
  await net.addSeed();
  await net.addSeed();
  await net.addPeers(3, { autoGossip: false });
  net.startGossip();
  seed = net.seeds()[0]!;
  peer = [...net.peers()].sort((a, b) => b.degree - a.degree)[0]!;
  refusing = await listenAsClaimant('127.0.0.1', () => false);
  closedPorts = await freePorts(3);
  await waitFor(() => net.peers().every((p) => p.messageList.size === 3), { what: 'gossip to settle' });
  await waitFor(() => seed.peers().every((e) => e.degree === (net.get(`${e.host}:${e.port}`) as PeerNode).degree), { what: 'degrees at the seed' });
  mlSizes = net.peers().map((p) => p.messageList.size);
  seedList = await ask(seed.addr.port, { v: 2, type: 'get-peers', rid: 0, offset: 0, limit: 200 });
  peerNeighbours = await ask(peer.addr.port, { v: 2, type: 'neighbours-query', rid: 0, offset: 0 });
  expect(peerNeighbours.total).toBeGreaterThan(0);
});

afterAll(async () => {
  await refusing?.close();
  await net?.stopAll();
});

async function ask(port: number, request: Record<string, unknown>): Promise<Frame> {
  const c = await RawClient.connect(port);
  try {
    return await c.request(request, 5_000);
  } finally {
    c.destroy();
  }
}

/** Asserts a fresh connection gets the same answers as before, every Message List kept its size, every node runs. */
async function expectUnchanged(): Promise<void> {
  expect(await ask(seed.addr.port, { v: 2, type: 'get-peers', rid: 5, offset: 0, limit: 200 })).toEqual({ ...seedList, rid: 5 });
  expect(await ask(peer.addr.port, { v: 2, type: 'neighbours-query', rid: 6, offset: 0 })).toEqual({ ...peerNeighbours, rid: 6 });
  expect(net.peers().map((p) => p.messageList.size)).toEqual(mlSizes);
  expect(net.seeds()).toHaveLength(2);
  expect(net.peers()).toHaveLength(3);
}

/** Every frame a node sends must be a valid protocol message. */
function expectValidFrame(f: Frame): void {
  const type = f.type;
  expect(isMessageType(type), JSON.stringify(f).slice(0, 300)).toBe(true);
  expect(messageSchemas[type as keyof typeof messageSchemas].safeParse(f).success, JSON.stringify(f).slice(0, 300)).toBe(true);
}

/**
 * Writes `payloads` as frames to the node at `port`, then a valid request, and reads until its
 * answer arrives or the node closes the connection; then checks the node's state on fresh connections.
 */
async function attack(node: SeedNode | PeerNode, payloads: Array<Buffer | string>): Promise<void> {
  const c = await RawClient.connect(node.addr.port);
  try {
    await c.write(Buffer.concat(payloads.map((p) => rawFrame(p))));
    const sync = node === seed ? { v: 2, type: 'get-peers', rid: SYNC_RID, offset: 0, limit: 1 } : { v: 2, type: 'neighbours-query', rid: SYNC_RID, offset: 0 };
    await c.send(sync);
    for (;;) {
      let f: Frame;
      try {
        f = await c.nextFrame(8_000);
      } catch (e) {
        if (c.isClosed) break; // the node may close a connection that broke the protocol
        throw e;
      }
      expectValidFrame(f);
      if (f.rid === SYNC_RID && f.type !== 'error') break;
    }
  } finally {
    c.destroy();
  }
  await expectUnchanged();
}

// ---- value pools -------------------------------------------------------------------------------

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 20 }), fc.double(), fc.constant([]), fc.constant({}));
/** Mostly `valid`, sometimes `invalid`. */
const mostly = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ weight: 7, arbitrary: valid }, { weight: 1, arbitrary: invalid });
/** Addresses that cannot confirm a claim: closed ports, a listener that refuses, the nodes themselves. */
const addrArb = (): fc.Arbitrary<unknown> =>
  mostly(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...closedPorts, refusing.addr.port, ...net.seeds().map((s) => s.addr.port), ...net.peers().map((p) => p.addr.port)).map((port) => ({ host: '127.0.0.1', port })) },
      { weight: 1, arbitrary: fc.constantFrom(...closedPorts).map((port) => ({ host: 'localhost', port })) },
    ),
    fc.oneof(fc.record({ host: fc.constantFrom('', 'x'.repeat(300), '1.2.3.4.5', '\u0000', '127.0.0.1'), port: fc.constantFrom(0, -1, 65536, 1.5, 1e300, '80') }), junk),
  );
const ridArb = mostly(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, 1.5, 2 ** 31, '1', null, 2 ** 31 - 1));
const badNum = fc.oneof(fc.constantFrom(-1, 2 ** 31, 2 ** 53, 1e308, 0.5, -0), fc.double());
const countArb = mostly(fc.integer({ min: 0, max: 300 }), badNum);
const timeArb = mostly(fc.integer({ min: -60_000, max: 60_000 }).map((d) => Date.now() + d), badNum);
const strArb = mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })), fc.constantFrom('', '\u0000', 'x'.repeat(1025), '\ud800', 7));
const arrArb = (): fc.Arbitrary<unknown> =>
  mostly(
    fc.array(addrArb().map((a) => (typeof a === 'object' && a !== null ? { ...a, degree: 1 } : a)), { maxLength: 5 }),
    fc.oneof(fc.constant(Array.from({ length: 201 }, (_, i) => ({ host: '127.0.0.1', port: i + 1, degree: 0 }))), fc.array(junk, { maxLength: 3 })),
  );

/** A value pool for a field, by its name. */
function fieldArb(key: string): fc.Arbitrary<unknown> {
  if (key === 'v') return mostly(fc.constant(2), fc.constantFrom(1, 3, '2', null));
  if (key === 'rid') return ridArb;
  if (['peer', 'dead', 'reporter', 'seed', 'from', 'verifier', 'origin'].includes(key)) return addrArb();
  if (['proof', 'token', 'id'].includes(key)) return mostly(hex64, fc.constantFrom('A'.repeat(64), 'a'.repeat(63), 'zz'));
  if (['text', 'reason', 'detail', 'message'].includes(key)) return strArb;
  if (['peers', 'neighbours', 'seeds'].includes(key)) return arrArb();
  if (key === 'code') return mostly(fc.constantFrom(...ERROR_CODES), fc.string({ maxLength: 10 }));
  if (key === 'limit') return mostly(fc.integer({ min: 1, max: 200 }), badNum);
  if (['timestamp', 'createdAt'].includes(key)) return timeArb;
  return countArb;
}

/**
 * `{v: 2, type, …}`: every field of the type's schema from its pool, sometimes one missing,
 * sometimes extra keys or a `__proto__` key first.
 */
const structured = (types: readonly string[] = TYPES): fc.Arbitrary<string> =>
  fc.constantFrom(...types).chain((type) => {
    const keys = Object.keys((messageSchemas[type as keyof typeof messageSchemas] as unknown as { shape: Record<string, unknown> }).shape).filter((k) => k !== 'type');
    const fields = Object.fromEntries(keys.map((k) => [k, fieldArb(k)]));
    const extra = fc.dictionary(fc.constantFrom('x', 'constructor', 'prototype', 'toString', 'rid2'), junk, { maxKeys: 2 });
    return fc.tuple(fc.record(fields), fc.nat(4 * keys.length), fc.boolean(), fc.nat(5), extra).map(([obj, drop, fixId, flags, more]) => {
      const m: Record<string, unknown> = { ...(flags === 1 ? more : {}), ...obj, type };
      if (drop < keys.length) delete m[keys[drop]!];
      // a gossip whose id really is the SHA-256 of its text: only a link may deliver it
      if (type === 'gossip' && fixId && typeof m.text === 'string') m.id = createHash('sha256').update(m.text).digest('hex');
      const json = JSON.stringify(m);
      return flags === 0 ? `{"__proto__":{"polluted":true},${json.slice(1)}` : json;
    });
  });

/** A JSON text nested `depth` deep, of arrays or objects. */
const nested = fc.tuple(fc.integer({ min: 9, max: 3000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** A structured message with one field replaced by a deeply nested value. */
const deepField = fc.tuple(structured(), nested).map(([json, deep]) => {
  const m = JSON.parse(json) as Record<string, unknown>;
  const keys = Object.keys(m);
  const key = keys[json.length % Math.max(1, keys.length)] ?? 'x';
  return JSON.stringify({ ...m, [key]: '\u0001DEEP\u0001' }).replace('"\\u0001DEEP\\u0001"', deep);
});

const randomJson = fc.oneof(
  fc.json({ depthSize: 'large', maxDepth: 12 }),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify({ v: 2, type: 'get-peers', ...((typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { x: v }) as object) })),
  fc.constantFrom('1e999999', '-0', '{"v":2e308}', '{"__proto__":{"v":2},"type":"get-peers"}', '{"constructor":{"prototype":{"x":1}}}', '"\\ud800"'),
);

const randomBytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
const batch = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(arb, { minLength: 1, maxLength: 6 });

// ---- nodes over TCP ----------------------------------------------------------------------------

for (const target of ['seed', 'peer'] as const) {
  describe(`fuzzing a real ${target} over TCP`, () => {
    const node = (): SeedNode | PeerNode => (target === 'seed' ? seed : peer);
    it('(a) survives frames of random bytes', async () => {
      await fc.assert(fc.asyncProperty(batch(randomBytes), (payloads) => attack(node(), payloads)), params());
    });
    it('(b) survives random JSON: deep, huge numbers, unicode, __proto__ keys', async () => {
      await fc.assert(fc.asyncProperty(batch(randomJson), (payloads) => attack(node(), payloads)), params());
    });
    it('(c) survives protocol-shaped frames of every type, keeping its state', async () => {
      await fc.assert(fc.asyncProperty(batch(structured()), (payloads) => attack(node(), payloads)), params(RUNS * 2));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
    it('(d) survives a deeply nested value in any field', async () => {
      await fc.assert(fc.asyncProperty(batch(deepField), (payloads) => attack(node(), payloads)), params());
    });
  });
}

describe('after the fuzzing', () => {
  it('made the nodes run reach-checks, and none of them passed', () => {
    // the listener that refuses every claim was dialled: the checks ran, and the state checks above show none passed
    expect(refusing.checks.length).toBeGreaterThan(0);
  });
});

// ---- codec and framing, in-process ---------------------------------------------------------------

describe('fuzzing the codec and the framing', () => {
  it('decodeMessage never throws and always answers ok or a known error code', () => {
    const payload = fc.oneof(randomBytes, randomJson.map((s) => Buffer.from(s)), structured().map((s) => Buffer.from(s)), deepField.map((s) => Buffer.from(s)));
    fc.assert(
      fc.property(payload, (p) => {
        const r = decodeMessage(p);
        if (r.ok) expect(messageSchemas[r.message.type].safeParse(r.message).success).toBe(true);
        else {
          expect(ERROR_CODES).toContain(r.code);
          expect(typeof r.message).toBe('string');
          expect(() => JSON.stringify(r)).not.toThrow();
        }
      }),
      params(RUNS * 10),
    );
  });

  it('draws protocol-shaped frames valid often enough to reach every handler', () => {
    const sample = fc.sample(structured(), { seed: SEED, numRuns: 2000 });
    const valid = new Map<string, number>();
    for (const json of sample) {
      const r = decodeMessage(Buffer.from(json));
      if (r.ok) valid.set(r.message.type, (valid.get(r.message.type) ?? 0) + 1);
    }
    const total = [...valid.values()].reduce((a, b) => a + b, 0);
    const why = `fuzz seed ${SEED}: ${total} of ${sample.length} structured frames valid: ${JSON.stringify(Object.fromEntries(valid))}`;
    expect(total / sample.length, why).toBeGreaterThan(0.1);
    expect(valid.size, why).toBeGreaterThan(TYPES.length / 2);
  });

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(structured(), (json) => {
        const first = decodeMessage(Buffer.from(json));
        if (!first.ok) return;
        const { v: _v, ...rest } = first.message;
        const again = decodeMessage(encodeMessage(rest as Outgoing));
        expect(again).toEqual(first);
      }),
      params(RUNS * 5),
    );
  });

  it('FrameDecoder returns the same payloads however the stream is cut, and fails once on an oversize header', () => {
    const chunking = fc.tuple(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean());
    fc.assert(
      fc.property(chunking, ([payloads, cuts, oversize]) => {
        let stream = Buffer.concat(payloads.map((p) => encodeFrame(Buffer.from(p))));
        if (oversize) stream = Buffer.concat([stream, Buffer.from([0x00, 0x01, 0x00, 0x01]), Buffer.from('tail')]);
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, stream.length].slice(1).map((end, i, all) => stream.subarray(i === 0 ? 0 : all[i - 1]!, end));
        const d = new FrameDecoder();
        const out: Buffer[] = [];
        let threw = 0;
        for (const ch of chunks) {
          try {
            out.push(...d.push(ch));
          } catch (e) {
            threw++;
            if (threw === 1) expect(e).toBeInstanceOf(FrameTooLargeError);
          }
        }
        const hex = (bs: ArrayLike<Uint8Array>): string[] => Array.from(bs, (b) => Buffer.from(b).toString('hex'));
        // frames completed in the chunk that carries the oversize header are lost (see the case below)
        if (oversize) expect(hex(payloads).slice(0, out.length)).toEqual(hex(out));
        else expect(hex(out)).toEqual(hex(payloads));
        expect(d.failed).toBe(oversize);
        expect(threw > 0).toBe(oversize);
        if (!oversize) expect(d.pendingBytes).toBe(0);
      }),
      params(RUNS * 5),
    );
    expect(MAX_FRAME_BYTES).toBe(0x10000);
  });

  // Found by the property above: push() throws on an oversize header and drops the frames it had
  // already completed from the same chunk, so whether a node acts on them (a `bye`, say) depends on
  // how TCP cut the stream. Fix belongs in frame.ts/connection.ts (reported); flip to `it` then.
  it('FrameDecoder delivers the frames completed before an oversize header in the same chunk', () => {
    const d = new FrameDecoder();
    const stream = Buffer.concat([encodeFrame(Buffer.from('{"a":1}')), Buffer.from([0x00, 0x01, 0x00, 0x01])]);
    let out: Buffer[] = [];
    try {
      out = d.push(stream);
    } catch (e) {
      out = (e as { completed?: Buffer[] }).completed ?? [];
    }
    expect(out.map(String)).toEqual(['{"a":1}']);
  });
});

// ---- the web harness's bridge --------------------------------------------------------------------

describe('fuzzing the WebSocket bridge', () => {
  let web: WebServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gossip-lab-fuzz-'));
    web = await startWebServer({ port: 0, staticDir: dir, exportDir: join(dir, 'exports'), recordingsDir: join(dir, 'recordings'), bridge: { maxPayloadBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    await web?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Commands that cannot start nodes, dial out, or change the key: safe to call with random arguments. */
  const SAFE = ['snapshot', 'inspectNode', 'messageSpread', 'stopNode', 'killNode', 'setTiming', 'openTopology', 'exportDegrees', 'launchMissiles', '__proto__', 'constructor'];
  const command = fc
    .tuple(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(...SAFE), fc.oneof(fc.anything({ maxDepth: 3 }), fc.dictionary(fc.constantFrom('id', 'count', 'port', 'format', 'name', 'text', 'gossipIntervalMs', 'neighbours'), fc.oneof(countArb, badNum, strArb, junk))))
    .map(([id, name, args]) => JSON.stringify({ t: 'command', id, name, args }) ?? '{}');
  const wsFrame = fc.oneof(
    fc.string({ maxLength: 200 }).map((s): [string | Buffer, boolean] => [s, false]),
    randomJson.map((s): [string | Buffer, boolean] => [s, false]),
    nested.map((s): [string | Buffer, boolean] => [s, false]),
    command.map((s): [string | Buffer, boolean] => [s, false]),
    command.map((s): [string | Buffer, boolean] => [Buffer.from(s), true]),
    randomBytes.map((b): [string | Buffer, boolean] => [b, true]),
  );

  it('answers well-formed replies (or nothing) to random text and binary frames, and keeps serving', async () => {
    const origin = new URL(web.url).origin;
    const ws = new WebSocket(`${web.url.replace('http', 'ws')}bridge`, { origin });
    const replies = new Map<number, unknown>();
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { t: string; id: number; reply: unknown };
      if (f.t === 'reply') replies.set(f.id, f.reply);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    let syncId = 5000;
    await fc.assert(
      fc.asyncProperty(batch(wsFrame), async (frames) => {
        for (const [data, binary] of frames) ws.send(data, { binary });
        const id = syncId++;
        ws.send(JSON.stringify({ t: 'command', id, name: 'snapshot', args: {} }));
        await waitFor(() => replies.has(id), { timeoutMs: 10_000, what: `the reply to sync ${id}` });
        expect(replies.get(id)).toMatchObject({ ok: true });
        for (const r of replies.values()) {
          const reply = r as { ok: unknown; error?: unknown };
          expect(typeof reply.ok).toBe('boolean');
          if (reply.ok === false) expect(typeof reply.error === 'string' && reply.error.length > 0).toBe(true);
        }
        replies.clear();
      }),
      params(RUNS),
    );
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
