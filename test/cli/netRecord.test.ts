/**
 * `gossip-lab net --record FILE` as a real OS process: the run, with peers killed by `--churn`,
 * is written in the app's recording format, and the app's own reader (src/renderer/src/recording)
 * opens it, finds the kills, and replays to before and after them. In process and on shards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayPlayer } from '../../src/renderer/src/recording/player';
import type { ReplaySink } from '../../src/renderer/src/recording/player';
import { scanRecording } from '../../src/renderer/src/recording/scan';
import { blobSource } from '../../src/renderer/src/recording/source';
import type { Snapshot, UiEvent } from '../../src/shared/types';
import { exitWithin, killAll, run } from '../helpers/processes';

const dirs: string[] = [];
afterEach(async () => {
  await killAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function cli(name: string, args: string[], ms = 150_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = run(name, args);
  const { code } = await exitWithin(p, ms);
  return { code, stdout: p.stdout, stderr: p.stderr };
}

/** Keeps which nodes are drawn, as the store would. */
class Nodes implements ReplaySink {
  ids = new Set<string>();
  snapshot(s: Snapshot): void {
    this.ids = new Set(s.nodes.map((n) => n.id));
  }
  events(batch: readonly UiEvent[]): void {
    for (const e of batch) {
      if (e.kind === 'node') this.ids.add(e.node.id);
      if (e.kind === 'node-removed') this.ids.delete(e.id);
    }
  }
  cursor(): void {}
}

describe('net --record', () => {
  for (const shards of ['0', '2']) {
    it(`records a run with churn that the app's reader replays (--shards ${shards})`, { timeout: 200_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gossip-lab-netrec-'));
      dirs.push(dir);
      const file = join(dir, 'run.glrec.jsonl');
      const r = await cli('record', ['net', '--shards', shards, '--seeds', '2', '--peers', '12', '--churn', '0.25@1', '--duration', '8', '--liveness-interval', '400', '--gossip-interval', '300', '--gossip-count', '4', '--random-seed', '5', '--record', file, '--json']);
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
      const s = JSON.parse(r.stdout) as { peers: number; recording: { path: string; bytes: number; ended: string }; faults: { killed: number } };
      expect(s.recording).toMatchObject({ path: file, ended: 'stopped' });
      const bytes = await readFile(file);
      expect(s.recording.bytes).toBe(bytes.length);

      const index = await scanRecording(blobSource(new Blob([bytes]), 'run.glrec.jsonl'));
      expect(index.header.source).toBe('cli');
      expect(index.endReason).toBe('stopped');
      expect(index.malformed).toBe(0);
      const downs = index.marks.filter((m) => m.kind === 'down');
      expect(downs.length).toBe(s.faults.killed);
      expect(s.faults.killed).toBe(3);

      const sink = new Nodes();
      const player = new ReplayPlayer(blobSource(new Blob([bytes]), 'run'), index, sink, { now: () => 0, every: () => () => {} });
      const firstKill = Math.min(...downs.map((m) => m.t));
      await player.seek(firstKill - 1);
      for (const d of downs) expect(sink.ids.has(d.node)).toBe(true);
      await player.seek(index.end);
      // every killed peer that was detected is gone by the end; the live ones are all there
      expect(sink.ids.size).toBeGreaterThanOrEqual(2 + s.peers);
      expect(sink.ids.size).toBeLessThanOrEqual(2 + 12);
      player.close();
    });
  }

  it('refuses to overwrite a file, and --repeat', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gossip-lab-netrec-'));
    dirs.push(dir);
    const file = join(dir, 'exists.glrec.jsonl');
    writeFileSync(file, 'precious');
    const r = await cli('exists', ['net', '--shards', '0', '--peers', '3', '--duration', '0', '--record', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exists.*never overwritten/);
    expect(await readFile(file, 'utf8')).toBe('precious');
    const rep = await cli('repeat', ['net', '--shards', '0', '--peers', '3', '--duration', '0', '--repeat', '2', '--record', join(dir, 'x.glrec.jsonl')]);
    expect(rep.code).toBe(2);
    expect(rep.stderr).toMatch(/--record.*--repeat/);
  });
});
