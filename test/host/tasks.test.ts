/**
 * Long host actions as tasks (src/host/tasks.ts): the board's throttled progress events on a
 * manual clock, and — on real nodes over loopback — `addPeers` and `startTopology` reporting
 * progress up to done = total, and `cancelTask` stopping them mid-way with the peers that joined
 * kept and counted in the result.
 */
import { describe, expect, it } from 'vitest';
import { TaskBoard } from '../../src/host/tasks';
import type { LabSession } from '../../src/host/session';
import type { CommandName, CommandReply, UiEvent } from '../../src/shared/types';
import { PROGRESS_INTERVAL_MS } from '../../src/shared/types';
import { ManualClock } from '../helpers/manualClock';
import { Mirror, localNet, sessionPool, waitFor } from './helpers';

const newSession = sessionPool();
type Progress = Extract<UiEvent, { kind: 'progress' }>;

async function run<C extends CommandName>(s: LabSession, name: C, args: unknown): Promise<Extract<CommandReply<C>, { ok: true }>['result']> {
  const reply = await s.execute(name, args);
  if (!reply.ok) throw new Error(`${name}: ${reply.error}`);
  return reply.result as Extract<CommandReply<C>, { ok: true }>['result'];
}

/** Cancels the first running task of kind `task` once `done` reaches `atLeast`, from the event stream as a renderer would. */
function cancelWhen(session: LabSession, task: string, atLeast: number): { asked: () => number | null } {
  let asked: number | null = null;
  session.onBatch((batch) => {
    for (const e of batch) {
      if (asked === null && e.kind === 'progress' && e.task === task && e.state === 'running' && e.done >= atLeast) {
        asked = e.id;
        void session.execute('cancelTask', { id: e.id });
      }
    }
  });
  return { asked: () => asked };
}

describe('TaskBoard', () => {
  it('sends the first progress at once, then at most one per interval with the latest count, and the end at once', () => {
    const clock = new ManualClock();
    const got: Progress[] = [];
    const board = new TaskBoard({ clock, push: (e) => e.kind === 'progress' && got.push(e) });
    const task = board.start('addPeers', 'Adding 100 peers', 100);
    expect(got).toEqual([{ kind: 'progress', task: 'addPeers', id: task.id, label: 'Adding 100 peers', done: 0, total: 100, state: 'running' }]);
    for (let i = 1; i <= 100; i++) {
      task.step(i);
      clock.advance(5); // 100 steps in 500 ms
    }
    clock.advance(PROGRESS_INTERVAL_MS);
    const running = got.filter((e) => e.state === 'running');
    expect(running.length).toBeLessThanOrEqual(1 + 500 / PROGRESS_INTERVAL_MS + 1);
    expect(running.at(-1)!.done).toBe(100);
    task.finish('done', 'Added 100 of 100 peers');
    expect(got.at(-1)).toMatchObject({ state: 'done', done: 100, label: 'Added 100 of 100 peers' });
    expect(board.all()).toEqual([]);
    expect(board.cancel(task.id)).toBeNull(); // ended: nothing to cancel
  });

  it('cancel aborts the signal and says so until the task ends; close aborts the rest', () => {
    const clock = new ManualClock();
    const got: Progress[] = [];
    const board = new TaskBoard({ clock, push: (e) => e.kind === 'progress' && got.push(e) });
    const a = board.start('addPeers', 'Adding 5 peers', 5);
    const b = board.start('startTopology', 'Starting 9 peers of g.txt', 9);
    expect(board.cancel(a.id)).toBe('addPeers');
    expect(a.signal.aborted).toBe(true);
    expect(a.canceled).toBe(true);
    expect(got.at(-1)).toMatchObject({ id: a.id, state: 'running', label: 'Adding 5 peers: canceling…' });
    expect(b.signal.aborted).toBe(false);
    board.close();
    expect(b.signal.aborted).toBe(true);
    expect(b.canceled).toBe(false);
    const before = got.length;
    b.step(3);
    clock.advance(1000);
    expect(got.length).toBe(before); // no event after close, no timer left
    expect(clock.pending).toBe(0);
  });
});

