/**
 * The one contract between the host (Electron main, or the WebSocket bridge) and the renderer:
 * the channel names, every command with its argument schema and result type, and the event
 * stream. Main, preload, the web bridge and the renderer all import this module, so they cannot
 * drift apart. Platform-neutral: no Node, no DOM.
 */
import { z } from 'zod';
import type { PowerLawFit } from '../core/analysis/powerlaw';
import { isValidHost } from '../core/protocol/addr';

/** IPC channel names (Electron); defined in ./ipc so the sandboxed preload needs nothing else. */
export { IPC } from './ipc';

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

const host = z
  .string()
  .trim()
  .min(1, 'host is empty')
  .max(253, 'host is longer than 253 characters')
  .refine(isValidHost, { message: 'host is not an IP address or host name' });
const port = z
  .number({ message: 'port must be a number' })
  .int('port must be a whole number')
  .min(0, 'port must be between 0 (any free port) and 65535')
  .max(65535, 'port must be between 0 (any free port) and 65535');
const nodeId = z.string().min(3).max(300);
const ms = (what: string, min: number, max: number) =>
  z
    .number({ message: `${what} must be a number` })
    .int(`${what} must be a whole number of ms`)
    .min(min, `${what} must be at least ${min} ms`)
    .max(max, `${what} must be at most ${max} ms`);
const int = (what: string, min: number, max: number) =>
  z
    .number({ message: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

/** The protocol timing a user can set for new peers (see core/peer/options.ts PeerTiming). */
export const timingSchema = z.object({
  neighbours: int('neighbours (m)', 1, 50),
  gossipIntervalMs: ms('gossip interval', 10, 3_600_000),
  gossipCount: int('gossip count', 0, 10_000),
  livenessIntervalMs: ms('liveness interval', 20, 3_600_000),
  livenessMisses: int('liveness misses', 1, 100),
});
/** Protocol timing, as the UI shows and sets it. */
export type Timing = z.infer<typeof timingSchema>;

/** Every command: its argument schema. Results are typed in {@link CommandResults}. */
export const commandSchemas = {
  /** Start a local seed. Port 0 = any free port. */
  addSeed: z.object({ host: host.default('127.0.0.1'), port: port.default(0) }),
  /** Start `count` local peers that join the network one after another. */
  addPeers: z.object({ count: int('peer count', 1, MAX_PEERS_PER_COMMAND) }),
  /** Stop a local node gracefully (goodbye to neighbours and seeds). */
  stopNode: z.object({ id: nodeId }),
  /** Crash a local node: sockets destroyed, no goodbye; the others detect it by liveness. */
  killNode: z.object({ id: nodeId }),
  /** Change the timing used for peers started from now on. */
  setTiming: timingSchema.partial(),
  /** Stop every local node. */
  stopAll: z.object({}),
  /** Watch a seed running elsewhere (`IP:Port`) and add it to new peers' seed list. */
  connectRemoteSeed: z.object({ address: z.string().trim().min(3, 'enter a seed address as IP:Port').max(300) }),
  /** The whole current state, for a renderer that (re)starts. */
  snapshot: z.object({}),
  /** Details of one node, for the inspector. */
  inspectNode: z.object({ id: nodeId }),
  /** Every first receipt of one gossip message, for replaying its spread. */
  messageSpread: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'message id must be a SHA-256 hex string') }),
  /**
   * Save the degree histogram as PNG (drawn by the renderer, base64) or the degree sequence as
   * CSV (from the host's own data: `peer,degree` rows) where the user chooses.
   */
  exportDegrees: z.discriminatedUnion('format', [
    z.object({
      format: z.literal('png'),
      png: z
        .string()
        .max(20_000_000, 'image is larger than 15 MB')
        .regex(/^[A-Za-z0-9+/]+=*$/, 'image must be base64'),
    }),
    z.object({ format: z.literal('csv') }),
  ]),
  /**
   * Read an edge list (SNAP text: two node ids a line, `#` comments) as the topology to compare
   * with and to start; it replaces the one opened before. `name` labels it (the file name).
   */
  openTopology: z.object({
    name: z.string().trim().min(1, 'the topology needs a name').max(255, 'the name is longer than 255 characters'),
    text: z
      .string({ message: 'the edge list must be text' })
      .min(1, 'the edge list is empty')
      .max(MAX_TOPOLOGY_TEXT, `the edge list is longer than ${MAX_TOPOLOGY_TEXT / 1024 / 1024} MiB`),
  }),
  /**
   * Start local peers wired exactly as the opened topology's edges say (the first `nodes` nodes
   * only, when given: the subgraph they induce), then gossip: every new peer creates messages,
   * or only `origins` of them at random. Starts 3 local seeds first when there is none. Refused
   * when the process's open-file limit cannot hold them.
   */
  startTopology: z.object({
    nodes: int('node count', 1, MAX_TOPOLOGY_NODES).optional(),
    origins: int('origins', 0, MAX_TOPOLOGY_NODES).optional(),
  }),
  /**
   * Set the network key (`keyText`: the key material, the text of a `--network-key-file`, at least
   * {@link MIN_NETWORK_KEY_CHARS} characters) or clear it (null). Seeds and peers started from
   * now on, and remote seeds connected from now on, then run every connection over TLS-PSK with
   * it; nodes already running keep theirs. The key is never echoed back, in replies, events or logs.
   */
  setNetworkKey: z.object({
    keyText: z
      .string({ message: 'the network key must be text' })
      .max(MAX_NETWORK_KEY_CHARS, `the network key is longer than ${MAX_NETWORK_KEY_CHARS} characters`)
      .refine((t) => t.trim().length >= MIN_NETWORK_KEY_CHARS, `the network key must have at least ${MIN_NETWORK_KEY_CHARS} characters`)
      .nullable(),
  }),
} as const;

