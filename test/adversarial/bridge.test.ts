/**
 * Hostile clients of the browser harness's WebSocket bridge, over real loopback sockets: foreign
 * and missing origins, frames that are not JSON, nested 10,000 deep, oversize or binary, unknown
 * commands, arguments out of range, export and topology names that try to leave the export
 * directory. Each must get a clear `{ ok: false, error }` naming what is wrong (when the frame has
 * an id to answer), no file may appear outside the export directory, and the server must keep
 * serving every other client. Also: the harness's last-resort handler keeps a process alive.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { BridgeFrame, CommandReply } from '../../src/shared/types';
import { BRIDGE_MAX_JSON_DEPTH, parseFrame } from '../../src/web/bridge';
import { startWebServer } from '../../src/web/server';
import type { WebServer } from '../../src/web/server';
import { waitFor } from '../helpers/waitFor';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_PAYLOAD = 256 * 1024;

let root: string;
let web: WebServer;
let origin: string;
let bridgeUrl: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gossip-lab-bridge-'));
  await mkdir(join(root, 'renderer'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>Gossip Lab</title>');
  web = await startWebServer({ port: 0, staticDir: join(root, 'renderer'), exportDir: join(root, 'exports'), recordingsDir: join(root, 'recordings'), bridge: { maxPayloadBytes: MAX_PAYLOAD } });
  origin = new URL(web.url).origin;
  bridgeUrl = `${web.url.replace('http', 'ws')}bridge`;
});
afterAll(async () => {
  await web?.close();
  await rm(root, { recursive: true, force: true });
});

/** A bridge client that keeps replies by id. */
class Client {
  readonly ws: WebSocket;
  readonly replies = new Map<number, CommandReply<never>>();
  private nextId = 1;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(originHeader: string | undefined = origin) {
    this.ws = new WebSocket(bridgeUrl, originHeader === undefined ? {} : { origin: originHeader });
    this.ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as BridgeFrame;
      if (f.t === 'reply') this.replies.set(f.id, f.reply as CommandReply<never>);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  async reply(id: number): Promise<CommandReply<never>> {
    await waitFor(() => this.replies.has(id), { timeoutMs: 10_000, what: `reply ${id}` });
    return this.replies.get(id)!;
  }

  async command(name: string, args: unknown): Promise<CommandReply<never>> {
    const id = 1000 + this.nextId++;
    this.ws.send(JSON.stringify({ t: 'command', id, name, args }));
    return this.reply(id);
  }

  /** Sends raw text with id `id` spliced in as the first member, and returns the reply. */
  async rawCommand(id: number, rest: string): Promise<CommandReply<never>> {
    this.ws.send(`{"t":"command","id":${id},${rest}}`);
    return this.reply(id);
  }
}

async function expectServing(): Promise<void> {
  const c = new Client();
  await c.opened;
  expect(await c.command('snapshot', {})).toMatchObject({ ok: true });
  c.ws.close();
}

function handshakeStatus(originHeader: string | undefined): Promise<number> {
  const ws = new WebSocket(bridgeUrl, originHeader === undefined ? {} : { origin: originHeader });
  return new Promise<number>((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => resolve(-1));
  }).finally(() => ws.terminate());
}

const error = (re: RegExp): unknown => ({ ok: false, error: expect.stringMatching(re) });

