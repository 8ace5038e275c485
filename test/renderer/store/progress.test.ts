/**
 * The store's tasks and notices: `progress` events become one entry per task (running, then how
 * it ended; old ended ones dropped), a snapshot brings the running ones, and notices that repeat
 * (from the host with its count, or raised here) show once with a count.
 */
import { describe, expect, it } from 'vitest';
import { fromSnapshot, makeNotice, pushNotices, reduceEvents } from '../../../src/renderer/src/store/reduce';
import { useLabStore } from '../../../src/renderer/src/store';
import { MAX_ENDED_TASKS, NOTICE_COALESCE_MS } from '../../../src/renderer/src/store/types';
import type { LabState } from '../../../src/renderer/src/store';
import type { TaskProgress, UiEvent } from '../../../src/shared/types';
import { snapshot } from '../fixtures';

const progress = (id: number, done: number, state: TaskProgress['state'] = 'running', task = 'addPeers'): UiEvent => ({ kind: 'progress', task, id, label: `task ${id}`, done, total: 60, state });
const fresh = (): LabState => ({ ...useLabStore.getState(), tasks: new Map(), notices: [] });
const apply = (s: LabState, batch: UiEvent[]): LabState => ({ ...s, ...reduceEvents(s, batch) });

describe('tasks in the store', () => {
  it('keeps the latest progress of each task, and how it ended', () => {
    let s = fresh();
    s = apply(s, [progress(1, 0), progress(1, 12)]);
    expect(s.tasks.get(1)).toEqual({ task: 'addPeers', id: 1, label: 'task 1', done: 12, total: 60, state: 'running' });
    s = apply(s, [progress(1, 23, 'canceled'), progress(2, 3, 'running', 'startTopology')]);
    expect(s.tasks.get(1)?.state).toBe('canceled');
    expect(s.tasks.get(1)?.done).toBe(23);
    expect(s.tasks.get(2)?.task).toBe('startTopology');
  });

  it('drops the oldest ended tasks beyond MAX_ENDED_TASKS, never a running one', () => {
    let s = fresh();
    s = apply(s, [progress(1, 5)]);
    for (let id = 2; id < 2 + MAX_ENDED_TASKS + 3; id++) s = apply(s, [progress(id, 60, 'done')]);
    const ended = [...s.tasks.values()].filter((t) => t.state !== 'running');
    expect(ended).toHaveLength(MAX_ENDED_TASKS);
    expect(Math.min(...ended.map((t) => t.id))).toBe(5);
    expect(s.tasks.get(1)?.state).toBe('running');
  });

  it('takes the running tasks from a snapshot, and dismissTask forgets one', () => {
    const running: TaskProgress = { task: 'startTopology', id: 9, label: 'Starting 500 peers of g.txt', done: 40, total: 500, state: 'running' };
    const patch = fromSnapshot(snapshot({ tasks: [running] }), { selectedNode: null });
    expect([...patch.tasks!.values()]).toEqual([running]);
    useLabStore.setState({ tasks: patch.tasks! });
    useLabStore.getState().dismissTask(9);
    expect(useLabStore.getState().tasks.size).toBe(0);
  });
});

describe('notices that repeat', () => {
  const hostNotice = (text: string, at: number, count?: number, key?: string): UiEvent => ({ kind: 'notice', level: 'error', text, at, ...(key ? { key } : {}), ...(count ? { count } : {}) });

  it('shows a host notice that repeats once, with the host count, at the top', () => {
    let s = fresh();
    s = apply(s, [hostNotice('seed x does not answer', 1000, 1, 'error:seed x does not answer'), hostNotice('other', 1100)]);
    expect(s.notices.map((n) => n.text)).toEqual(['other', 'seed x does not answer']);
    const id = s.notices[1]!.id;
    s = apply(s, [hostNotice('seed x does not answer', 4000, 3, 'error:seed x does not answer')]);
    expect(s.notices).toHaveLength(2);
    expect(s.notices[0]).toMatchObject({ id, text: 'seed x does not answer', count: 3, at: 4000 });
  });

  it('counts repeats raised in the page, within the window only', () => {
    let list = pushNotices([], [makeNotice('error', 'Add peers failed: start a seed first', 1000)]);
    list = pushNotices(list, [makeNotice('error', 'Add peers failed: start a seed first', 2000)]);
    list = pushNotices(list, [makeNotice('error', 'Add peers failed: start a seed first', 3000)]);
    expect(list).toHaveLength(1);
    expect(list[0]!.count).toBe(3);
    list = pushNotices(list, [makeNotice('error', 'Add peers failed: start a seed first', 3000 + NOTICE_COALESCE_MS)]);
    expect(list.map((n) => n.count)).toEqual([1, 3]);
    // another level is another notice
    list = pushNotices(list, [makeNotice('info', 'Add peers failed: start a seed first', 3000 + NOTICE_COALESCE_MS)]);
    expect(list).toHaveLength(3);
  });

  it('coalesces the store action addNotice too', () => {
    useLabStore.setState({ notices: [] });
    useLabStore.getState().addNotice('info', 'Started 10 peers', 1);
    useLabStore.getState().addNotice('info', 'Started 10 peers', 2);
    expect(useLabStore.getState().notices.map((n) => [n.text, n.count])).toEqual([['Started 10 peers', 2]]);
  });
});
