/**
 * The vocabulary the host (Electron main, or the WebSocket bridge) and the renderer share: the
 * IPC channel names, every command's arguments and result type, the event stream, and the
 * constants both sides need. Types and constants only — no runtime dependency (no zod, no
 * ipaddr.js, no Node, no DOM; core is imported for types only), so the page and the sandboxed
 * preload bundle nothing but these few constants. The host validates commands with
 * ./validation.ts, whose schemas are checked against the argument types here.
 */
import type { PowerLawFit } from '../core/analysis/powerlaw';
import type { FaultRules, LinkFault } from '../core/net/faults';
import type { PeerTiming } from '../core/peer/timing';
import type { RecordingInfo, RecordingState } from './recording';

export type { FaultRules, LinkFault, PeerTiming, PowerLawFit, RecordingInfo, RecordingState };

/**
 * The failure detectors a network can run (core/peer/swim.ts's `DetectorKind`, which the page
 * cannot import: that module needs Node; test/shared/types.test.ts checks the two agree).
 */
export type DetectorKind = 'assignment' | 'swim';

/** IPC channel names (Electron) — one place, like electron/fiddle's ipc-events. */
export const IPC = {
  /** renderer → main, invoke: run a command; answers a `CommandReply`. */
  command: 'lab:command',
  /** main → renderer: a batch of `UiEvent`s (at most one every `BATCH_INTERVAL_MS`). */
  events: 'lab:events',
  /** renderer → main: the renderer is listening; queued batches may flow. */
  ready: 'lab:ready',
} as const;

/** Events reach the renderer in batches no more often than this, ms. */
export const BATCH_INTERVAL_MS = 50;
/** Most peers one `addPeers` may start. */
export const MAX_PEERS_PER_COMMAND = 1000;
/**
 * Longest edge-list text `openTopology` accepts, characters (Gnutella08 is about 200 KB). Even
 * text of nothing but control characters (6 bytes each in JSON) stays under the WebSocket
 * bridge's 32 MiB frame limit at this length.
 */
export const MAX_TOPOLOGY_TEXT = 4 * 1024 * 1024;
/** Most nodes `startTopology` may be asked for (the edge-list parser's own bound: 2 per edge line). */
export const MAX_TOPOLOGY_NODES = 2_000_000;
/** Least network key text `setNetworkKey` accepts, characters (surrounding whitespace not counted). */
export const MIN_NETWORK_KEY_CHARS = 16;
/** Most network key text `setNetworkKey` accepts, characters (a key file holds at most 4 KiB). */
export const MAX_NETWORK_KEY_CHARS = 4096;
/** Most shard processes `setShards` accepts. */
export const MAX_SHARDS = 64;
/** Longest pause `pauseNodes` accepts, seconds. */
export const MAX_PAUSE_SECONDS = 600;
/** Most nodes one chaos command (`setFaults`, `pauseNodes`) may name. */
export const MAX_CHAOS_TARGETS = 2000;
/** The plots over time (renderer/src/plots), as `exportPlot` names them (and their files). */
export const PLOT_NAMES = ['coverage', 'traffic', 'population', 'alpha', 'detection'] as const;
/** One plot over time. */
export type PlotName = (typeof PLOT_NAMES)[number];
/** Longest CSV text `exportPlot` accepts, characters. */
export const MAX_PLOT_CSV_CHARS = 8 * 1024 * 1024;

/**
 * Which running peers the degree panel, its fit, the histogram PNG and the CSV export measure:
 * `local` (started here), `remote` (seen through a watched remote seed) or `both` (every live peer
 * drawn). A degree always counts every link of the peer, local or remote.
 */
export type DegreeScope = 'local' | 'remote' | 'both';
/** The degree scopes, in the order the panel offers them. */
export const DEGREE_SCOPES: readonly DegreeScope[] = ['both', 'local', 'remote'];
/** Which degree chart `exportDegrees` saves: the histogram (and the degree sequence), or the CCDF with its fit. */
export type DegreeChart = 'histogram' | 'ccdf';
/** The scope a session starts with: every live peer the graph draws. */
export const DEFAULT_DEGREE_SCOPE: DegreeScope = 'both';

