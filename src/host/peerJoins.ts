/**
 * The session's `addPeers`: peers join one after another (in a sharded runtime: one per shard at
 * a time) as a task of ./tasks.ts — a `progress` event as joins end (throttled), and a
 * `cancelTask` that stops starting more. Peers that joined before the cancel keep running.
 */
import type { Runtime } from '../core/runtime/runtime';
import type { CommandResults } from '../shared/types';
import type { TaskBoard } from './tasks';

/** `addPeers` gives up after this many failed joins in a row. */
export const MAX_FAILED_JOINS = 3;

/** What {@link addPeersTask} needs from its session. */
export interface PeerJoinContext {
  /** The runtime that runs the nodes (started when there is none). */
  runtime: () => Promise<Runtime>;
  tasks: TaskBoard;
  /** Aborts when the session closes. */
  closed: AbortSignal;
  notice: (level: 'info' | 'error', text: string) => void;
  /** A peer joined (or failed): the degree report should be recomputed. */
  topologyChanged: () => void;
}

const peers = (n: number): string => `${n} peer${n === 1 ? '' : 's'}`;

/**
 * Starts `count` peers, each joining before the next starts. It stops early on `cancelTask`, on
 * `stopAll`, on close, and after {@link MAX_FAILED_JOINS} failed joins in a row.
 * @returns the peers that joined (`ids`), the joins that failed, and, when it stopped early, how
 *   many were never tried (`notStarted`) and whether a cancel stopped it.
 * @throws Error when there is no seed.
 */
export async function addPeersTask(count: number, ctx: PeerJoinContext): Promise<CommandResults['addPeers']> {
  const rt = await ctx.runtime();
  const task = ctx.tasks.start('addPeers', `Adding ${peers(count)}`, count, ctx.closed);
  const giveUp = new AbortController();
  const stop = AbortSignal.any([task.signal, giveUp.signal]);
  let tried = 0;
  let failed = 0;
  let failedInARow = 0;
  let ids: string[];
  try {
    ids = await rt.addPeers(count, {
      signal: stop,
      onPeer: (id) => {
        tried++;
        ctx.topologyChanged(); // the network lists a peer only once it has joined
        failedInARow = id === null ? failedInARow + 1 : 0;
        if (id === null) failed++;
        task.step(tried, `Adding ${peers(count)}: ${tried - failed} joined${failed > 0 ? `, ${failed} failed` : ''}`);
        if (failedInARow >= MAX_FAILED_JOINS && tried < count && !stop.aborted) {
          ctx.notice('error', `stopped adding peers after ${MAX_FAILED_JOINS} failed joins in a row (${count - tried} not started)`);
          giveUp.abort();
        }
      },
    });
  } catch (e) {
    task.finish('failed', `Adding peers failed: ${e instanceof Error ? e.message : String(e)}`, tried);
    throw e;
  }
  const started = ids.length;
  const notStarted = count - tried;
  if (task.canceled && notStarted > 0) {
    const text = `Canceled: ${started} of ${peers(count)} started and keep running; ${notStarted} not started`;
    task.finish('canceled', text, tried);
    ctx.notice('info', `adding peers canceled: ${started} of ${peers(count)} started and keep running (Stop all removes them); ${notStarted} not started`);
    return { ids, failed, canceled: true, notStarted };
  }
  if (notStarted > 0) {
    const why = giveUp.signal.aborted ? `${MAX_FAILED_JOINS} failed joins in a row` : 'the network was stopped';
    task.finish('failed', `Stopped after ${why}: ${started} of ${peers(count)} started`, tried);
    return { ids, failed: count - started, notStarted };
  }
  task.finish('done', `Added ${started} of ${peers(count)}${failed > 0 ? `, ${failed} failed` : ''}`, count);
  return { ids, failed };
}
