/**
 * The WebSocket side of the browser harness: each connection at `/bridge` speaks
 * {@link BridgeFrame}s with a {@link LabSession} — `command` frames in, `reply` frames and pushed
 * `events` batches out. Every incoming frame is checked (text, size, nesting depth, JSON, shape,
 * then the command's arguments); a bad frame with a usable `id` gets an error reply naming what is
 * wrong, any other bad frame is ignored, and nothing a client sends can crash the server.
 * Connections from another origin, or with no `Origin`, are refused at the handshake (403).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { LabSession } from '../host/session';
import { jsonDepth } from '../core/protocol/codec';
import type { BridgeFrame, CommandName, CommandReply } from '../shared/types';
import { commandSchemas } from '../shared/validation';

/** Largest frame a client may send, bytes (a PNG export is the big one). */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;
/** Path of the WebSocket endpoint. */
export const BRIDGE_PATH = '/bridge';

/** How a {@link Bridge} runs. */
export interface BridgeOptions {
  session: LabSession;
  /** True when a handshake's `Origin` header is one of ours. */
  originAllowed: (origin: string | undefined) => boolean;
  /** Largest incoming frame, bytes (default {@link MAX_FRAME_BYTES}). */
  maxPayloadBytes?: number;
  /** Commands one connection may have running at once (default 64). */
  maxInFlight?: number;
  /** A client that lets more than this many bytes queue up unread is dropped (default 64 MB). */
  maxBufferedBytes?: number;
}

const commandFrame = z.object({
  t: z.literal('command'),
  id: z.number().int().min(0).max(2 ** 31 - 1),
  name: z.string().min(1).max(64),
  args: z.unknown().optional(),
});

/**
 * Deepest nesting of objects and arrays a bridge frame may have. Command frames are at most 3
 * levels deep (frame → args → a timing object); anything deeper is refused before it is parsed.
 */
export const BRIDGE_MAX_JSON_DEPTH = 16;

/** Result of reading one incoming frame. */
export type ParsedFrame = { ok: true; id: number; name: string; args: unknown } | { ok: false; id: number | undefined; error: string };

/**
 * Reads one frame as a command: its nesting depth is checked on the raw bytes first (no deep
 * structure is ever parsed), then JSON, then the frame's shape.
 * @param data the frame's text, or its bytes (decoded as UTF-8)
 * @returns the command, or an error with the frame's `id` when one could be read
 */
export function parseFrame(data: string | Buffer): ParsedFrame {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (jsonDepth(bytes, BRIDGE_MAX_JSON_DEPTH) > BRIDGE_MAX_JSON_DEPTH) {
    return { ok: false, id: leadingId(text), error: `bad frame: nested deeper than ${BRIDGE_MAX_JSON_DEPTH} levels` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, id: undefined, error: 'bad frame: not JSON' };
  }
  const raw = typeof parsed === 'object' && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
  const id = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 2 ** 31 - 1 ? raw : undefined;
  const r = commandFrame.safeParse(parsed);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; ');
    return { ok: false, id, error: `bad frame: ${why}` };
  }
  return { ok: true, id: r.data.id, name: r.data.name, args: r.data.args };
}

/** A top-level member: a JSON string key and a primitive value, then a comma. */
const MEMBER = String.raw`\s*"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*,`;
const LEADING_ID = new RegExp(String.raw`^\s*\{(?:${MEMBER})*?\s*"id"\s*:\s*(\d{1,10})\s*[,}]`);

/**
 * The `id` of a frame that cannot be parsed whole (too deep), when it is a top-level member that
 * comes before any nested value (as the harness's client writes frames); else undefined.
 */
function leadingId(text: string): number | undefined {
  const m = LEADING_ID.exec(text.slice(0, 4096));
  const id = m ? Number(m[1]) : NaN;
  return Number.isInteger(id) && id <= 2 ** 31 - 1 ? id : undefined;
}

/**
 * Why `args` do not fit command `name`'s schema, each problem naming its field (`port must be
 * between 0 …`, `args.id: Too small: expected string to have >=3 characters`); undefined when
 * they fit or the command is unknown (the session answers that).
 */
export function argsProblem(name: string, args: unknown): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(commandSchemas, name)) return undefined;
  const r = commandSchemas[name as CommandName].safeParse(args ?? {});
  if (r.success) return undefined;
  return r.error.issues
    .slice(0, 5)
    .map((i) => {
      // the contract's own messages name their field ("port must be …", lowercase); zod's
      // generic ones ("Too small: …", "Invalid input: …") do not, so the path is added
      if (!/^[A-Z]/.test(i.message)) return i.message;
      const field = i.path.map(String).join('.');
      return `${field === '' ? 'args' : `args.${field}`}: ${i.message}`;
    })
    .join('; ');
}

/** Serves the bridge on an HTTP server's upgrade requests. */
export class Bridge {
  private readonly wss: WebSocketServer;

  constructor(private readonly opts: BridgeOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayloadBytes ?? MAX_FRAME_BYTES, perMessageDeflate: false });
    this.wss.on('connection', (ws) => this.serve(ws));
  }

  /** Handles an HTTP upgrade: the bridge path from an allowed origin is accepted, anything else refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {});
    const path = (req.url ?? '').split('?')[0];
    if (path !== BRIDGE_PATH) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (!this.opts.originAllowed(req.headers.origin)) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Closes every connection. */
  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private serve(ws: WebSocket): void {
    const maxBuffered = this.opts.maxBufferedBytes ?? 64 * 1024 * 1024;
    let inFlight = 0;
    const send = (frame: BridgeFrame): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        ws.close(1013, 'client is not reading');
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(frame);
      } catch (e) {
        // a reply that cannot be serialised is answered as an error, never thrown
        if (frame.t !== 'reply') return;
        text = JSON.stringify({ t: 'reply', id: frame.id, reply: { ok: false, error: `the answer could not be sent: ${String(e).slice(0, 200)}` } });
      }
      ws.send(text);
    };
    const unsubscribe = this.opts.session.onBatch((batch) => send({ t: 'events', batch: [...batch] }));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      try {
        this.receive(toBuffer(data), isBinary, send, () => inFlight, (d) => (inFlight += d));
      } catch (e) {
        console.error('bridge: a frame could not be handled:', e);
      }
    });
  }

  /** Handles one incoming frame: a bad one gets an error reply when its id can be read. */
  private receive(data: Buffer, isBinary: boolean, send: (f: BridgeFrame) => void, inFlight: () => number, adjust: (d: number) => void): void {
    const parsed = parseFrame(data);
    const fail = (id: number | undefined, error: string): void => {
      if (id !== undefined) send({ t: 'reply', id, reply: { ok: false, error } });
    };
    if (isBinary) {
      fail(parsed.id, 'bad frame: binary frames are not accepted; send commands as JSON text');
      return;
    }
    if (!parsed.ok) {
      fail(parsed.id, parsed.error);
      return;
    }
    const problem = argsProblem(parsed.name, parsed.args);
    if (problem !== undefined) {
      fail(parsed.id, problem);
      return;
    }
    if (inFlight() >= (this.opts.maxInFlight ?? 64)) {
      fail(parsed.id, 'too many commands at once; wait for the answers');
      return;
    }
    adjust(1);
    void this.opts.session
      .execute(parsed.name, parsed.args)
      .catch((e: unknown): CommandReply<CommandName> => ({ ok: false, error: String(e) }))
      .then((reply) => {
        adjust(-1);
        send({ t: 'reply', id: parsed.id, reply });
      });
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
