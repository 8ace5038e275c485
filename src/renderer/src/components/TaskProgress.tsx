/**
 * A long host action's progress where it was started (PeerControls, TopologyPanel): its label, a
 * bar (role=progressbar, "n of N") and a Cancel button while it runs; how it ended after, until
 * dismissed. `TaskStatus` is the status bar's one-line summary of the tasks running.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TaskProgress as Progress } from '../../../shared/types';
import { getApi } from '../api';
import { useLabStore, type LabState } from '../store';

/** The newest task of kind `task` (the command's name), or null. */
export function latestTask(s: Pick<LabState, 'tasks'>, task: string): Progress | null {
  let best: Progress | null = null;
  for (const t of s.tasks.values()) if (t.task === task && (best === null || t.id > best.id)) best = t;
  return best;
}

/** Asks the host to cancel task `id`; a failure (it ended meanwhile) becomes a notice. */
async function cancel(id: number): Promise<void> {
  const reply = await getApi().command('cancelTask', { id });
  if (!reply.ok) useLabStore.getState().addNotice('error', `Cancel failed: ${reply.error}`);
}

/** The bar of the newest `task` (`data-testid="progress-<task>"`, `data-state`, `data-done`). */
export function TaskProgress({ task }: { task: string }) {
  const t = useLabStore((s) => latestTask(s, task));
  const dismiss = useLabStore((s) => s.dismissTask);
  const [asked, setAsked] = useState<number | null>(null);
  if (t === null) return null;
  const running = t.state === 'running';
  const pct = t.total > 0 ? Math.round((100 * t.done) / t.total) : 0;
  return (
    <div className={`task-progress ${t.state}`} data-testid={`progress-${task}`} data-state={t.state} data-done={t.done} data-total={t.total}>
      <div className="task-progress-label" role={running ? undefined : 'status'}>
        {t.label}
      </div>
      <div className="task-progress-row">
        <div
          className="task-progress-bar"
          role="progressbar"
          aria-label={t.label}
          aria-valuemin={0}
          aria-valuemax={t.total}
          aria-valuenow={t.done}
          aria-valuetext={`${t.done} of ${t.total}`}
        >
          <div className="task-progress-fill" style={{ width: `${pct}%` }} />
        </div>
        <span className="task-progress-count" data-testid={`progress-${task}-count`}>
          {t.done} of {t.total}
        </span>
        {running ? (
          <button
            type="button"
            className="btn small"
            data-testid={`progress-${task}-cancel`}
            disabled={asked === t.id}
            onClick={() => {
              setAsked(t.id);
              void cancel(t.id);
            }}
          >
            {asked === t.id ? 'Canceling…' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="notice-close" aria-label="dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}

/** The tasks running now, in the status bar (`data-testid="task-status"`), or nothing. */
export function TaskStatus() {
  const running = useLabStore(useShallow((s) => [...s.tasks.values()].filter((t) => t.state === 'running')));
  if (running.length === 0) return null;
  return (
    <span data-testid="task-status" className="task-status">
      {running.map((t) => (
        <span key={t.id}>
          {t.label.split(':')[0]}: <b>{t.done}</b> of {t.total}
        </span>
      ))}
    </span>
  );
}
