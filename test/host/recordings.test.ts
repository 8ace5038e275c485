/**
 * Every run recorded (src/host/recordings.ts, recorder.ts) and replayed from the file
 * (src/renderer/src/recording): a real network on loopback with a crash, read back through the
 * `readRecording` command as the page reads it, scanned, and replayed to before and after the kill.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addrKey } from '../../src/core/protocol/addr';
import { NetworkHost } from '../../src/core/runtime/network';
import { ReplayPlayer } from '../../src/renderer/src/recording/player';
import type { ReplaySink, Ticker } from '../../src/renderer/src/recording/player';
import { scanRecording } from '../../src/renderer/src/recording/scan';
import { hostSource } from '../../src/renderer/src/recording/source';
import { RECORDING_FORMAT } from '../../src/shared/recording';
import type { NodeLife, Snapshot, UiEvent } from '../../src/shared/types';
import { localNet, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gossip-lab-rec-'));
  dirs.push(d);
  return d;
}

/** Fast liveness, so a crash is detected in a few hundred ms; a little gossip. */
const FAST = { livenessIntervalMs: 120, livenessMisses: 3, gossipIntervalMs: 100, gossipCount: 2 };

/** A sink that keeps what the store would: nodes with their life, and links. */
class StateSink implements ReplaySink {
  nodes = new Map<string, NodeLife>();
  links = new Set<string>();
  at = 0;
  snapshots = 0;
  snapshot(s: Snapshot): void {
    this.snapshots++;
    this.nodes = new Map(s.nodes.map((n) => [n.id, n.life]));
    this.links = new Set(s.links.map(([a, b]) => `${a} ${b}`));
  }
  events(batch: readonly UiEvent[]): void {
    for (const e of batch) {
      if (e.kind === 'node') this.nodes.set(e.node.id, e.node.life);
      else if (e.kind === 'node-removed') this.nodes.delete(e.id);
      else if (e.kind === 'link') {
        if (e.up) this.links.add(`${e.a} ${e.b}`);
        else this.links.delete(`${e.a} ${e.b}`);
      }
    }
  }
  cursor(t: number): void {
    this.at = t;
  }
}

const noTicker: Ticker = { now: () => 0, every: () => () => {} };

