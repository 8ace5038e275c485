/** The store's slices (zustand's slices pattern), combined in ./index.ts. */
import type { ChaosSlice, DegreeSlice, GraphSlice, MessagesSlice, NoticesSlice, SelectionSlice, SliceCreator, SyncSlice, TasksSlice, TimingSlice, TopologySlice } from './types';
import { fromSnapshot, makeNotice, pushNotices, reduceEvents } from './reduce';
import { DEFAULT_DEGREE_SCOPE } from '../../../shared/types';

/** Nodes, links and remote seeds. */
export const createGraphSlice: SliceCreator<GraphSlice> = () => ({
  nodes: new Map(),
  links: new Map(),
  remoteSeeds: [],
});

/** Gossip messages. */
export const createMessagesSlice: SliceCreator<MessagesSlice> = () => ({
  messages: new Map(),
  messageOrder: [],
  messageTotal: 0,
});

/** Degree report. */
export const createDegreeSlice: SliceCreator<DegreeSlice> = () => ({
  report: { scope: DEFAULT_DEGREE_SCOPE, degrees: [], fit: null, histogram: [], ccdf: [], fitLine: [] },
});

/** The opened edge list. */
export const createTopologySlice: SliceCreator<TopologySlice> = (set) => ({
  topology: null,
  topologyStart: null,
  setTopology: (summary) => set((s) => (s.topology === summary ? s : { topology: summary })),
  setTopologyStart: (start) => set({ topologyStart: start }),
});

/** Timing for new peers. */
export const createTimingSlice: SliceCreator<TimingSlice> = () => ({
  timing: null,
  networkKey: false,
  load: null,
  runtime: null,
  recording: { on: false, active: null, stopped: null },
});

const NO_TARGETS = { nodes: [], link: null };

/** Detector, suspicions, faults and the chaos panel's targets. */
export const createChaosSlice: SliceCreator<ChaosSlice> = (set) => ({
  detector: null,
  suspicions: new Map(),
  faults: { rules: {}, paused: [] },
  targets: NO_TARGETS,
  toggleTarget: (id) =>
    set((s) => {
      const has = s.targets.nodes.includes(id);
      return { targets: { nodes: has ? s.targets.nodes.filter((n) => n !== id) : [...s.targets.nodes, id], link: null } };
    }),
  setLinkTarget: (link) => set({ targets: { nodes: [], link } }),
  clearTargets: () => set({ targets: NO_TARGETS }),
});

/** Notices. */
export const createNoticesSlice: SliceCreator<NoticesSlice> = (set) => ({
  notices: [],
  addNotice: (level, text, at) => set((s) => ({ notices: pushNotices(s.notices, [makeNotice(level, text, at)]) })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  clearNotices: () => set({ notices: [] }),
});

/** The host's long actions and their progress. */
export const createTasksSlice: SliceCreator<TasksSlice> = (set) => ({
  tasks: new Map(),
  dismissTask: (id) =>
    set((s) => {
      if (!s.tasks.has(id)) return s;
      const tasks = new Map(s.tasks);
      tasks.delete(id);
      return { tasks };
    }),
});

/** Selected node and message. */
export const createSelectionSlice: SliceCreator<SelectionSlice> = (set) => ({
  selectedNode: null,
  selectedMessage: null,
  selectNode: (id) => set((s) => (s.selectedNode === id ? s : { selectedNode: id })),
  selectMessage: (id) => set((s) => (s.selectedMessage === id ? s : { selectedMessage: id })),
});

/** Connection state and the reducers that fold host data into every slice. */
export const createSyncSlice: SliceCreator<SyncSlice> = (set) => ({
  connection: 'connecting',
  synced: false,
  setConnection: (connection) => set((s) => (s.connection === connection ? s : { connection })),
  applySnapshot: (snapshot) => set((s) => fromSnapshot(snapshot, s)),
  applyEvents: (batch) =>
    set((s) => {
      const patch = reduceEvents(s, batch);
      return Object.keys(patch).length === 0 ? s : patch;
    }),
});