/**
 * One change to the injected faults (`setFaults`); the host keeps the whole {@link FaultRules}
 * and applies the change to them. A fault with every field 0 or absent removes that scope's fault.
 */
export type FaultChange =
  /** Loss/delay/jitter of every frame of the network (replaces the network-wide fault). */
  | { scope: 'network'; fault: LinkFault }
  /** Loss/delay/jitter of these nodes' frames (each node's fault replaced). */
  | { scope: 'nodes'; ids: string[]; fault: LinkFault }
  /** Loss/delay/jitter of the frames between two nodes. */
  | { scope: 'link'; a: string; b: string; fault: LinkFault }
  /** A partition: these groups cannot reach each other; `halves` splits the running local seeds and peers in two. */
  | { scope: 'partition'; groups: string[][] | 'halves' }
  /** Ends the partition (loss and delay stay). */
  | { scope: 'heal' }
  /** Removes every fault: loss, delay, jitter and partition (pauses run out on their own). */
  | { scope: 'clear' };

/** The injected faults in force, as the host owns them. */
export interface FaultState {
  rules: FaultRules;
  /** Nodes paused now, and when (ms since epoch) each pause ends. */
  paused: Array<{ id: string; until: number }>;
}

/**
 * Every command's arguments after validation (defaults filled in). What each command does is
 * documented with its schema in ./validation.ts.
 */
export interface CommandParams {
  /** Start a local seed. Port 0 = any free port. */
  addSeed: { host: string; port: number };
  /** Start `count` local peers that join the network one after another. */
  addPeers: { count: number };
  /** Stop a local node gracefully (goodbye to neighbours and seeds). */
  stopNode: { id: string };
  /** Crash a local node: sockets destroyed, no goodbye; the others detect it by liveness. */
  killNode: { id: string };
  /** Change the timing used for peers started from now on (bounds: core's TIMING_BOUNDS). */
  setTiming: Partial<PeerTiming>;
  /** Stop every local node. */
  stopAll: Record<string, never>;
  /** Watch a seed running elsewhere (`IP:Port`) and add it to new peers' seed list. */
  connectRemoteSeed: { address: string };
  /** Stop watching a remote seed; the nodes only it showed leave the drawing. */
  disconnectRemoteSeed: { address: string };
  /** The whole current state, for a renderer that (re)starts. */
  snapshot: Record<string, never>;
  /** Details of one node, for the inspector. */
  inspectNode: { id: string };
  /** Every first receipt of one gossip message, for replaying its spread. */
  messageSpread: { id: string };
  /**
   * Save the degree histogram as PNG (drawn by the renderer, base64) or the degree sequence as CSV,
   * of `scope` (default: the session's degree scope); the file name and the CSV name the scope.
   * `chart: 'ccdf'`: the CCDF with its fit instead (PNG drawn by the renderer; CSV `degree,
   * empirical_ccdf,fitted_ccdf` by the host); default `histogram`.
   */
  exportDegrees: ({ format: 'png'; png: string; scope?: DegreeScope | undefined } | { format: 'csv'; scope?: DegreeScope | undefined }) & { chart?: DegreeChart | undefined };
  /** Save one plot over time as PNG (drawn by the renderer, base64) or its data as CSV (written by the renderer). */
  exportPlot: { plot: PlotName; format: 'png'; png: string } | { plot: PlotName; format: 'csv'; csv: string };
  /** Read an edge list (SNAP text) as the topology to compare with and to start. */
  openTopology: { name: string; text: string };
  /** Start local peers wired exactly as the opened topology's edges say. */
  startTopology: { nodes?: number | undefined; origins?: number | undefined };
  /** Set the network key (its text) or clear it (null). The key is never echoed back. */
  setNetworkKey: { keyText: string | null };
  /**
   * How many shard processes run the nodes (0: the host's own process). Applies when no node
   * runs: now if the network is empty, else to the next network (after Stop all).
   */
  setShards: { shards: number };
  /** The failure detector of peers started from now on: `assignment` (ping, dead after misses) or `swim`. */
  setDetector: { detector: DetectorKind };
  /** Changes the injected faults (loss, delay ± jitter, partition) of the running network. */
  setFaults: FaultChange;
  /** Pauses local nodes for `seconds` (they stop reading, sending and running timers, as in a long GC pause). */
  pauseNodes: { ids: string[]; seconds: number };
  /** The recordings the host keeps (newest first) and its recording state. */
  recordings: Record<string, never>;
  /** Up to `length` bytes of recording `name` from byte `offset` (at most MAX_RECORDING_READ_BYTES). */
  readRecording: { name: string; offset: number; length: number };
  /** Turns recording of runs on or off. */
  setRecording: { on: boolean };
  /** Ends the recording being written (the next run starts a new one). */
  stopRecording: Record<string, never>;
  /** Which peers the degree report (panel, fit, exports) measures from now on; a `degrees` event follows at once. */
  setDegreeScope: { scope: DegreeScope };
  /** Stops a long action (`progress` event's `id`): it starts nothing more; what it started stays. */
  cancelTask: { id: number };
}