describe('recordings', () => {
  it('records a run with a kill; the file replays to the state before and after it', async () => {
    const dir = tempDir();
    const session = newSession({ network: { randomSeed: 11 }, recordingsDir: dir, recording: { keyframeIntervalMs: 300 } });
    await session.execute('setTiming', FAST);
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    const added = await session.execute('addPeers', { count: 8 });
    expect(added.ok).toBe(true);
    const net = localNet(session);
    await waitFor('a recording to be open', () => session.snapshot().recording.active !== null);
    const listers = (id: string) => net.peers().filter((p) => p.neighbours().includes(id)).length;
    await waitFor('a peer two others list', () => net.peers().some((p) => listers(p.id) >= 2 && net.seeds().every((s) => s.peers().some((e) => addrKey(e) === p.id))));
    const victim = net.peers().find((p) => listers(p.id) >= 2 && net.seeds().every((s) => s.peers().some((e) => addrKey(e) === p.id)))!.id;
    await waitFor('the victim drawn', () => session.snapshot().nodes.some((n) => n.id === victim));
    const beforeKill = Date.now();
    expect((await session.execute('killNode', { id: victim })).ok).toBe(true);
    await waitFor('the victim removed', () => !session.snapshot().nodes.some((n) => n.id === victim), { timeoutMs: 60_000 });
    const afterRemoval = Date.now();
    await new Promise((r) => setTimeout(r, 200)); // one more batch and keyframe
    const stopped = await session.execute('stopRecording', {});
    expect(stopped.ok && stopped.result.active).toBe(null);

    const listed = await session.execute('recordings', {});
    if (!listed.ok) throw new Error(listed.error);
    expect(listed.result.recordings).toHaveLength(1);
    const info = listed.result.recordings[0]!;
    expect(info.active).toBe(false);
    const text = readFileSync(join(dir, info.name), 'utf8');
    expect(JSON.parse(text.split('\n', 1)[0]!)).toMatchObject({ format: RECORDING_FORMAT, version: 1, source: 'app' });
    expect(text.endsWith('"end":"stopped"}\n')).toBe(true);
    expect(text).not.toContain('"kind":"load"');

    // read back through the command, in small pieces, as the page does
    const source = hostSource({ command: (name, args) => session.execute(name, args) }, info.name);
    const index = await scanRecording(source);
    expect(index.malformed).toBe(0);
    expect(index.endReason).toBe('stopped');
    expect(index.keyframes.length).toBeGreaterThan(1);
    const down = index.marks.find((m) => m.kind === 'down' && m.node === victim);
    const removed = index.marks.find((m) => m.kind === 'removed' && m.node === victim);
    expect(down, JSON.stringify(index.marks)).toBeDefined();
    expect(removed).toBeDefined();
    expect(down!.t).toBeGreaterThanOrEqual(beforeKill);
    expect(removed!.t).toBeLessThanOrEqual(afterRemoval + 100);

    const sink = new StateSink();
    const player = new ReplayPlayer(source, index, sink, noTicker);
    await player.seek(removed!.t + 1);
    expect(sink.nodes.has(victim)).toBe(false);
    expect([...sink.links].some((l) => l.split(' ').includes(victim))).toBe(false);
    // back before the kill: the victim is up, with links
    await player.seek(down!.t - 1);
    expect(sink.nodes.get(victim)).toBe('up');
    expect([...sink.links].some((l) => l.split(' ').includes(victim))).toBe(true);
    expect(sink.at).toBe(down!.t - 1);
    // and forward again, across the kill: down (or dead), then gone
    await player.seek(down!.t);
    expect(['down', 'dead']).toContain(sink.nodes.get(victim));
    await player.seek(index.end);
    expect(sink.nodes.has(victim)).toBe(false);
    expect(sink.nodes.size).toBe(2 + 8 - 1);
    player.close();
  }, 120_000);

  it('starts a new recording with the next run after Stop all, and none when recording is off', async () => {
    const dir = tempDir();
    const session = newSession({ recordingsDir: dir });
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    await waitFor('a recording', () => session.snapshot().recording.active !== null);
    expect((await session.execute('stopAll', {})).ok).toBe(true);
    await waitFor('it ended', () => session.snapshot().recording.active === null);
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    await waitFor('a second recording', () => session.snapshot().recording.active !== null);
    const off = await session.execute('setRecording', { on: false });
    expect(off.ok && off.result).toEqual({ on: false, active: null, stopped: null });
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(session.snapshot().recording.active).toBe(null);
    const listed = await session.execute('recordings', {});
    expect(listed.ok && listed.result.recordings.map((r) => r.active)).toEqual([false, false]);
  });

  it('records a remote network watched through its seed, with no local node, and replays it', async () => {
    const elsewhere = new NetworkHost({ host: '127.0.0.2', randomSeed: 21, timing: { gossipCount: 0 } });
    try {
      const seed = await elsewhere.addSeed();
      await elsewhere.addPeers(5);
      const dir = tempDir();
      const session = newSession({ recordingsDir: dir, observerIntervalMs: 50 });
      expect((await session.execute('connectRemoteSeed', { address: seed })).ok).toBe(true);
      const remoteIds = [seed, ...elsewhere.peers().map((p) => p.id)];
      await waitFor('the remote network drawn', () => remoteIds.every((id) => session.snapshot().nodes.some((n) => n.id === id && n.origin === 'remote')));
      await waitFor('a recording', () => session.snapshot().recording.active !== null);
      await new Promise((r) => setTimeout(r, 200));
      const name = session.snapshot().recording.active!.name;
      expect((await session.execute('stopRecording', {})).ok).toBe(true);
      const source = hostSource({ command: (n, a) => session.execute(n, a) }, name);
      const index = await scanRecording(source);
      const sink = new StateSink();
      const player = new ReplayPlayer(source, index, sink, noTicker);
      await player.seek(index.end);
      for (const id of remoteIds) expect(sink.nodes.get(id), id).toBe('up');
      const links = elsewhere.links().map(([a, b]) => (a < b ? `${a} ${b}` : `${b} ${a}`));
      for (const l of links) expect(sink.links.has(l), l).toBe(true);
      player.close();
    } finally {
      await elsewhere.stopAll();
    }
  });

  it('the size limit ends the recording and no new one starts until the run ends; then the next run is recorded', async () => {
    const dir = tempDir();
    const session = newSession({ recordingsDir: dir, recording: { maxBytes: 6000 } });
    await session.execute('setTiming', { gossipCount: 0 });
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    expect((await session.execute('addPeers', { count: 12 })).ok).toBe(true);
    await waitFor('the limit', () => session.snapshot().recording.stopped !== null);
    expect(session.snapshot().recording.stopped).toMatch(/size limit .* the run goes on unrecorded/);
    // more nodes are drawn: still no new recording
    expect((await session.execute('addPeers', { count: 3 })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(session.snapshot().recording.active).toBe(null);
    const listed = await session.execute('recordings', {});
    expect(listed.ok && listed.result.recordings).toHaveLength(1);
    const text = readFileSync(join(dir, (listed.ok && listed.result.recordings[0]!.name) || ''), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(6000);
    expect(text.endsWith('"end":"limit"}\n')).toBe(true);
    // Stop all ends the run; the next one is recorded again
    expect((await session.execute('stopAll', {})).ok).toBe(true);
    expect((await session.execute('addSeed', {})).ok).toBe(true);
    await waitFor('a new recording', () => session.snapshot().recording.active !== null);
    expect(session.snapshot().recording.stopped).toBe(null);
  });

  it('refuses names outside its directory and answers an error without a directory', async () => {
    const session = newSession({ recordingsDir: tempDir() });
    for (const name of ['../etc/passwd', '/etc/passwd', 'x/../../y.glrec.jsonl']) {
      const r = await session.execute('readRecording', { name, offset: 0, length: 10 });
      expect(r.ok).toBe(false);
    }
    const r = await session.execute('readRecording', { name: 'passwd', offset: 0, length: 10 });
    expect(r).toEqual({ ok: false, error: '"passwd" is not a recording name' });
    const none = newSession({});
    expect(await none.execute('recordings', {})).toEqual({ ok: false, error: 'recording is not available in this host' });
  });
});