describe('bridge under hostile clients', () => {
  it('refuses foreign, look-alike, null and missing origins with 403 at the handshake', async () => {
    const port = new URL(web.url).port;
    for (const bad of ['http://evil.example', `${origin}.evil.example`, `http://127.0.0.1:${Number(port) + 1}`, 'null', `https://127.0.0.1:${port}`, undefined]) {
      expect(await handshakeStatus(bad), String(bad)).toBe(403);
    }
    expect(await handshakeStatus(origin)).toBe(101);
    await expectServing();
  });

  it('refuses deep nesting before JSON.parse, answering the id when it comes first', async () => {
    const deep = `{"t":"command","id":7,"name":"snapshot","args":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const spy = vi.spyOn(JSON, 'parse');
    try {
      expect(parseFrame(deep)).toEqual({ ok: false, id: 7, error: `bad frame: nested deeper than ${BRIDGE_MAX_JSON_DEPTH} levels` });
      expect(parseFrame(Buffer.from(deep.replace('"id":7,', '')))).toMatchObject({ ok: false, id: undefined });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    // a legit frame with nested arguments is well within the limit
    expect(parseFrame(JSON.stringify({ t: 'command', id: 1, name: 'setTiming', args: { neighbours: 3 } })).ok).toBe(true);

    const c = new Client();
    await c.opened;
    c.ws.send(deep.replace('"id":7', '"id":11'));
    c.ws.send(`{"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},"id":12}`); // id after the deep part: no reply
    c.ws.send('not json at all');
    c.ws.send('{"t":"command","id":13,');
    expect(await c.reply(11)).toEqual(error(/nested deeper than 16 levels/));
    expect(await c.command('snapshot', {})).toMatchObject({ ok: true });
    expect(c.replies.has(12)).toBe(false);
    expect(c.replies.has(13)).toBe(false);
    c.ws.close();
  });

  it('closes a connection whose frame is over maxPayload with 1009 and keeps serving others', async () => {
    const other = new Client();
    await other.opened;
    const c = new Client();
    await c.opened;
    c.ws.send(JSON.stringify({ t: 'command', id: 1, name: 'snapshot', args: { pad: 'x'.repeat(MAX_PAYLOAD + 1) } }));
    expect(await c.closed).toBe(1009);
    expect(await other.command('snapshot', {})).toMatchObject({ ok: true });
    other.ws.close();
    await expectServing();
  });

  it('answers binary frames that carry an id, and ignores others', async () => {
    const c = new Client();
    await c.opened;
    c.ws.send(Buffer.from(JSON.stringify({ t: 'command', id: 21, name: 'snapshot', args: {} })), { binary: true });
    c.ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x7b]), { binary: true });
    expect(await c.reply(21)).toEqual(error(/binary frames are not accepted/));
    expect(await c.command('snapshot', {})).toMatchObject({ ok: true });
    c.ws.close();
  });

  it('answers unknown command names clearly', async () => {
    const c = new Client();
    await c.opened;
    for (const name of ['launchMissiles', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(64)]) {
      expect(await c.command(name, {}), name).toEqual({ ok: false, error: `unknown command ${name.slice(0, 40)}` });
    }
    expect(await c.command('x'.repeat(65), {})).toEqual(error(/^bad frame: name: /));
    expect(await c.command('', {})).toEqual(error(/^bad frame: name: /));
    c.ws.close();
  });

  it('answers arguments out of range with an error naming the field', async () => {
    const c = new Client();
    await c.opened;
    const cases: Array<[string, string, RegExp]> = [
      ['addSeed', '{"port":70000}', /port must be between 0/],
      ['addSeed', '{"port":-1}', /port must be between 0/],
      ['addSeed', '{"port":1e309}', /port must be a number/],
      ['addSeed', '{"port":"80"}', /port must be a number/],
      ['addSeed', '{"port":1.5}', /port must be a whole number/],
      ['addSeed', '{"host":"a\\u0000b"}', /host is not an IP address/],
      ['addPeers', '{"count":1e9}', /peer count must be at most 1000/],
      ['addPeers', '{"count":-5}', /peer count must be at least 1/],
      ['addPeers', '{"count":"NaN"}', /peer count must be a number/],
      ['addPeers', '{"count":"Infinity"}', /peer count must be a number/],
      ['addPeers', '{"count":-1e309}', /peer count must be a number/],
      ['addPeers', '"lots"', /^args: Invalid input: expected object/],
      ['setTiming', '{"gossipIntervalMs":-100}', /gossip interval must be at least 10 ms/],
      ['setTiming', '{"livenessIntervalMs":0}', /liveness interval must be at least 10 ms/],
      ['setTiming', '{"neighbours":1e6}', /neighbours \(m\) must be at most 50/],
      ['stopNode', '{"id":""}', /^args\.id: Too small/],
      ['inspectNode', `{"id":"${'x'.repeat(1000)}"}`, /^args\.id: Too big/],
      ['exportDegrees', '{"format":"../../x"}', /^args\.format: /],
      ['exportDegrees', '{"format":"png","png":"not base64!"}', /image must be base64/],
      ['startTopology', '{"nodes":-1}', /node count must be at least 1/],
      ['connectRemoteSeed', '{"address":5}', /^args\.address: /],
    ];
    let id = 100;
    for (const [name, args, re] of cases) {
      const reply = await c.rawCommand(id++, `"name":"${name}","args":${args}`);
      expect(reply, `${name} ${args}`).toEqual(error(re));
    }
    // port 0 is valid: any free port
    expect(await c.command('addSeed', { port: 0 })).toMatchObject({ ok: true });
    c.ws.close();
    await expectServing();
  });

  it('writes exports only into the export directory, whatever names a client sends', async () => {
    const c = new Client();
    await c.opened;
    const hostile = ['../escape.csv', '../../escape.csv', join(root, 'abs.csv'), '/tmp/abs.csv', 'a\u0000b.csv', 'x'.repeat(10_000), '..\\..\\win.csv'];
    for (const name of hostile) {
      const reply = await c.command('exportDegrees', { format: 'csv', name, path: name, filename: name, suggestedName: name });
      expect(reply.ok, name).toBe(true);
      const path = reply.ok ? (reply.result as { path: string }).path : '';
      expect(path.startsWith(join(root, 'exports') + '/'), path).toBe(true);
      expect(path).toMatch(/\/degree-sequence-both-[\d-]+T[\d-]+Z\.csv$/);
    }
    // topology names are labels, never paths: nothing is read or written
    for (const name of ['../../etc/passwd', '/etc/passwd', 'a\u0000b']) {
      expect(await c.command('openTopology', { name, text: '1 2\n2 3\n' }), name).toMatchObject({ ok: true, result: { name } });
    }
    expect(await c.command('openTopology', { name: 'x'.repeat(256), text: '1 2\n' })).toEqual({ ok: false, error: 'the name is longer than 255 characters' });
    // nothing beside the folders the harness owns (recordings appears once a run draws a node)
    expect((await readdir(root)).filter((n) => n !== 'recordings').sort()).toEqual(['exports', 'renderer']);
    expect(await readdir(join(root, 'renderer'))).toEqual(['index.html']);
    c.ws.close();
    await expectServing();
  });
});

describe('last-resort handler', () => {
  it('keeps a process running after an uncaught exception in a timer and an unhandled rejection', async () => {
    const script = [
      "import { installLastResort } from './src/web/server.ts';",
      "installLastResort((what, e) => console.log('caught', what, e instanceof Error ? e.message : String(e)));",
      "setTimeout(() => { throw new Error('boom in a timer'); }, 10);",
      "void Promise.reject(new Error('nobody handles me'));",
      "setTimeout(() => { console.log('still alive'); process.exit(0); }, 300);",
    ].join('\n');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 30_000 }, (_err, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    expect(result.stdout, result.stderr).toContain('caught uncaughtException boom in a timer');
    expect(result.stdout).toContain('caught unhandledRejection nobody handles me');
    expect(result.stdout).toContain('still alive');
    expect(result.code).toBe(0);
  });
});
