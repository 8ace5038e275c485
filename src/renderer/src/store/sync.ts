/**
 * Feeds the store from the host: the `snapshot` command at start (and after each reconnect), then
 * every `UiEvent` batch. Gossip, liveness and dead-report events go to the transient bus (they
 * animate; they are sampled, so nothing is counted from them); dead reports also reach the store,
 * where they end suspicions. A message's `reached` is the
 * host's count, as its `message` events and snapshots carry it: the renderer keeps no count of its own.
 */
import type { Snapshot, UiEvent } from '../../../shared/types';
import type { RendererApi } from '../api/types';
import { isHostState, isReplaying } from '../recording/mode';
import { publishTransient, splitBatch } from './transient';
import type { LabStore } from './index';

/** Delay before retrying a failed first snapshot, ms. */
const SNAPSHOT_RETRY_MS = 1000;

/** What else {@link startSync} does with each batch. */
export interface SyncOptions {
  /** Called with every batch once the store and the transient bus have it (main.tsx: the screen-delay probe). */
  afterBatch?: (batch: readonly UiEvent[]) => void;
  /** Called with every snapshot (the first, and after each reconnect) once the store has it (main.tsx: the live plots' starting peers and links). */
  afterSnapshot?: (snapshot: Snapshot) => void;
}

/**
 * Starts feeding `store` from `api`.
 * @returns a function that stops it (listeners removed, timers cleared)
 */
export function startSync(api: RendererApi, store: LabStore, options: SyncOptions = {}): () => void {
  const ctrl = new AbortController();
  const { signal } = ctrl;
  let retry: ReturnType<typeof setTimeout> | null = null;

  api.onEvents(
    (batch: UiEvent[]) => {
      if (isReplaying()) {
        // a replay owns the graph: only the host's own state (notices, load, recording, tasks) goes on
        const host = batch.filter(isHostState);
        if (host.length > 0) store.getState().applyEvents(host);
        options.afterBatch?.(batch);
        return;
      }
      const { stored, transient } = splitBatch(batch);
      if (stored.length > 0) store.getState().applyEvents(stored);
      publishTransient(transient);
      options.afterBatch?.(batch);
    },
    { signal },
  );

  let failures = 0;
  const fetchSnapshot = (): void => {
    void api.command('snapshot', {}).then((reply) => {
      if (signal.aborted) return;
      if (reply.ok) {
        store.getState().applySnapshot(reply.result);
        options.afterSnapshot?.(reply.result);
      } else {
        // One notice, not one per retry.
        if (failures++ === 0) store.getState().addNotice('error', `could not load the current state: ${reply.error} — retrying`);
        retry = setTimeout(fetchSnapshot, SNAPSHOT_RETRY_MS);
      }
    });
  };
  fetchSnapshot();

  api.onResync(
    (snapshot) => {
      if (!isReplaying()) store.getState().applySnapshot(snapshot);
      options.afterSnapshot?.(snapshot);
    },
    { signal },
  );

  let wasOpen = false;
  api.onConnection(
    (state) => {
      const s = store.getState();
      s.setConnection(state);
      if (state === 'lost' && wasOpen) s.addNotice('error', 'connection to the host lost — reconnecting…');
      if (state === 'open' && wasOpen) s.addNotice('info', 'reconnected to the host');
      if (state === 'open') wasOpen = true;
    },
    { signal },
  );

  return () => {
    ctrl.abort();
    if (retry !== null) clearTimeout(retry);
  };
}
