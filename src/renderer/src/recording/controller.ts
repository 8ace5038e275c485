/**
 * Opens a recording and drives the page from it: scans it (with progress and cancel), switches
 * the store, the graph and the plots from the live network to the recording, and back. One
 * replay at a time; opening another closes the first.
 */
import type { Snapshot, UiEvent } from '../../../shared/types';
import { getApi } from '../api';
import { RunSeries } from '../plots/series';
import { setPlotSource } from '../plots/source';
import { useLabStore } from '../store';
import { publishTransient, splitBatch } from '../store/transient';
import { isReplaying, setReplaying } from './mode';
import { ReplayPlayer } from './player';
import type { ReplaySink } from './player';
import { IDLE, useReplayStore } from './replayStore';
import { scanRecording } from './scan';
import type { ByteSource } from './source';

let player: ReplayPlayer | null = null;
let series: RunSeries | null = null;
let opening: AbortController | null = null;

/**
 * Opens `source` and shows it at its start. Resolves when it is open (or failed: the replay
 * store then says why). A second call cancels an opening under way.
 */
export async function openRecording(source: ByteSource): Promise<void> {
  opening?.abort();
  const ctrl = new AbortController();
  opening = ctrl;
  closePlayer();
  useReplayStore.setState({ ...IDLE, status: 'opening', name: source.name, progress: { done: 0, total: 0 } });
  const built = new RunSeries();
  let firstKeyframe = true;
  try {
    const index = await scanRecording(source, {
      signal: ctrl.signal,
      // the plots start from the first keyframe; the batches after it carry every change
      onKeyframe: (t, k) => {
        if (firstKeyframe) built.applySnapshot(t, k);
        firstKeyframe = false;
      },
      onBatch: (t, e) => built.apply(t, e),
      onProgress: (done, total) => useReplayStore.setState({ progress: { done, total } }),
    });
    if (ctrl.signal.aborted) return;
    series = built;
    setReplaying(true);
    let self: ReplayPlayer | null = null;
    self = new ReplayPlayer(source, index, sinkFor(() => self), undefined, (err) => {
      if (self === player) useReplayStore.setState({ error: `cannot read the recording: ${message(err)}` });
    });
    player = self;
    useReplayStore.setState({
      status: 'open',
      progress: null,
      start: index.start,
      end: index.end,
      cursor: index.start,
      marks: index.marks,
      marksDropped: index.marksDropped,
      endReason: index.endReason,
      malformed: index.malformed,
      droppedEvents: index.droppedEvents,
      events: index.events,
    });
    await player.seek(index.start);
  } catch (err) {
    // a later opening took over: it owns the replay store now
    if (opening !== ctrl) return;
    if (ctrl.signal.aborted) {
      // cancelled, and nothing replaces it: back to the live network (a replay shown before was closed)
      opening = null;
      await closeRecording();
      return;
    }
    setReplaying(false);
    useReplayStore.setState({ ...IDLE, status: 'error', name: source.name, error: message(err) });
    void refreshLive();
  } finally {
    if (opening === ctrl) opening = null;
  }
}

/** Cancels an opening under way. */
export function cancelOpening(): void {
  opening?.abort();
}

/** Leaves the replay: the live network comes back (a fresh snapshot). */
export async function closeRecording(): Promise<void> {
  opening?.abort();
  closePlayer();
  useReplayStore.setState({ ...IDLE });
  setPlotSource('live', null);
  setReplaying(false);
  await refreshLive();
}

/** Shows the live network again: a fresh snapshot (unless a replay took over meanwhile). */
async function refreshLive(): Promise<void> {
  const r = await getApi().command('snapshot', {});
  if (isReplaying()) return;
  if (r.ok) useLabStore.getState().applySnapshot(r.result);
  else useLabStore.getState().addNotice('error', `could not load the live state: ${r.error}`);
}

/** The replay's controls (the timeline's buttons and slider). */
export const replay = {
  play: (): void => player?.play(),
  pause: (): void => player?.pause(),
  toggle: (): void => {
    if (player?.playing) player.pause();
    else player?.play();
  },
  setSpeed: (x: number): void => {
    player?.setSpeed(x);
    useReplayStore.setState({ speed: player?.rate ?? 1 });
  },
  /** Moves the cursor to `t` (ms since epoch). */
  seek: (t: number): Promise<void> => player?.seek(t) ?? Promise.resolve(),
  /** Moves the cursor to the next (1) or previous (−1) mark. */
  step: (direction: 1 | -1): Promise<void> => {
    const { marks, cursor } = useReplayStore.getState();
    const next = direction > 0 ? marks.find((m) => m.t > cursor) : [...marks].reverse().find((m) => m.t < cursor);
    return next ? replay.seek(next.t) : Promise.resolve();
  },
};

/** The sink of `owner`: what it sends is applied only while it is the player shown (a closed one's late reads are dropped). */
function sinkFor(owner: () => ReplayPlayer | null): ReplaySink {
  const current = (): boolean => owner() !== null && owner() === player;
  return {
    snapshot(s: Snapshot): void {
      if (!current()) return;
      // the host's own state — its recording, runtime, opened edge list, key, long actions — stays the live one
      const live = useLabStore.getState();
      const tasks = [...live.tasks.values()];
      live.applySnapshot({ ...s, recording: live.recording, runtime: live.runtime ?? s.runtime, topology: live.topology, networkKey: live.networkKey, tasks });
    },
    events(batch: readonly UiEvent[], animate: boolean): void {
      if (current()) applyReplayed(batch, animate);
    },
    cursor(t: number, playing: boolean): void {
      if (!current()) return;
      useReplayStore.setState({ cursor: t, playing });
      if (series) setPlotSource(series, t);
    },
  };
}

/** Applies replayed events: the store gets what it keeps; gossip and liveness animate while playing. */
function applyReplayed(batch: readonly UiEvent[], animate: boolean): void {
  // the recorded host's own events (notices, tasks, load) were left out by sanitize.ts
  const { stored, transient } = splitBatch(batch);
  if (stored.length > 0) useLabStore.getState().applyEvents(stored);
  if (animate) publishTransient(transient);
}

function closePlayer(): void {
  player?.close();
  player = null;
  series = null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