/** A command's name. */
export type CommandName = keyof CommandParams;
/** Command `C`'s arguments after validation (defaults filled in). */
export type ParsedArgs<C extends CommandName> = CommandParams[C];
/** What a caller passes to command `C` (fields with a default may be left out). */
export type CommandArgs<C extends CommandName> = C extends 'addSeed' ? Partial<CommandParams['addSeed']> : CommandParams[C];

/** Where a node runs: in this app, or elsewhere (seen through a remote seed). */
export type NodeOrigin = 'local' | 'remote';
/** A node's life as the UI draws it: up; down (crashed or unreachable, not yet detected); dead (reported dead). */
export type NodeLife = 'up' | 'down' | 'dead';

/** A node as the UI knows it. */
export interface UiNode {
  /** Address key `host:port`. */
  id: string;
  role: 'seed' | 'peer';
  origin: NodeOrigin;
  life: NodeLife;
  degree: number;
}

/** One gossip message. */
export interface UiMessage {
  /** SHA-256 of the text (the Message List key). */
  id: string;
  origin: string;
  text: string;
  /** Creation time, ms since epoch. */
  at: number;
  /** Peers that have it so far (origin included). */
  reached: number;
}

/** The inspector's view of one node. */
export interface NodeDetails {
  id: string;
  role: 'seed' | 'peer';
  origin: NodeOrigin;
  life: NodeLife;
  degree: number;
  neighbours: string[];
  /** For a peer: the seeds it registered with. For a seed: the peers it lists. */
  seeds: string[];
  /** Gossip messages in its Message List (local peers only). */
  messagesSeen: number | null;
  /** Consecutive missed liveness replies per neighbour (local peers only). */
  livenessMisses: Record<string, number>;
  /** A local peer's failure detector (null: a seed, or not known here). */
  detector: DetectorKind | null;
  /** The neighbours this peer's swim detector suspects now (local peers only). */
  suspects: string[];
}

/** A watched remote seed and whether it answered the last observation round. */
export interface RemoteSeedState {
  /** `IP:Port`. */
  id: string;
  answering: boolean;
  /** Why it does not answer, in words (null while it answers). */
  error: string | null;
}

/** Everything the renderer needs to draw from scratch. */
export interface Snapshot {
  nodes: UiNode[];
  links: Array<[string, string]>;
  timing: PeerTiming;
  /** The live peers' degree report, as the latest `degrees` event carries it. */
  report: DegreeReport;
  messages: UiMessage[];
  /** How many messages the host has seen in all (`messages` keeps only the most recent). */
  messageTotal: number;
  /** The remote seeds watched, with whether each answers. */
  remoteSeeds: RemoteSeedState[];
  /** The opened edge list (`openTopology`), or null. */
  topology: TopologySummary | null;
  /** True when a network key is set (`setNetworkKey`): new nodes and remote connections use TLS-PSK. */
  networkKey: boolean;
  /** Where the nodes run: the shards setting and the shards running. */
  runtime: RuntimeInfo;
  /** The failure detector of peers started from now on. */
  detector: DetectorKind;
  /** The injected faults in force. */
  faults: FaultState;
  /** Who suspects whom now: `[suspected, the peers that suspect it]`. */
  suspicions: Array<[suspected: string, by: string[]]>;
  /** Whether runs are recorded, and the recording being written. */
  recording: RecordingState;
  /** Long actions running now (`addPeers`, `startTopology`), as their latest `progress` event says. */
  tasks?: TaskProgress[];
}

