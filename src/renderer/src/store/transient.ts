/**
 * A small event bus for high-rate events that must not go through React state: gossip receipts,
 * liveness misses and dead reports. The graph subscribes and animates from it directly.
 */
import type { UiEvent } from '../../../shared/types';

/** The events that travel on the bus rather than through the store. */
export type TransientEvent = Extract<UiEvent, { kind: 'gossip' | 'liveness-missed' | 'dead-reported' }>;

type Listener = (events: readonly TransientEvent[]) => void;
const listeners = new Set<Listener>();

/** True for the event kinds that travel on the bus. */
export function isTransient(ev: UiEvent): ev is TransientEvent {
  return ev.kind === 'gossip' || ev.kind === 'liveness-missed' || ev.kind === 'dead-reported';
}

/**
 * Splits a batch into what the store keeps and what travels on the bus. A dead report goes to
 * both: it animates, and it ends the suspicions of the node it names (the store keeps those).
 */
export function splitBatch(batch: readonly UiEvent[]): { stored: UiEvent[]; transient: TransientEvent[] } {
  const stored: UiEvent[] = [];
  const transient: TransientEvent[] = [];
  for (const ev of batch) {
    if (!isTransient(ev)) stored.push(ev);
    else {
      transient.push(ev);
      if (ev.kind === 'dead-reported') stored.push(ev);
    }
  }
  return { stored, transient };
}

/** Delivers a batch of transient events to every subscriber. */
export function publishTransient(events: readonly TransientEvent[]): void {
  if (events.length === 0) return;
  for (const l of listeners) l(events);
}

/** Subscribes to transient events; returns the unsubscribe function. */
export function subscribeTransient(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