describe('addPeers as a task', () => {
  it('reports progress up to done = total, then done', async () => {
    const session = newSession();
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await run(session, 'addSeed', {});
    const added = await run(session, 'addPeers', { count: 12 });
    expect(added.ids).toHaveLength(12);
    await waitFor('the final progress event', () => mirror.ofKind('progress').some((e) => e.state !== 'running'));
    const events = mirror.ofKind('progress');
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    expect(events.every((e) => e.task === 'addPeers' && e.total === 12)).toBe(true);
    const dones = events.map((e) => e.done);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones); // never backwards
    expect(events.at(-1)).toMatchObject({ state: 'done', done: 12, label: 'Added 12 of 12 peers' });
    expect(session.snapshot().tasks).toEqual([]);
  });

  it('stops starting peers on cancelTask: the ones that joined stay, and the result counts them', async () => {
    const session = newSession();
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await run(session, 'addSeed', {});
    const cancel = cancelWhen(session, 'addPeers', 3);
    const added = await run(session, 'addPeers', { count: 400 });
    expect(cancel.asked()).not.toBeNull();
    expect(added.canceled).toBe(true);
    expect(added.ids.length).toBeGreaterThanOrEqual(3);
    expect(added.ids.length).toBeLessThan(400);
    expect(added.ids.length + added.failed + added.notStarted!).toBe(400);
    // no join after the answer: the network runs exactly the peers the result names
    const net = localNet(session);
    expect(net.peers().map((p) => p.id).sort()).toEqual([...added.ids].sort());
    await waitFor('the canceled progress event', () => mirror.ofKind('progress').some((e) => e.state === 'canceled'));
    const end = mirror.ofKind('progress').at(-1)!;
    expect(end).toMatchObject({ state: 'canceled', total: 400 });
    expect(end.done).toBeLessThan(400);
    expect(end.label).toContain(`${added.ids.length} of 400 peers started and keep running`);
    expect(mirror.ofKind('notice').some((n) => n.text.includes('adding peers canceled'))).toBe(true);
    expect(net.peers().every((p) => p.running)).toBe(true);
    // canceling again: it has ended
    const again = await session.execute('cancelTask', { id: end.id });
    expect(again).toEqual({ ok: false, error: `no task ${end.id} is running (it may have just ended)` });
  });

  it('refuses a bad task id with a sentence', async () => {
    const session = newSession();
    expect(await session.execute('cancelTask', { id: 0 })).toEqual({ ok: false, error: 'task id must be at least 1' });
    expect(await session.execute('cancelTask', { id: 7 })).toEqual({ ok: false, error: 'no task 7 is running (it may have just ended)' });
  });
});

describe('startTopology as a task', () => {
  /** A ring of `n` nodes with a chord every 7th node. */
  const ring = (n: number): string =>
    Array.from({ length: n }, (_, i) => `${i}\t${(i + 1) % n}${i % 7 === 0 ? `\n${i}\t${(i + n / 2) % n}` : ''}`).join('\n');

  it('reports progress up to done = total', async () => {
    const session = newSession();
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await run(session, 'addSeed', {});
    await run(session, 'openTopology', { name: 'ring.txt', text: ring(30) });
    const started = await run(session, 'startTopology', {});
    expect(started.failed).toBe(0);
    await waitFor('the final progress event', () => mirror.ofKind('progress').some((e) => e.state !== 'running'));
    const events = mirror.ofKind('progress');
    expect(events.every((e) => e.task === 'startTopology' && e.total === 30)).toBe(true);
    expect(events.at(-1)).toMatchObject({ state: 'done', done: 30 });
  });

  it('stops on cancelTask: the peers that joined stay, the rest never start', async () => {
    const session = newSession();
    const mirror = new Mirror();
    session.onBatch(mirror.apply);
    await run(session, 'addSeed', {});
    await run(session, 'openTopology', { name: 'ring.txt', text: ring(600) });
    cancelWhen(session, 'startTopology', 5);
    const started = await run(session, 'startTopology', { origins: 0 });
    expect(started.canceled).toBe(true);
    const joined = started.peers.filter((id): id is string => id !== null);
    expect(joined.length).toBeGreaterThanOrEqual(5);
    expect(joined.length).toBeLessThan(600);
    expect(joined.length + started.failed + started.notStarted!).toBe(600);
    const net = localNet(session);
    expect(net.peers().map((p) => p.id).sort()).toEqual([...joined].sort());
    await waitFor('the canceled progress event', () => mirror.ofKind('progress').some((e) => e.state === 'canceled'));
  });

  it('stops in shard processes too (topology-cancel): the peers that joined keep running there', { timeout: 60_000 }, async () => {
    const session = newSession({ shards: 2 });
    await run(session, 'addSeed', {});
    await run(session, 'openTopology', { name: 'ring.txt', text: ring(600) });
    cancelWhen(session, 'startTopology', 5);
    const started = await run(session, 'startTopology', { origins: 0 });
    expect(started.canceled).toBe(true);
    const joined = started.peers.filter((id): id is string => id !== null);
    expect(joined.length).toBeGreaterThanOrEqual(5);
    expect(joined.length).toBeLessThan(600);
    const running = (await session.runtime!.nodes()).filter((n) => n.role === 'peer' && n.running).map((n) => n.id);
    expect(running.sort()).toEqual([...joined].sort());
  });
});
