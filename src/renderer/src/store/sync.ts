/**
 * Feeds the store from the host: the `snapshot` command at start (and after each reconnect), then
 * every `UiEvent` batch. Gossip, liveness and dead-report events go to the transient bus; gossip
 * receipts are also counted per message (1 + receipts) and `reached` is raised to that count a
 * few times a second (the host's own `message` updates, when it sends them, are exact and win).
 */
import type { UiEvent } from '../../../shared/contract';
import type { RendererApi } from '../api/types';
import { isTransient, publishTransient, type TransientEvent } from './transient';
import type { LabStore } from './index';
import { screenDelay } from '../metrics';

/** How often counted gossip receipts are written to the store, ms. */
const REACHED_FLUSH_MS = 250;
/** Counted messages kept before ids no longer in the store are dropped. */
const PRUNE_AT = 1000;
/** Delay before retrying a failed first snapshot, ms. */
const SNAPSHOT_RETRY_MS = 1000;

/**
 * Starts feeding `store` from `api`.
 * @returns a function that stops it (listeners removed, timers cleared)
 */
export function startSync(api: RendererApi, store: LabStore): () => void {
  const ctrl = new AbortController();
  const { signal } = ctrl;
  /** Message id → 1 (origin) + gossip receipts seen, cumulative. */
  let reached = new Map<string, number>();
  let dirty = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const flush = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    const s = store.getState();
    s.raiseReached(reached);
    if (reached.size > PRUNE_AT) for (const id of reached.keys()) if (!s.messages.has(id)) reached.delete(id);
  }, REACHED_FLUSH_MS);

  api.onEvents(
    (batch: UiEvent[]) => {
      const rest: UiEvent[] = [];
      const transient: TransientEvent[] = [];
      for (const ev of batch) {
        if (!isTransient(ev)) rest.push(ev);
        else {
          transient.push(ev);
          if (ev.kind === 'gossip') {
            reached.set(ev.id, (reached.get(ev.id) ?? 1) + 1);
            dirty = true;
          }
        }
      }
      if (rest.length > 0) store.getState().applyEvents(rest);
      publishTransient(transient);
      screenDelay.observe(batch);
    },
    { signal },
  );

  let failures = 0;
  const fetchSnapshot = (): void => {
    void api.command('snapshot', {}).then((reply) => {
      if (signal.aborted) return;
      if (reply.ok) {
        reached = new Map(reply.result.messages.map((m) => [m.id, m.reached]));
        store.getState().applySnapshot(reply.result);
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
      reached = new Map(snapshot.messages.map((m) => [m.id, m.reached]));
      store.getState().applySnapshot(snapshot);
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
    clearInterval(flush);
    if (retry !== null) clearTimeout(retry);
  };
}
