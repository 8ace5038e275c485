/**
 * The shape of the renderer store: one zustand store made of slices (zustand's slices pattern).
 * Each slice owns its fields; `SyncSlice` folds the host's snapshot and event batches into all of them.
 */
import type { StateCreator } from 'zustand';
import type { TaskProgress } from '../../../shared/types';
import type { RecordingState } from '../../../shared/recording';
import type { DegreeReport, DetectorKind, FaultState, HostLoad, RemoteSeedState, Snapshot, PeerTiming, RuntimeInfo, TopologyStart, TopologySummary, UiEvent, UiMessage, UiNode } from '../../../shared/types';
import type { ConnectionState } from '../api/types';
import type { Suspicions } from './suspicions';

/** An undirected link between two node ids, `a` < `b`; its key is `"a b"`. */
export interface Link {
  a: string;
  b: string;
}

/**
 * Something the user should read; `id` is unique per session, `at` is ms since epoch (its latest
 * repeat). Repeats (same `key`: the host's, or the level and text) within
 * {@link NOTICE_COALESCE_MS} count on one entry: `count` times in all.
 */
export interface Notice {
  id: number;
  level: 'info' | 'error';
  text: string;
  at: number;
  /** What its repeats share. */
  key: string;
  /** How many times it came (1: once). */
  count: number;
}

/**
 * The host's long actions (`addPeers`, `startTopology`) by task id: running ones as their latest
 * `progress` event says, and the last few that ended (with how), until dismissed.
 */
export interface TasksSlice {
  tasks: Map<number, TaskProgress>;
  /** Forgets an ended task (its bar goes away). */
  dismissTask: (id: number) => void;
}

/** Nodes and links of the network as the host reports them (lookup Maps, new Map on each change). */
export interface GraphSlice {
  /** Nodes by address key `host:port`. */
  nodes: Map<string, UiNode>;
  /** Links by key `"a b"`. */
  links: Map<string, Link>;
  /** Remote seeds being watched, with whether each answers. */
  remoteSeeds: RemoteSeedState[];
}

/** Gossip messages, newest first, capped at {@link MAX_MESSAGES}. */
export interface MessagesSlice {
  /** Messages by id (SHA-256 hex). */
  messages: Map<string, UiMessage>;
  /** Message ids, newest first. */
  messageOrder: string[];
  /** Every message the host has seen, kept here or not (the status bar's count). */
  messageTotal: number;
}

/** The degree distribution of the live peers and its power-law fit. */
export interface DegreeSlice {
  report: DegreeReport;
}

/** The opened edge list (`openTopology`) the degree panel compares with, or null. */
export interface TopologySlice {
  topology: TopologySummary | null;
  /** What this window's last `startTopology` did (peer id by node index, …), or null. */
  topologyStart: TopologyStart | null;
  /** Shows an opened edge list (from the command's reply; the host's `topology` event says the same). */
  setTopology: (summary: TopologySummary) => void;
  /** Keeps the last start's result. */
  setTopologyStart: (start: TopologyStart | null) => void;
}

/**
 * The timing used for new peers (null until the first snapshot), whether new nodes use a network
 * key, and the host's last load reading.
 */
export interface TimingSlice {
  timing: PeerTiming | null;
  /** True when a network key is set for new nodes and remote seeds (the key itself never reaches the page). */
  networkKey: boolean;
  /** How busy the host thread is (null until its first reading). */
  load: HostLoad | null;
  /** Where the nodes run: the shards setting and the shards running (null until the first snapshot). */
  runtime: RuntimeInfo | null;
  /** Whether the host records runs, and the recording it writes now. */
  recording: RecordingState;
}

/** What the chaos panel acts on: nodes picked in the graph (shift-click), or one link (click). */
export interface ChaosTargets {
  nodes: string[];
  link: Link | null;
}

/**
 * Failure detection and injected faults: the detector of new peers, who suspects whom now, the
 * faults in force (the host owns them), and the chaos panel's targets.
 */
export interface ChaosSlice {
  /** The failure detector of peers started next (null until the first snapshot). */
  detector: DetectorKind | null;
  /** Suspected node → the peers that suspect it now. */
  suspicions: Suspicions;
  /** The injected faults in force. */
  faults: FaultState;
  targets: ChaosTargets;
  /** Adds a node to the targets, or removes it when it is there (the link target is dropped). */
  toggleTarget: (id: string) => void;
  /** Makes one link the target (the node targets are dropped), or clears it with null. */
  setLinkTarget: (link: Link | null) => void;
  /** Clears every target. */
  clearTargets: () => void;
}

/** Notices the user reads, newest first, capped at {@link MAX_NOTICES}. */
export interface NoticesSlice {
  notices: Notice[];
  /** Adds a notice at the top. */
  addNotice: (level: Notice['level'], text: string, at?: number) => void;
  /** Removes one notice. */
  dismissNotice: (id: number) => void;
  /** Removes every notice. */
  clearNotices: () => void;
}

/** What the user has picked: a node (inspector) and a message (spread replay). */
export interface SelectionSlice {
  selectedNode: string | null;
  selectedMessage: string | null;
  /** Selects a node by id, or clears the selection with null. */
  selectNode: (id: string | null) => void;
  /** Selects a message by id, or clears it with null. */
  selectMessage: (id: string | null) => void;
}

/** The host link: transport state, and whether a snapshot has arrived. */
export interface SyncSlice {
  connection: ConnectionState;
  /** True once the first snapshot is applied. */
  synced: boolean;
  /** Sets the connection state. */
  setConnection: (state: ConnectionState) => void;
  /** Replaces everything the host owns with a snapshot (selection and notices stay). */
  applySnapshot: (snapshot: Snapshot) => void;
  /** Folds one batch of (non-gossip) events into the store: one store update per batch. */
  applyEvents: (batch: readonly UiEvent[]) => void;
}

/** The whole renderer state. */
export type LabState = GraphSlice & MessagesSlice & DegreeSlice & TopologySlice & TimingSlice & ChaosSlice & NoticesSlice & SelectionSlice & SyncSlice & TasksSlice;

/** A slice creator for the combined {@link LabState}. */
export type SliceCreator<S> = StateCreator<LabState, [], [], S>;

/** Most notices kept. */
export const MAX_NOTICES = 50;
/** A notice that repeats within this long of its last time counts on the same entry, ms. */
export const NOTICE_COALESCE_MS = 10_000;
/** Ended tasks kept (the newest), beside the running ones. */
export const MAX_ENDED_TASKS = 8;
/** Most messages kept (the newest). */
export const MAX_MESSAGES = 200;