/** Where the nodes run: the `setShards` setting, and the shard processes of the network running now. */
export interface RuntimeInfo {
  /** The setting: shard processes for the network (0: the nodes run in the host's own process). */
  shards: number;
  /** The shards the network running now was started with (0: in the host's process); null when none is started. */
  active: number | null;
  /** Of those, shard processes running now. */
  running: number;
  /** Shards of the network running now that crashed (their nodes are shown down). */
  crashed: number;
  /** The default setting: this machine's available parallelism. */
  defaultShards: number;
}

/** One non-empty histogram bin: `count` nodes have exactly `degree` links. */
export interface DegreeBin {
  degree: number;
  count: number;
}

/** One point of a CCDF: P(X ≥ degree) = p. */
export interface CcdfPoint {
  degree: number;
  p: number;
}

/**
 * The degree distribution of the live peers of one {@link DegreeScope}, its power-law fit, and the chart data the host
 * computed from them (core/analysis), so the page draws without any analysis code of its own.
 */
export interface DegreeReport {
  /** Which peers it measures (`setDegreeScope`). */
  scope: DegreeScope;
  degrees: number[];
  fit: PowerLawFit | null;
  /** Peers per degree, ascending by degree. */
  histogram: DegreeBin[];
  /** P(X ≥ degree) of the positive degrees, ascending by degree (as the fit sees them). */
  ccdf: CcdfPoint[];
  /** The fitted power law as a CCDF over the positive sample, x_min … the largest degree (empty without a fit). */
  fitLine: CcdfPoint[];
}

/** An opened edge list as the UI shows it: size, degree distribution and its power-law fit. */
export interface TopologySummary {
  /** The name it was opened with (the file name). */
  name: string;
  nodes: number;
  /** Undirected links, each once (repeats and self-loops dropped). */
  links: number;
  /** Each node's degree, in order of the file's first mention of it. */
  degrees: number[];
  /** Nodes per degree, ascending by degree. */
  histogram: DegreeBin[];
  /** P(X ≥ degree) of the positive degrees, ascending by degree (as the fit sees them). */
  ccdf: CcdfPoint[];
  /** The discrete power-law fit (α ± σ, x_min, KS D, n); null with too few distinct degrees. */
  fit: PowerLawFit | null;
  /** The fitted power law as a CCDF, for drawing (empty without a fit). */
  fitLine: CcdfPoint[];
}

/** What `startTopology` did. */
export interface TopologyStart {
  /** The topology's name. */
  name: string;
  /** Nodes started (asked for): the first `nodes` of the topology. */
  nodes: number;
  /** Links among them (the induced subgraph's edges). */
  links: number;
  /** Each node's peer id, by node index (null for a peer that could not listen or join). */
  peers: Array<string | null>;
  /** Peers that did not join (tried and failed; with a cancel, not counting those never tried). */
  failed: number;
  /** True when `cancelTask` stopped it: the peers that joined keep running. */
  canceled?: boolean;
  /** Peers never tried because of the cancel. */
  notStarted?: number;
  /** The peers that create gossip messages. */
  origins: string[];
  /** Local seeds started first because there was none (empty when seeds were running). */
  seedsStarted: string[];
  /** The open-file estimate: needed by these nodes, open before, the limit (null = unknown or unlimited). */
  fds: { need: number; inUse: number | null; limit: number | null };
}

