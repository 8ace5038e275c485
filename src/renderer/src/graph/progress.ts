/**
 * The progress of the graph's background layout, for the toolbar: a tiny external store
 * (`useSyncExternalStore`) fed by GraphView from the controller. null when no layout runs.
 */
import type { LayoutProgress } from './layout';

let current: LayoutProgress | null = null;
const listeners = new Set<() => void>();

/** Publishes the layout's progress (null: none runs). */
export function setLayoutProgress(p: LayoutProgress | null): void {
  current = p;
  for (const l of listeners) l();
}

/** The layout's progress now, or null. */
export function getLayoutProgress(): LayoutProgress | null {
  return current;
}

/** Calls `listener` on every change; returns the unsubscribe function. */
export function subscribeLayoutProgress(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
