/**
 * The host's validation of commands: a zod schema for each command's arguments and
 * {@link parseCommand}. Host-side only (the session, the WebSocket bridge); the renderer and the
 * preload import ./types.ts, never this module, so the page bundles neither zod nor ipaddr.js.
 */
import { z } from 'zod';
import { isValidHost } from '../core/protocol/addr';
import { FAULT_BOUNDS } from '../core/net/faults';
import { TIMING_BOUNDS, TIMING_KEYS } from '../core/peer/options';
import type { PeerTiming } from '../core/peer/options';
import type { CommandArgs, CommandName, ParsedArgs } from './types';
import { MAX_RECORDING_READ_BYTES } from './recording';
import { MAX_PLOT_CSV_CHARS, PLOT_NAMES } from './types';
import { MAX_CHAOS_TARGETS, MAX_NETWORK_KEY_CHARS, MAX_PAUSE_SECONDS, MAX_PEERS_PER_COMMAND, MAX_SHARDS, MAX_TOPOLOGY_NODES, MAX_TOPOLOGY_TEXT, MIN_NETWORK_KEY_CHARS } from './types';

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

/** One timing field, bounded by core's {@link TIMING_BOUNDS} (the CLI checks the same table). */
const timingField = (key: keyof PeerTiming) => {
  const b = TIMING_BOUNDS[key];
  return b.unit === 'ms' ? ms(b.label, b.min, b.max) : int(b.label, b.min, b.max);
};

/** Loss, delay and jitter of one fault scope: loss as a fraction (the UI shows %), delay and jitter in ms (core's FAULT_BOUNDS). */
export const linkFaultSchema = z.object({
  loss: z
    .number({ message: 'loss must be a number' })
    .min(0, 'loss must be between 0 % and 100 %')
    .max(1, 'loss must be between 0 % and 100 %')
    .optional(),
  delayMs: ms('delay', 0, FAULT_BOUNDS.delayMs).optional(),
  jitterMs: ms('jitter', 0, FAULT_BOUNDS.jitterMs).optional(),
});
const targets = z
  .array(nodeId, { message: 'the nodes must be a list of addresses' })
  .min(1, 'select at least one node')
  .max(MAX_CHAOS_TARGETS, `select at most ${MAX_CHAOS_TARGETS} nodes`);

/** A degree scope (shared/types.ts `DegreeScope`; the `satisfies` below keeps the two in step). */
const degreeScope = z.enum(['both', 'local', 'remote'], { message: 'the degree scope must be local, remote or both' });

/** Which degree chart an export saves (shared/types.ts `DegreeChart`). */
const degreeChart = z.enum(['histogram', 'ccdf'], { message: 'the chart must be histogram or ccdf' });

