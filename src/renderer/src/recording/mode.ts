/**
 * Whether the page shows a replay instead of the live network. While it does, the live event
 * batches and resynchronisations do not reach the store (store/sync.ts asks here); leaving the
 * replay fetches a fresh snapshot.
 */
import type { UiEvent } from '../../../shared/types';

let replaying = false;

/** True while a replay owns the store. */
export function isReplaying(): boolean {
  return replaying;
}

/** Sets whether a replay owns the store (recording/controller.ts only). */
export function setReplaying(on: boolean): void {
  replaying = on;
}

/** Event kinds about the host itself, not the network: they reach the store during a replay too. */
const HOST_STATE: ReadonlySet<string> = new Set(['notice', 'load', 'recording', 'progress']);

/** True for an event about the host itself (a notice, its load, its recording, a task's progress). */
export function isHostState(ev: UiEvent): boolean {
  return HOST_STATE.has(ev.kind);
}