/** Result of each command. */
export interface CommandResults {
  addSeed: { id: string };
  /**
   * `ids`: the peers that joined (started); `failed`: joins that failed; `canceled`: true when
   * `cancelTask` stopped it, `notStarted`: peers never tried (canceled, or given up after failures).
   */
  addPeers: { ids: string[]; failed: number; canceled?: boolean; notStarted?: number };
  stopNode: { id: string };
  killNode: { id: string };
  setTiming: PeerTiming;
  stopAll: { stopped: number };
  connectRemoteSeed: { seed: string; peers: number };
  /** `forgotten`: remote nodes no longer drawn (the seed and the peers only it listed). */
  disconnectRemoteSeed: { seed: string; forgotten: number };
  snapshot: Snapshot;
  inspectNode: NodeDetails;
  messageSpread: { id: string; origin: string; text: string; receipts: Array<{ node: string; from: string; hops: number; at: number }> };
  exportDegrees: { canceled: true } | { canceled: false; path: string };
  exportPlot: { canceled: true } | { canceled: false; path: string };
  openTopology: TopologySummary;
  startTopology: TopologyStart;
  /** Whether a network key is now set. */
  setNetworkKey: { on: boolean };
  /** The setting and where the nodes run now (`active` differs from `shards` until the network is empty). */
  setShards: RuntimeInfo;
  setDetector: { detector: DetectorKind };
  /** The faults in force after the change. */
  setFaults: FaultState;
  /** The nodes paused. */
  pauseNodes: { paused: string[] };
  recordings: { recordings: RecordingInfo[]; state: RecordingState };
  /** `data`: the bytes read, base64; `size`: the file's size now, bytes. */
  readRecording: { data: string; size: number };
  setRecording: RecordingState;
  stopRecording: RecordingState;
  setDegreeScope: { scope: DegreeScope };
  /** `task`: the kind of the task asked to stop (`addPeers`, `startTopology`); it ends with a `progress` event in state `canceled`. */
  cancelTask: { id: number; task: string };
}

/** What every command answers: its result, or an error a user can read. Never a thrown error. */
export type CommandReply<C extends CommandName> = { ok: true; result: CommandResults[C] } | { ok: false; error: string };

/** How busy the host thread that runs the nodes was over the last second. */
export interface HostLoad {
  /** The event loop's delay, 99th percentile, ms: how late a timer or a socket read can run. */
  loopDelayP99Ms: number;
  /** Share of the time the thread was busy, 0..1 (event-loop utilisation). */
  utilization: number;
  /**
   * How late the network's nodes run, ms (null or absent: no network). With shards: the worst
   * shard's own event-loop delay (p99) or the age of the nodes' events when the host merged them
   * (p99 over the last second), whichever is larger; in the host's process: its own loop delay.
   */
  networkLateMs?: number | null;
}

/** Event-loop delay above which the host counts as overloaded (the UI warns), ms. */
export const OVERLOADED_DELAY_MS = 250;

/** Least time between two `progress` events of one running task, ms (at most 4 a second). */
export const PROGRESS_INTERVAL_MS = 250;
/** A long action's state: running, or how it ended. */
export type ProgressState = 'running' | 'done' | 'canceled' | 'failed';
/** How far one long action (`task`: the command, `addPeers` or `startTopology`) has come: `done` of `total` steps. */
export interface TaskProgress {
  task: string;
  /** The task's id, for `cancelTask`. */
  id: number;
  /** What it does, or how it ended, in words. */
  label: string;
  done: number;
  total: number;
  state: ProgressState;
}

