/**
 * Connecting to a remote seed that is not one: the error is in words, not a raw code — against
 * real sockets on loopback (an HTTP server, a closed port, a name that does not resolve) and, for
 * each rule, against the raw messages themselves.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRemoteError } from '../../src/host/remoteErrors';
import { LabSession } from '../../src/host/session';
import { freePort } from '../helpers/ports';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function session(): LabSession {
  const s = new LabSession({ shards: 0, remoteConnectTimeoutMs: 2000 });
  cleanups.push(() => s.close());
  return s;
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error('no port');
  return a.port;
}

describe('connectRemoteSeed errors in words', () => {
  it('an HTTP server: "that port is not a Gossip Lab seed", not "frame of 1213486160 bytes"', async () => {
    const http = createServer((_req, res) => res.end('hello'));
    const port = await listen(http);
    const r = await session().execute('connectRemoteSeed', { address: `127.0.0.1:${port}` });
    expect(r).toEqual({ ok: false, error: `that port is not a Gossip Lab seed (it answered something else): 127.0.0.1:${port}` });
  });

  it('a server that closes at once: it closed the connection without answering', async () => {
    const tcp = createTcpServer((sock) => sock.destroy());
    const port = await listen(tcp);
    const r = await session().execute('connectRemoteSeed', { address: `127.0.0.1:${port}` });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(`127.0.0.1:${port} closed the connection without answering: it is probably not a Gossip Lab seed`);
  });

  it('a closed port: nothing listens there', async () => {
    const port = await freePort();
    const r = await session().execute('connectRemoteSeed', { address: `127.0.0.1:${port}` });
    expect(r).toEqual({ ok: false, error: `nothing listens at 127.0.0.1:${port}: the connection was refused (is the seed running, and is the port right?)` });
  });

  it('a name that does not resolve: no such host', async () => {
    const r = await session().execute('connectRemoteSeed', { address: 'no-such-host.invalid:6000' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^no such host: "no-such-host\.invalid" does not resolve to an address|^no-such-host\.invalid:6000 does not answer/);
  });

  it('words each raw message, and keeps what it does not know', () => {
    const id = '10.0.0.5:6000';
    expect(describeRemoteError(id, `no seed answers at ${id}: getaddrinfo ENOTFOUND 10.0.0.5`)).toMatch(/^no such host/);
    expect(describeRemoteError('[::1]:6000', 'getaddrinfo EAI_AGAIN ::1')).toBe('no such host: "::1" does not resolve to an address (check the name, or use an IP address)');
    expect(describeRemoteError(id, `${id}: frame of 1213486160 bytes exceeds the 1048576-byte limit`)).toBe(`that port is not a Gossip Lab seed (it answered something else): ${id}`);
    expect(describeRemoteError(id, `${id} sent an invalid answer to get-peers (bad-json: …)`)).toMatch(/^that port is not a Gossip Lab seed/);
    expect(describeRemoteError(id, `no seed answers at ${id}: connect EHOSTUNREACH`)).toMatch(/^cannot reach 10\.0\.0\.5:6000: there is no route/);
    expect(describeRemoteError(id, `no seed answers at ${id}: connect timed out after 3000 ms`)).toMatch(/^10\.0\.0\.5:6000 does not answer: no reply in time/);
    const refusal = `remote seed ${id} refused the handshake: it uses another network key (set the key its network uses)`;
    expect(describeRemoteError(id, refusal)).toBe(refusal);
    expect(describeRemoteError(id, 'something new')).toBe('something new');
  });
});