/** The protocol timing a user can set for new peers (core/peer/options.ts PeerTiming). */
export const timingSchema = z.object(Object.fromEntries(TIMING_KEYS.map((k) => [k, timingField(k)])) as Record<keyof PeerTiming, ReturnType<typeof int>>);

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
  /** Stop watching a remote seed and forget the nodes only it showed. */
  disconnectRemoteSeed: z.object({ address: z.string().trim().min(3, 'enter a seed address as IP:Port').max(300) }),
  /** The whole current state, for a renderer that (re)starts. */
  snapshot: z.object({}),
  /** Details of one node, for the inspector. */
  inspectNode: z.object({ id: nodeId }),
  /** Every first receipt of one gossip message, for replaying its spread. */
  messageSpread: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'message id must be a SHA-256 hex string') }),
  /**
   * Save the degree histogram as PNG (drawn by the renderer, base64) or the degree sequence as
   * CSV (from the host's own data: `peer,degree` rows) where the user chooses; `scope` (default:
   * the session's degree scope) says whose degrees, and is named in the file name and the CSV;
   * `chart: 'ccdf'` saves the CCDF with its fit instead (default: the histogram).
   */
  exportDegrees: z.discriminatedUnion('format', [
    z.object({
      format: z.literal('png'),
      png: z
        .string()
        .max(20_000_000, 'image is larger than 15 MB')
        .regex(/^[A-Za-z0-9+/]+=*$/, 'image must be base64'),
      scope: degreeScope.optional(),
      chart: degreeChart.optional(),
    }),
    z.object({ format: z.literal('csv'), scope: degreeScope.optional(), chart: degreeChart.optional() }),
  ]),
  /**
   * Save one plot over time (`plot`: one of PLOT_NAMES) where the user chooses: as PNG (drawn by
   * the renderer, base64, checked to be a PNG) or as CSV (the plot's data, written by the renderer).
   */
  exportPlot: z.discriminatedUnion('format', [
    z.object({
      plot: z.enum(PLOT_NAMES, { message: `the plot must be one of ${PLOT_NAMES.join(', ')}` }),
      format: z.literal('png'),
      png: z
        .string()
        .max(20_000_000, 'image is larger than 15 MB')
        .regex(/^[A-Za-z0-9+/]+=*$/, 'image must be base64'),
    }),
    z.object({
      plot: z.enum(PLOT_NAMES, { message: `the plot must be one of ${PLOT_NAMES.join(', ')}` }),
      format: z.literal('csv'),
      csv: z.string({ message: 'the CSV must be text' }).max(MAX_PLOT_CSV_CHARS, `the CSV is longer than ${MAX_PLOT_CSV_CHARS / 1024 / 1024} MiB`),
    }),
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
  /**
   * How many shard processes run the nodes: 0 runs them in the host's own process; 1 … MAX_SHARDS
   * in that many child processes (real TCP between them). Applies when no node runs.
   */
  setShards: z.object({ shards: int('shards', 0, MAX_SHARDS) }),
  /** The failure detector of peers started from now on (peers running keep theirs). */
  setDetector: z.object({ detector: z.enum(['assignment', 'swim'], { message: 'the detector must be assignment or swim' }) }),
  /**
   * Changes the injected faults of the running network (the host keeps the rules and checks
   * them with core's checkFaultRules): network-wide, per node, per link, a partition, or clear.
   */
  setFaults: z.discriminatedUnion(
    'scope',
    [
      z.object({ scope: z.literal('network'), fault: linkFaultSchema }),
      z.object({ scope: z.literal('nodes'), ids: targets, fault: linkFaultSchema }),
      z.object({ scope: z.literal('link'), a: nodeId, b: nodeId, fault: linkFaultSchema }),
      z.object({
        scope: z.literal('partition'),
        groups: z.union(
          [
            z.literal('halves'),
            z
              .array(z.array(nodeId).min(1, 'a partition group is empty').max(MAX_CHAOS_TARGETS), { message: 'the groups must be lists of addresses' })
              .min(2, 'a partition needs at least two groups')
              .max(16, 'a partition has at most 16 groups'),
          ],
          { message: 'the groups must be "halves" or lists of addresses' },
        ),
      }),
      z.object({ scope: z.literal('heal') }),
      z.object({ scope: z.literal('clear') }),
    ],
    { message: 'the fault scope must be network, nodes, link, partition, heal or clear' },
  ),
  /** Pauses local nodes for a while (a long GC pause: no reading, sending or timers). */
  pauseNodes: z.object({
    ids: targets,
    seconds: z
      .number({ message: 'the pause must be a number of seconds' })
      .min(0.1, 'the pause must be at least 0.1 s')
      .max(MAX_PAUSE_SECONDS, `the pause must be at most ${MAX_PAUSE_SECONDS} s`),
  }),
  /** Which peers the degree report, its fit and the exports measure: local, remote or both. */
  setDegreeScope: z.object({ scope: degreeScope }),
  /** Stops a long action (its `progress` events' id): it starts nothing more; what it started stays. */
  cancelTask: z.object({ id: int('task id', 1, Number.MAX_SAFE_INTEGER) }),
  /** The recordings the host keeps, and whether runs are recorded. */
  recordings: z.object({}),
  /** A piece of one recording (a file name the `recordings` command listed; no directories). */
  readRecording: z.object({
    name: z
      .string({ message: 'the recording name must be text' })
      .max(255, 'the recording name is longer than 255 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'the recording name must be a file name without a directory'),
    offset: z.number().int().min(0, 'the offset must be 0 or more').max(Number.MAX_SAFE_INTEGER),
    length: int('length', 1, MAX_RECORDING_READ_BYTES),
  }),
  /** Turns recording of runs on (from the next node drawn) or off (the recording open now ends). */
  setRecording: z.object({ on: z.boolean({ message: 'on must be true or false' }) }),
  /** Ends the recording being written; the next run starts a new one. */
  stopRecording: z.object({}),
} as const satisfies { [C in CommandName]: z.ZodType<ParsedArgs<C>, CommandArgs<C>> };

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
