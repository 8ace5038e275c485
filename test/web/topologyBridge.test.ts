/**
 * `openTopology` over the browser harness's WebSocket bridge at the size limits: an edge list of
 * the largest allowed length — even one whose every character JSON escapes to six bytes — fits
 * in a bridge frame and gets a real answer, and one character more gets a clear error reply
 * instead of a dropped connection.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BridgeFrame, CommandReply } from '../../src/shared/types';
import { MAX_TOPOLOGY_TEXT } from '../../src/shared/types';
import { MAX_FRAME_BYTES } from '../../src/web/bridge';
import { startWebServer } from '../../src/web/server';
import type { WebServer } from '../../src/web/server';

let root: string;
let web: WebServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gossip-lab-topology-bridge-'));
  web = await startWebServer({ port: 0, staticDir: root, exportDir: join(root, 'exports'), recordingsDir: join(root, 'recordings') });
});
afterAll(async () => {
  await web?.close();
  await rm(root, { recursive: true, force: true });
});

/** Sends one `openTopology` command over a fresh bridge connection and resolves with its reply. */
function openOverBridge(text: string): Promise<CommandReply<'openTopology'>> {
  const ws = new WebSocket(`${web.url.replace('http', 'ws')}bridge`, { origin: new URL(web.url).origin });
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('close', (code) => reject(new Error(`bridge closed the connection (${code}) without a reply`)));
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as BridgeFrame;
      if (f.t !== 'reply') return;
      ws.removeAllListeners('close');
      ws.close();
      resolve(f.reply as CommandReply<'openTopology'>);
    });
    ws.on('open', () => ws.send(JSON.stringify({ t: 'command', id: 1, name: 'openTopology', args: { name: 'big.txt', text } })));
  });
}

describe('openTopology over the WebSocket bridge', () => {
  it('the worst case of the allowed length fits in one bridge frame', () => {
    const worst = JSON.stringify({ t: 'command', id: 1, name: 'openTopology', args: { name: 'x'.repeat(255), text: '\u0001'.repeat(MAX_TOPOLOGY_TEXT) } });
    expect(Buffer.byteLength(worst)).toBeLessThan(MAX_FRAME_BYTES);
  });

  it('answers an edge list of exactly the largest allowed length, and a clear error for one character more', async () => {
    const line = (i: number): string => `${i} ${i + 1}\n`;
    let text = '';
    for (let i = 0; text.length < MAX_TOPOLOGY_TEXT - 32; i++) text += line(i);
    text = text.padEnd(MAX_TOPOLOGY_TEXT, '#'); // the last line is a comment
    expect(text).toHaveLength(MAX_TOPOLOGY_TEXT);

    const reply = await openOverBridge(text);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.result.name).toBe('big.txt');
    expect(reply.result.links).toBe(reply.result.nodes - 1); // a path

    expect(await openOverBridge(`${text}#`)).toEqual({ ok: false, error: 'the edge list is longer than 4 MiB' });
    // control characters: 6 bytes each in JSON, still answered (with the parser's line error)
    const control = await openOverBridge('\u0001'.repeat(MAX_TOPOLOGY_TEXT));
    expect(control.ok).toBe(false);
  }, 30_000);
});
