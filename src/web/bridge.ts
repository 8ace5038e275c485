/**
 * The WebSocket side of the browser harness: each connection at `/bridge` speaks
 * {@link BridgeFrame}s with a {@link LabSession} — `command` frames in, `reply` frames and pushed
 * `events` batches out. Every incoming frame is checked (text, size, JSON, shape); a bad frame
 * with a usable `id` gets an error reply, any other bad frame is ignored, and nothing a client
 * sends can crash the server. Connections from another origin are refused at the handshake.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { LabSession } from '../core/host/session';
import type { BridgeFrame, CommandName, CommandReply } from '../shared/contract';

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

/** Result of reading one incoming frame. */
export type ParsedFrame = { ok: true; id: number; name: string; args: unknown } | { ok: false; id: number | undefined; error: string };

/**
 * Reads one text frame as a command.
 * @returns the command, or an error with the frame's `id` when one could be read
 */
export function parseFrame(text: string): ParsedFrame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, id: undefined, error: 'bad frame: not JSON' };
  }
  const raw = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
  const id = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 2 ** 31 - 1 ? raw : undefined;
  const r = commandFrame.safeParse(data);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; ');
    return { ok: false, id, error: `bad frame: ${why}` };
  }
  return { ok: true, id: r.data.id, name: r.data.name, args: r.data.args };
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
      ws.send(JSON.stringify(frame));
    };
    const unsubscribe = this.opts.session.onBatch((batch) => send({ t: 'events', batch: [...batch] }));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return; // frames are JSON text; a binary frame has no id to answer
      const parsed = parseFrame(toText(data));
      if (!parsed.ok) {
        if (parsed.id !== undefined) send({ t: 'reply', id: parsed.id, reply: { ok: false, error: parsed.error } });
        return;
      }
      if (inFlight >= (this.opts.maxInFlight ?? 64)) {
        send({ t: 'reply', id: parsed.id, reply: { ok: false, error: 'too many commands at once; wait for the answers' } });
        return;
      }
      inFlight++;
      void this.opts.session
        .execute(parsed.name, parsed.args)
        .catch((e: unknown): CommandReply<CommandName> => ({ ok: false, error: String(e) }))
        .then((reply) => {
          inFlight--;
          send({ t: 'reply', id: parsed.id, reply });
        });
    });
  }
}

function toText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
