/**
 * The renderer store: one zustand store combined from slices, fed only by the host's `snapshot`
 * result and `UiEvent` batches (see ./sync.ts). High-rate gossip events never enter it one by one.
 */
import { create } from 'zustand';
import { createChaosSlice, createDegreeSlice, createGraphSlice, createMessagesSlice, createNoticesSlice, createSelectionSlice, createSyncSlice, createTasksSlice, createTimingSlice, createTopologySlice } from './slices';
import type { LabState } from './types';

export type { ChaosTargets, LabState, Link, Notice } from './types';
export { linkKey } from './reduce';

/** The one store hook (also `useLabStore.getState()` / `.subscribe()` outside React). */
export const useLabStore = create<LabState>()((...a) => ({
  ...createGraphSlice(...a),
  ...createMessagesSlice(...a),
  ...createDegreeSlice(...a),
  ...createTopologySlice(...a),
  ...createTimingSlice(...a),
  ...createChaosSlice(...a),
  ...createNoticesSlice(...a),
  ...createSelectionSlice(...a),
  ...createSyncSlice(...a),
  ...createTasksSlice(...a),
}));

/** The store's type, for the debug handle. */
export type LabStore = typeof useLabStore;
