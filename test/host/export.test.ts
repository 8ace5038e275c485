/** exportDegrees: a real PNG (made with pngjs) and the CSV of degrees, through a temp-dir SaveTarget. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SaveTarget } from '../../src/host/exportDegrees';
import { degreeCsv, scopeComment } from '../../src/host/exportDegrees';
import { LabSession } from '../../src/host/session';
import { localNet } from './helpers';

let dir: string;
let session: LabSession;
const asked: Array<[string, string]> = [];
let cancel = false;
const target: SaveTarget = {
  choosePath: async (name, kind) => {
    asked.push([name, kind]);
    return cancel ? null : join(dir, name);
  },
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gossip-lab-export-'));
  asked.length = 0;
  cancel = false;
  session = new LabSession({ shards: 0, saveTarget: target, network: { randomSeed: 4, timing: { gossipCount: 0 } } });
});
afterEach(async () => {
  await session.close();
  await rm(dir, { recursive: true, force: true });
});

function redSquare(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([255, 0, 0, 255], i);
  return PNG.sync.write(png);
}

describe('exportDegrees', () => {
  it('writes the PNG the renderer drew, byte for byte', async () => {
    const bytes = redSquare();
    const r = await session.execute('exportDegrees', { format: 'png', png: bytes.toString('base64') });
    expect(r).toEqual({ ok: true, result: { canceled: false, path: join(dir, 'degree-histogram-both.png') } });
    const written = await readFile(join(dir, 'degree-histogram-both.png'));
    expect(written.equals(bytes)).toBe(true);
    expect(PNG.sync.read(written).width).toBe(8);
    expect(asked).toEqual([['degree-histogram-both.png', 'png']]);
  });

  it('refuses bytes that are not a PNG and writes nothing', async () => {
    const r = await session.execute('exportDegrees', { format: 'png', png: Buffer.from('GIF89a not a png at all').toString('base64') });
    expect(r).toEqual({ ok: false, error: 'the image is not a PNG file (wrong signature); nothing was saved' });
    expect(asked).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes the degree sequence as CSV, in the order of NetworkHost.degrees()', async () => {
    await session.execute('addSeed', {});
    const added = await session.execute('addPeers', { count: 6 });
    expect(added.ok).toBe(true);
    const r = await session.execute('exportDegrees', { format: 'csv' });
    expect(r).toEqual({ ok: true, result: { canceled: false, path: join(dir, 'degree-sequence-both.csv') } });
    const text = await readFile(join(dir, 'degree-sequence-both.csv'), 'utf8');
    const net = localNet(session);
    const expected = [scopeComment('both', 6), 'peer,degree', ...net.peers().map((p, i) => `${p.id},${net.degrees()[i]}`)].join('\n') + '\n';
    expect(text).toBe(expected);
    expect(text.trim().split('\n')).toHaveLength(8);
  });

  it('answers canceled when no path is chosen', async () => {
    cancel = true;
    expect(await session.execute('exportDegrees', { format: 'csv' })).toEqual({ ok: true, result: { canceled: true } });
  });

  it('quotes cells that need it', () => {
    expect(degreeCsv([['a,b', 1], ['[::1]:5', 2]])).toBe('peer,degree\n"a,b",1\n[::1]:5,2\n');
  });
});