/** One thing that changed, as the UI draws it. */
export type UiEvent =
  /** A node appeared or changed (upsert by id). */
  | { kind: 'node'; node: UiNode }
  /** A node is gone from the network (and from every seed's list). */
  | { kind: 'node-removed'; id: string }
  /** A link appeared (`up`) or went away. `a` < `b`. */
  | { kind: 'link'; a: string; b: string; up: boolean }
  /** A gossip message was created. */
  | { kind: 'message'; message: UiMessage; total?: number }
  /** `node` received message `id` first from `from` (sampled when the rate is high). */
  | { kind: 'gossip'; id: string; node: string; from: string; hops: number; at: number }
  /** `node` missed `misses` liveness replies from `neighbour` in a row. */
  | { kind: 'liveness-missed'; node: string; neighbour: string; misses: number }
  /** `node`'s swim detector suspects its neighbour `neighbour` (no ack, direct or indirect); `incarnation` is the last it heard. */
  | { kind: 'suspect'; node: string; neighbour: string; incarnation: number }
  /** `neighbour` answered `node` while suspected, with `incarnation`: that suspicion ended. */
  | { kind: 'suspicion-refuted'; node: string; neighbour: string; incarnation: number }
  /** The failure detector of new peers changed. */
  | { kind: 'detector'; detector: DetectorKind }
  /** The injected faults changed (a `setFaults`, a pause that began or ended). */
  | { kind: 'faults'; faults: FaultState }
  /** `reporter` reported `dead` to its seeds with this report line. */
  | { kind: 'dead-reported'; reporter: string; dead: string; report: string }
  /** The degree distribution changed. */
  | { kind: 'degrees'; report: DegreeReport }
  /** The timing for new peers changed. */
  | { kind: 'timing'; timing: PeerTiming }
  /** The network key was set (`on`) or cleared; the key itself is never sent. */
  | { kind: 'network-key'; on: boolean }
  /** Where the nodes run changed: the shards setting, a network started, a shard crashed. */
  | { kind: 'runtime'; runtime: RuntimeInfo }
  /** An edge list was opened (`openTopology`): the comparison the degree panel shows. */
  | { kind: 'topology'; summary: TopologySummary }
  /** Something the user should read (a remote seed failed, a join failed, …). */
  | {
      kind: 'notice';
      level: 'info' | 'error';
      text: string;
      at: number;
      /** What repeats of this notice share (default: level and text); a repeat updates one entry. */
      key?: string;
      /** How many times it came within the coalescing window (absent: 1). */
      count?: number;
    }
  /** A long action's progress (at most every PROGRESS_INTERVAL_MS while running) and how it ended. */
  | ({ kind: 'progress' } & TaskProgress)
  /** How busy the host thread that runs the nodes is (once a second). */
  | { kind: 'load'; load: HostLoad }
  /** A remote seed is watched, or whether it answers changed. */
  | { kind: 'remote-seed'; seed: RemoteSeedState }
  /** A remote seed is no longer watched. */
  | { kind: 'remote-seed-removed'; id: string }
  /** The recording state changed (a recording began or ended, or its size grew). */
  | { kind: 'recording'; recording: RecordingState }
  /**
   * The local nodes' gossip traffic over the last `intervalMs` (about a second; host/traffic.ts),
   * exact counts as rates per second: messages created, gossip frames sent (each receipt's and
   * each origin's `forwarded`), and first receipts. `at`: the end of the interval, ms since epoch.
   */
  | { kind: 'traffic'; at: number; intervalMs: number; messagesPerS: number; framesPerS: number; receiptsPerS: number }
  /** Local seed `seed` removed `peer` from its list: reported `dead`, or it `left`. `at`: ms since epoch. */
  | { kind: 'seed-removed'; seed: string; peer: string; reason: 'dead' | 'left'; at: number };

/** The API the renderer sees, the same over Electron IPC (preload) and over the WebSocket bridge. */
export interface LabApi {
  /** Runs a command; never rejects for a command error (those come as `{ ok: false }`). */
  command<C extends CommandName>(name: C, args: CommandArgs<C>): Promise<CommandReply<C>>;
  /** Receives event batches until `signal` aborts. */
  onEvents(listener: (batch: UiEvent[]) => void, options?: { signal?: AbortSignal }): void;
  /** Which transport this is. */
  readonly transport: 'electron' | 'websocket';
}

/** Frames of the WebSocket bridge (src/web): request, reply, and pushed event batches. */
export type BridgeFrame =
  | { t: 'command'; id: number; name: CommandName; args: unknown }
  | { t: 'reply'; id: number; reply: CommandReply<CommandName> }
  | { t: 'events'; batch: UiEvent[] };