/** A command's name. */
export type CommandName = keyof typeof commandSchemas;
/** What a caller passes to command `C` (defaults may be left out). */
export type CommandArgs<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
/** Command `C`'s arguments after validation (defaults filled in). */
export type ParsedArgs<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

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
}

/** Everything the renderer needs to draw from scratch. */
export interface Snapshot {
  nodes: UiNode[];
  links: Array<[string, string]>;
  timing: Timing;
  degrees: number[];
  fit: PowerLawFit | null;
  messages: UiMessage[];
  remoteSeeds: string[];
  /** The opened edge list (`openTopology`), or null. */
  topology: TopologySummary | null;
  /** True when a network key is set (`setNetworkKey`): new nodes and remote connections use TLS-PSK. */
  networkKey: boolean;
}

/** The degree distribution of the live peers and its power-law fit (from core/analysis). */
export interface DegreeReport {
  degrees: number[];
  fit: PowerLawFit | null;
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
  histogram: Array<{ degree: number; count: number }>;
  /** P(X ≥ degree) of the positive degrees, ascending by degree (as the fit sees them). */
  ccdf: Array<{ degree: number; p: number }>;
  /** The discrete power-law fit (α ± σ, x_min, KS D, n); null with too few distinct degrees. */
  fit: PowerLawFit | null;
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
  /** Peers that did not join. */
  failed: number;
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
  addPeers: { ids: string[]; failed: number };
  stopNode: { id: string };
  killNode: { id: string };
  setTiming: Timing;
  stopAll: { stopped: number };
  connectRemoteSeed: { seed: string; peers: number };
  snapshot: Snapshot;
  inspectNode: NodeDetails;
  messageSpread: { id: string; origin: string; text: string; receipts: Array<{ node: string; from: string; hops: number; at: number }> };
  exportDegrees: { canceled: true } | { canceled: false; path: string };
  openTopology: TopologySummary;
  startTopology: TopologyStart;
  /** Whether a network key is now set. */
  setNetworkKey: { on: boolean };
}

/** What every command answers: its result, or an error a user can read. Never a thrown error. */
export type CommandReply<C extends CommandName> = { ok: true; result: CommandResults[C] } | { ok: false; error: string };

/** How busy the host thread that runs the nodes was over the last second. */
export interface HostLoad {
  /** The event loop's delay, 99th percentile, ms: how late a timer or a socket read can run. */
  loopDelayP99Ms: number;
  /** Share of the time the thread was busy, 0..1 (event-loop utilisation). */
  utilization: number;
}

/** Event-loop delay above which the host counts as overloaded (the UI warns), ms. */
export const OVERLOADED_DELAY_MS = 250;

/** One thing that changed, as the UI draws it. */
export type UiEvent =
  /** A node appeared or changed (upsert by id). */
  | { kind: 'node'; node: UiNode }
  /** A node is gone from the network (and from every seed's list). */
  | { kind: 'node-removed'; id: string }
  /** A link appeared (`up`) or went away. `a` < `b`. */
  | { kind: 'link'; a: string; b: string; up: boolean }
  /** A gossip message was created. */
  | { kind: 'message'; message: UiMessage }
  /** `node` received message `id` first from `from` (sampled when the rate is high). */
  | { kind: 'gossip'; id: string; node: string; from: string; hops: number; at: number }
  /** `node` missed `misses` liveness replies from `neighbour` in a row. */
  | { kind: 'liveness-missed'; node: string; neighbour: string; misses: number }
  /** `reporter` reported `dead` to its seeds with this report line. */
  | { kind: 'dead-reported'; reporter: string; dead: string; report: string }
  /** The degree distribution changed. */
  | { kind: 'degrees'; report: DegreeReport }
  /** The timing for new peers changed. */
  | { kind: 'timing'; timing: Timing }
  /** The network key was set (`on`) or cleared; the key itself is never sent. */
  | { kind: 'network-key'; on: boolean }
  /** An edge list was opened (`openTopology`): the comparison the degree panel shows. */
  | { kind: 'topology'; summary: TopologySummary }
  /** Something the user should read (a remote seed failed, a join failed, …). */
  | { kind: 'notice'; level: 'info' | 'error'; text: string; at: number }
  /** How busy the host thread that runs the nodes is (once a second). */
  | { kind: 'load'; load: HostLoad };

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

/**
 * Validates a command's arguments.
 * @returns the parsed arguments, or an error line naming each bad field (`port: port must be …`).
 */
export function parseCommand<C extends CommandName>(name: C, args: unknown): { ok: true; args: ParsedArgs<C> } | { ok: false; error: string } {
  if (!Object.prototype.hasOwnProperty.call(commandSchemas, name)) return { ok: false, error: `unknown command ${String(name).slice(0, 40)}` };
  const r = commandSchemas[name].safeParse(args ?? {});
  if (r.success) return { ok: true, args: r.data as ParsedArgs<C> };
  return { ok: false, error: r.error.issues.map((i) => i.message).join('; ') };
}
