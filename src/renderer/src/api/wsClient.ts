/**
 * {@link RendererApi} over the WebSocket bridge (src/web): `BridgeFrame`s as JSON text frames.
 * Commands are matched to replies by id; event batches go to listeners. When the socket drops,
 * pending commands resolve `{ ok: false, error: 'connection to the host lost' }` and the client
 * reconnects with exponential backoff, then fetches a fresh `snapshot` for its resync listeners.
 */
import type { BridgeFrame, CommandArgs, CommandName, CommandReply, Snapshot, UiEvent } from '../../../shared/types';
import { ListenerSet } from './listeners';
import type { ConnectionState, RendererApi } from './types';

/** The error text of a command whose socket closed before its reply came. */
export const CONNECTION_LOST = 'connection to the host lost';
/** First reconnect delay, ms. */
const BACKOFF_MIN_MS = 250;
/** Longest reconnect delay, ms. */
const BACKOFF_MAX_MS = 5000;

type Pending = (reply: CommandReply<CommandName>) => void;

/** Reads one incoming frame; `null` when it is not a frame this client understands. */
function parseFrame(data: unknown): BridgeFrame | null {
  if (typeof data !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const t = (v as { t?: unknown }).t;
  if (t === 'reply' && typeof (v as { id?: unknown }).id === 'number') return v as BridgeFrame;
  if (t === 'events' && Array.isArray((v as { batch?: unknown }).batch)) return v as BridgeFrame;
  return null;
}

/** The bridge URL for this page: `ws(s)://<host>/bridge`. */
export function bridgeUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/bridge`;
}

/** A WebSocket implementation of the lab API; connects at once and keeps reconnecting until closed. */
export class WsLabApi implements RendererApi {
  /** Which transport this is. */
  readonly transport = 'websocket' as const;
  private ws: WebSocket | null = null;
  private state: ConnectionState = 'connecting';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Frames written before the first connection opened. */
  private readonly queued: string[] = [];
  private everOpened = false;
  private backoffMs = BACKOFF_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly events = new ListenerSet<UiEvent[]>();
  private readonly connection = new ListenerSet<ConnectionState>();
  private readonly resync = new ListenerSet<Snapshot>();

  /** @param url the bridge address, e.g. `ws://127.0.0.1:5173/bridge` */
  constructor(private readonly url: string) {
    this.connect();
  }

  /** Runs a command on the host; resolves with its reply, or a connection error. Never rejects. */
  command<C extends CommandName>(name: C, args: CommandArgs<C>): Promise<CommandReply<C>> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'the connection is closed' });
    if (this.state !== 'open' && this.everOpened) return Promise.resolve({ ok: false, error: CONNECTION_LOST });
    const id = this.nextId++;
    const frame: BridgeFrame = { t: 'command', id, name, args };
    return new Promise<CommandReply<C>>((resolve) => {
      this.pending.set(id, resolve as Pending);
      const text = JSON.stringify(frame);
      if (this.ws !== null && this.state === 'open') this.ws.send(text);
      else this.queued.push(text);
    });
  }

  /** Receives event batches until `signal` aborts. */
  onEvents(listener: (batch: UiEvent[]) => void, options?: { signal?: AbortSignal }): void {
    this.events.add(listener, options?.signal);
  }

  /** Reports the connection state now and on each change. */
  onConnection(listener: (state: ConnectionState) => void, options?: { signal?: AbortSignal }): void {
    this.connection.add(listener, options?.signal);
    if (!options?.signal?.aborted) listener(this.state);
  }

  /** Receives the snapshot fetched after each reconnect. */
  onResync(listener: (snapshot: Snapshot) => void, options?: { signal?: AbortSignal }): void {
    this.resync.add(listener, options?.signal);
  }

  /** Closes the socket for good; pending commands resolve with an error. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.ws?.close();
    this.failPending('the connection is closed');
  }

  private setState(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    this.connection.emit(s);
  }

  private connect(): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch (err) {
      console.error('bridge: cannot open socket', err);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener('open', () => this.handleOpen(ws));
    ws.addEventListener('message', (ev: MessageEvent) => this.handleMessage(ev.data));
    ws.addEventListener('close', () => this.handleClose(ws));
    // 'error' is always followed by 'close'; nothing to do here.
  }

  private handleOpen(ws: WebSocket): void {
    if (ws !== this.ws) return;
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.backoffMs = BACKOFF_MIN_MS;
    this.setState('open');
    for (const text of this.queued.splice(0)) ws.send(text);
    if (reconnect) {
      void this.command('snapshot', {}).then((reply) => {
        if (reply.ok) this.resync.emit(reply.result);
      });
    }
  }

  private handleMessage(data: unknown): void {
    const frame = parseFrame(data);
    if (frame === null) {
      console.warn('bridge: ignored a malformed frame');
      return;
    }
    if (frame.t === 'reply') {
      const resolve = this.pending.get(frame.id);
      if (resolve === undefined) return;
      this.pending.delete(frame.id);
      resolve(frame.reply);
    } else if (frame.t === 'events') {
      this.events.emit(frame.batch);
    }
  }

  private handleClose(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.ws = null;
    if (this.everOpened) this.failPending(CONNECTION_LOST);
    if (this.closed) return;
    this.setState(this.everOpened ? 'lost' : 'connecting');
    this.scheduleReconnect();
  }

  private failPending(error: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.queued.length = 0;
    for (const resolve of all) resolve({ ok: false, error });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer !== null) return;
    const delay = this.backoffMs * (0.8 + Math.random() * 0.4);
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}
