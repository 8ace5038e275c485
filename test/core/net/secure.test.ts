/**
 * The network key over real loopback sockets: framed connections over TLS-PSK with the same key
 * carry frames both ways; every mismatch — no key vs key, key vs no key, key A vs key B — is
 * refused at the handshake with an error in words on both sides; bad key files are refused with
 * a clear message.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import type { Connection } from '../../../src/core/net/connection';
import { RemoteError, dial } from '../../../src/core/net/connection';
import type { Limits } from '../../../src/core/net/limits';
import { DEFAULT_LIMITS } from '../../../src/core/net/limits';
import {
  HandshakeError,
  KEY_REQUIRED_MESSAGE,
  NetworkKeyError,
  checkNetworkKey,
  derivePsk,
  describeKeyRefusal,
  pskTransport,
  readNetworkKey,
} from '../../../src/core/net/secure';
import { FramedServer } from '../../../src/core/net/server';
import { RawClient, frame } from '../../helpers/rawClient';
import { waitFor } from '../../helpers/waitFor';

const KEY_A = Buffer.from('a'.repeat(32));
const KEY_B = Buffer.from('b'.repeat(32));

/** Limits with the given transport (plain TCP when undefined). */
function limitsWith(key: Buffer | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...(key ? { transport: pskTransport(key) } : {}) };
}

interface Listener {
  server: FramedServer;
  port: number;
  /** Accepted connections. */
  accepted: Connection[];
  /** Refused handshakes as `why`. */
  refused: string[];
}

const servers: FramedServer[] = [];
const conns: Connection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.destroy()));
});

/** A framed listener on loopback that answers every `get-peers` with an empty `peer-list`. */
async function listen(key: Buffer | undefined): Promise<Listener> {
  const accepted: Connection[] = [];
  const refused: string[] = [];
  const server = new FramedServer(systemClock, limitsWith(key), (conn) => {
    accepted.push(conn);
    conn.onMessage = (m) => {
      if (m.type === 'get-peers') conn.send({ type: 'peer-list', rid: m.rid, seed: { host: '127.0.0.1', port: 1 }, offset: 0, total: 0, peers: [] });
    };
  });
  server.onRefused = (_remote, why) => refused.push(why);
  servers.push(server);
  const addr = await server.listen('127.0.0.1', 0);
  return { server, port: addr.port, accepted, refused };
}

async function dialTo(port: number, key: Buffer | undefined): Promise<Connection> {
  const c = await dial('127.0.0.1', port, systemClock, limitsWith(key));
  conns.push(c);
  return c;
}

