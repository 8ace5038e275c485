/** The browser harness: static files and the WebSocket bridge, over real loopback sockets. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BridgeFrame, CommandReply, UiEvent } from '../../src/shared/types';
import { scopeComment } from '../../src/host/exportDegrees';
import { allowedOrigins, startWebServer } from '../../src/web/server';
import type { WebServer } from '../../src/web/server';
import { waitFor } from '../host/helpers';

let root: string;
let web: WebServer;
let origin: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gossip-lab-web-'));
  await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>Gossip Lab</title>');
  await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'do not serve me');
  web = await startWebServer({ port: 0, staticDir: join(root, 'renderer'), exportDir: join(root, 'exports'), recordingsDir: join(root, 'recordings') });
  origin = new URL(web.url).origin;
});
afterAll(async () => {
  await web?.close();
  await rm(root, { recursive: true, force: true });
});

/** A raw GET (no URL normalisation by the client). */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  const { hostname, port } = new URL(web.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A bridge client that keeps replies by id and every event. */
class Client {
  readonly ws: WebSocket;
  readonly replies = new Map<number, CommandReply<never>>();
  readonly events: UiEvent[] = [];
  private nextId = 1;

  constructor(originHeader: string | undefined) {
    this.ws = new WebSocket(`${web.url.replace('http', 'ws')}bridge`, originHeader === undefined ? {} : { origin: originHeader });
    this.ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as BridgeFrame;
      if (f.t === 'reply') this.replies.set(f.id, f.reply as CommandReply<never>);
      else if (f.t === 'events') this.events.push(...f.batch);
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Sends a raw frame. */
  raw(text: string): void {
    this.ws.send(text);
  }

  async command(name: string, args: unknown): Promise<CommandReply<never>> {
    const id = this.nextId++;
    this.raw(JSON.stringify({ t: 'command', id, name, args }));
    return waitFor(`reply ${id}`, () => this.replies.get(id));
  }
}

describe('web harness: static files', () => {
  it('serves the renderer with content types, 404s and no way out of the root', async () => {
    const index = await get('/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index.body).toContain('Gossip Lab');
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect((await get('/assets/app.js', 'HEAD')).body).toBe('');
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/index.html', 'POST')).status).toBe(405);
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00', '/..%5csecret.txt']) {
      const r = await get(path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body).not.toContain('do not serve me');
    }
  });
});

describe('web harness: bridge', () => {
  it('runs commands and pushes event batches', async () => {
    const c = new Client(origin);
    await c.opened();
    const seed = await c.command('addSeed', {});
    expect(seed.ok).toBe(true);
    const id = seed.ok ? (seed.result as { id: string }).id : '';
    await waitFor('the seed in an event batch', () => c.events.some((e) => e.kind === 'node' && e.node.id === id && e.node.role === 'seed'));
    const peers = await c.command('addPeers', { count: 3 });
    expect(peers.ok && (peers.result as { ids: string[] }).ids).toHaveLength(3);
    await waitFor('links in event batches', () => c.events.some((e) => e.kind === 'link' && e.up));
    const snap = await c.command('snapshot', {});
    expect(snap.ok && (snap.result as { nodes: unknown[] }).nodes).toHaveLength(4);
    const csv = await c.command('exportDegrees', { format: 'csv' });
    expect(csv.ok).toBe(true);
    const files = await readdir(join(root, 'exports'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^degree-sequence-both-\d{4}-\d\d-\d\dT[\d-]+Z\.csv$/);
    expect((await readFile(join(root, 'exports', files[0]!), 'utf8')).split('\n').slice(0, 2)).toEqual([scopeComment('both', 3), 'peer,degree']);
    c.ws.close();
  });

  it('answers bad frames with an error when they carry an id, and keeps working', async () => {
    const c = new Client(origin);
    await c.opened();
    c.raw('this is not json');
    c.raw(JSON.stringify({ hello: 'world' }));
    c.raw(JSON.stringify({ t: 'nope', id: 900 }));
    c.raw(JSON.stringify({ t: 'command', id: 901, name: 42 }));
    c.raw(JSON.stringify({ t: 'command', id: 902, name: 'addSeed', args: { port: 70000 } }));
    c.raw(JSON.stringify({ t: 'command', id: 903, name: 'launchMissiles', args: {} }));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await waitFor('four replies', () => c.replies.size === 4);
    expect(c.replies.get(900)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad frame: t: /) });
    expect(c.replies.get(901)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad frame: name: /) });
    expect(c.replies.get(902)).toMatchObject({ ok: false, error: expect.stringMatching(/port must be between 0/) });
    expect(c.replies.get(903)).toEqual({ ok: false, error: 'unknown command launchMissiles' });
    expect(await c.command('snapshot', {})).toMatchObject({ ok: true });
    c.ws.close();
  });

  it('drops a connection that sends a frame over the size limit, and keeps serving others', async () => {
    const c = new Client(origin);
    await c.opened();
    const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)));
    c.raw(JSON.stringify({ t: 'command', id: 1, name: 'snapshot', args: { pad: 'x'.repeat(33 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    const d = new Client(origin);
    await d.opened();
    expect(await d.command('snapshot', {})).toMatchObject({ ok: true });
    d.ws.close();
  });

  it('refuses connections from another origin, or with none', async () => {
    for (const bad of ['http://evil.example', `${origin}.evil.example`, undefined]) {
      const ws = new WebSocket(`${web.url.replace('http', 'ws')}bridge`, bad === undefined ? {} : { origin: bad });
      const status = await new Promise<number>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
      expect(status, String(bad)).toBe(403);
      ws.terminate();
    }
    const other = new WebSocket(`${web.url.replace('http', 'ws')}elsewhere`, { origin });
    const status = await new Promise<number>((resolve) => {
      other.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      other.on('error', () => {});
    });
    expect(status).toBe(404);
    // the server still works
    const c = new Client(origin);
    await c.opened();
    expect(await c.command('snapshot', {})).toMatchObject({ ok: true });
    c.ws.close();
  });

  it('allows only its own origins', () => {
    expect([...allowedOrigins('127.0.0.1', 5173)].sort()).toEqual(['http://127.0.0.1:5173', 'http://[::1]:5173', 'http://localhost:5173']);
    expect([...allowedOrigins('192.168.1.10', 8080)]).toEqual(['http://192.168.1.10:8080']);
    expect([...allowedOrigins('192.168.1.10', 80)]).toEqual(['http://192.168.1.10']);
  });
});