describe('TLS-PSK transport on loopback', () => {
  it('with the same key: the handshake completes and frames flow both ways', async () => {
    const l = await listen(KEY_A);
    const c = await dialTo(l.port, KEY_A);
    for (let rid = 1; rid <= 20; rid++) {
      const answer = await c.request({ type: 'get-peers', offset: 0, limit: 10 });
      expect(answer.type).toBe('peer-list');
    }
    expect(l.accepted).toHaveLength(1);
    expect(l.refused).toEqual([]);
  });

  it('a key file with a trailing newline is the same key as without', async () => {
    const l = await listen(Buffer.from(`${'k'.repeat(20)}\n`));
    const c = await dialTo(l.port, Buffer.from('k'.repeat(20)));
    expect((await c.request({ type: 'get-peers', offset: 0, limit: 1 })).type).toBe('peer-list');
  });

  it('no key → keyed node: the client gets error key-required, the server reports a plain client', async () => {
    const l = await listen(KEY_A);
    const c = await dialTo(l.port, undefined); // plain TCP connects; the refusal is the answer
    const err = await c.request({ type: 'get-peers', offset: 0, limit: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as RemoteError).code).toBe('key-required');
    expect((err as Error).message).toContain(KEY_REQUIRED_MESSAGE);
    expect(describeKeyRefusal((err as Error).message)).toBe('it requires a network key');
    await waitFor(() => l.refused.length === 1, { what: 'the refusal on the server' });
    expect(l.refused[0]).toMatch(/no network key/);
    expect(l.accepted).toHaveLength(0);
  });

  it('no key → keyed node, raw: the answer is one plain error frame with the protocol version, then close', async () => {
    const l = await listen(KEY_A);
    const c = await RawClient.connect(l.port);
    try {
      await c.write(frame({ v: 1, type: 'get-peers', rid: 1, offset: 0, limit: 1 }));
      const f = await c.nextFrame();
      expect(f).toMatchObject({ type: 'error', code: 'key-required', message: KEY_REQUIRED_MESSAGE });
      expect(typeof f.v).toBe('number');
      await c.closed();
    } finally {
      c.destroy();
    }
  });

  it('keyed node → no key: the dial fails saying the remote does not use a key; the server logs a TLS handshake', async () => {
    const l = await listen(undefined);
    const err = await dialTo(l.port, KEY_A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).refusal).toBe('no-key');
    expect((err as Error).message).toBe(`handshake with 127.0.0.1:${l.port} refused: the remote does not use a network key`);
    await waitFor(() => l.refused.length === 1, { what: 'the refusal on the server' });
    expect(l.refused[0]).toMatch(/uses a network key and this node has none/);
  });

  it('key A → key B: the dial fails saying the remote uses another key; the server says the same', async () => {
    const l = await listen(KEY_B);
    const err = await dialTo(l.port, KEY_A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).refusal).toBe('other-key');
    expect((err as Error).message).toBe(`handshake with 127.0.0.1:${l.port} refused: the remote uses another network key`);
    expect(describeKeyRefusal((err as Error).message)).toBe('it uses another network key');
    await waitFor(() => l.refused.length === 1, { what: 'the refusal on the server' });
    expect(l.refused[0]).toBe('it uses another network key');
    expect(l.accepted).toHaveLength(0);
  });

  it('a keyed server refuses a silent client after the handshake timeout', async () => {
    const refused: string[] = [];
    const server = new FramedServer(systemClock, { ...DEFAULT_LIMITS, transport: pskTransport(KEY_A, { handshakeTimeoutMs: 100 }) }, () => {});
    server.onRefused = (_r, why) => refused.push(why);
    servers.push(server);
    const { port } = await server.listen('127.0.0.1', 0);
    const c = await RawClient.connect(port);
    try {
      await c.closed();
      expect(refused).toEqual(['no handshake within 100 ms']);
    } finally {
      c.destroy();
    }
  });

  it('a dial to a closed port is still a connect error, not a handshake error', async () => {
    const l = await listen(KEY_A);
    const port = l.port;
    await l.server.destroy();
    const err = await dialTo(port, KEY_A).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(HandshakeError);
    expect((err as Error).message).toBe(`connect to 127.0.0.1:${port} failed: ECONNREFUSED`);
  });
});

describe('network keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossip-lab-key-'));
  const file = (name: string, data: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  it('reads a key file, trimming surrounding whitespace', () => {
    expect(readNetworkKey(file('ok.key', `  ${'x'.repeat(16)}\r\n`)).toString()).toBe('x'.repeat(16));
    const binary = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 1) & 0xff));
    expect(readNetworkKey(file('bin.key', binary)).length).toBeGreaterThanOrEqual(16);
  });

  it('refuses a missing file, a directory, a short key and a long file, naming the file', () => {
    expect(() => readNetworkKey(join(dir, 'nope.key'))).toThrow(/network key file .*nope\.key does not exist/);
    mkdirSync(join(dir, 'd.key'));
    expect(() => readNetworkKey(join(dir, 'd.key'))).toThrow(/is a directory/);
    expect(() => readNetworkKey(file('short.key', 'too short\n'))).toThrow(NetworkKeyError);
    expect(() => readNetworkKey(file('short.key', 'too short\n'))).toThrow(/short\.key is too short: 9 bytes of key material \(at least 16/);
    expect(() => readNetworkKey(file('empty.key', ''))).toThrow(/too short: 0 bytes/);
    expect(() => readNetworkKey(file('long.key', 'y'.repeat(4097)))).toThrow(/long\.key is too long: 4097 bytes \(at most 4096\)/);
  });

  it('pskTransport refuses short key material', () => {
    expect(() => pskTransport(Buffer.from('short'))).toThrow(/too short/);
    expect(() => checkNetworkKey('  '.repeat(20))).toThrow(/0 bytes/);
  });

  it('derives a 32-byte PSK that depends on every byte of the key', () => {
    const a = derivePsk(Buffer.from('k'.repeat(100)));
    const b = derivePsk(Buffer.from(`${'k'.repeat(99)}j`));
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
    expect(a.equals(derivePsk(Buffer.from('k'.repeat(100))))).toBe(true);
  });
});
