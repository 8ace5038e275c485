/**
 * Turns messages into frame payloads and payloads back into validated messages. Decoding never
 * throws: a bad payload yields a {@link DecodeFailure} with the error code to answer and, when the
 * payload was JSON with a usable `rid`, the id to answer it on.
 */
import type { ErrorCode, Message, MessageOf, Outgoing } from './messages';
import { MAX_GOSSIP_TEXT, PROTOCOL_VERSION, isMessageType, messageSchemas } from './messages';
import { isValidHost } from './addr';
import { MAX_FRAME_BYTES } from './frame';

/** A payload that could not be turned into a message. */
export interface DecodeFailure {
  ok: false;
  code: ErrorCode;
  /** Human-readable reason, safe to log and to send back. */
  message: string;
  /** The request id of the bad message, when one could be read. */
  rid?: number;
  /** The type it claimed, when one could be read. */
  type?: string;
}
/** A payload that is a valid message. */
export interface DecodeSuccess {
  ok: true;
  message: Message;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Deepest nesting of objects and arrays a payload may have. Every message of the protocol is at
 * most 3 levels deep (`peer-list` → `peers` → entry); anything deeper is refused before it is
 * parsed, so no later step (zod, a log line, `JSON.stringify`) ever walks a deep structure.
 */
export const MAX_JSON_DEPTH = 8;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `{`/`[` in a JSON text, counting only brackets outside strings; stops
 * and returns as soon as it passes `limit`. One pass, no allocation: safe on any bytes.
 */
export function jsonDepth(payload: Uint8Array, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < payload.length; i++) {
    const c = payload[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return max;
}

/**
 * True when a JSON text nests objects and arrays deeper than `limit`. A payload with at most
 * `limit` opening brackets in all (most messages) is answered by counting them in native code
 * (`indexOf`); only one with more is scanned byte by byte ({@link jsonDepth}).
 */
export function nestedDeeperThan(payload: Uint8Array, limit: number): boolean {
  if (openings(payload, limit + 1) <= limit) return false;
  return jsonDepth(payload, limit) > limit;
}

/** How many `{` and `[` bytes `payload` holds, counting no further than `stop`. */
function openings(payload: Uint8Array, stop: number): number {
  const b = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  let n = 0;
  for (const c of [OPEN_BRACE, OPEN_BRACKET]) {
    for (let i = b.indexOf(c); i >= 0 && n < stop; i = b.indexOf(c, i + 1)) n++;
  }
  return n;
}

/** A short, safe description of an untrusted JSON value for an error message (never recurses). */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 32));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'missing';
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * Serialises a gossip message exactly as {@link encodeMessage} would (same keys, same order), but
 * by a template: the forward path encodes one frame per new message, and this is its hot spot.
 */
export function encodeGossip(m: Omit<MessageOf<'gossip'>, 'v' | 'type'>): Buffer {
  return Buffer.from(
    `{"v":${PROTOCOL_VERSION},"type":"gossip","id":"${m.id}","text":${JSON.stringify(m.text)},"origin":{"host":${JSON.stringify(m.origin.host)},"port":${m.origin.port}},"seq":${m.seq},"createdAt":${m.createdAt},"hops":${m.hops}}`,
    'utf8',
  );
}

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_COUNT = 2 ** 31 - 1;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_COUNT;

/**
 * The gossip schema checked by hand (the hot path: most frames a peer parses are gossip), with
 * the same rules as `messageSchemas.gossip`. Returns the message with exactly the schema's keys,
 * or undefined when any field is off — the caller then runs the schema for its precise error.
 */
function fastGossip(o: Record<string, unknown>): MessageOf<'gossip'> | undefined {
  const { id, text, origin, seq, createdAt, hops } = o;
  if (typeof id !== 'string' || !HEX64.test(id)) return undefined;
  if (typeof text !== 'string' || text.length < 1 || text.length > MAX_GOSSIP_TEXT) return undefined;
  if (typeof origin !== 'object' || origin === null || Array.isArray(origin)) return undefined;
  const { host, port } = origin as Record<string, unknown>;
  if (typeof host !== 'string' || host.length < 1 || host.length > 253 || !isValidHost(host)) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (!isCount(seq) || !isCount(hops)) return undefined;
  if (typeof createdAt !== 'number' || !Number.isInteger(createdAt) || createdAt < 0 || createdAt > Number.MAX_SAFE_INTEGER) return undefined;
  return { v: PROTOCOL_VERSION, type: 'gossip', id, text, origin: { host, port }, seq, createdAt, hops };
}

/** Serialises a message to a UTF-8 JSON payload, adding the protocol version. Never throws. */
export function encodeMessage(message: Outgoing): Buffer {
  return Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, ...message }), 'utf8');
}

/** Validates one frame's payload: UTF-8, JSON, version, known type, then the type's schema. */
export function decodeMessage(payload: Buffer): DecodeSuccess | DecodeFailure {
  if (payload.length > MAX_FRAME_BYTES) {
    return { ok: false, code: 'frame-too-large', message: `payload of ${payload.length} bytes exceeds ${MAX_FRAME_BYTES}` };
  }
  if (nestedDeeperThan(payload, MAX_JSON_DEPTH)) {
    return { ok: false, code: 'bad-message', message: `message nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(utf8.decode(payload));
  } catch (e) {
    return { ok: false, code: 'bad-json', message: `payload is not UTF-8 JSON: ${(e as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'bad-message', message: 'message must be a JSON object' };
  }
  const obj = raw as Record<string, unknown>;
  const rid = typeof obj.rid === 'number' && Number.isInteger(obj.rid) && obj.rid >= 0 && obj.rid <= 2 ** 31 - 1 ? obj.rid : undefined;
  const type = typeof obj.type === 'string' ? obj.type.slice(0, 64) : undefined;
  const base = { ok: false as const, ...(rid !== undefined ? { rid } : {}), ...(type !== undefined ? { type } : {}) };
  if (obj.v !== PROTOCOL_VERSION) {
    return { ...base, code: 'bad-version', message: `unsupported protocol version ${describe(obj.v)}; this node speaks ${PROTOCOL_VERSION}` };
  }
  if (!isMessageType(obj.type)) {
    return { ...base, code: 'unknown-type', message: `unknown message type ${describe(obj.type)}` };
  }
  if (obj.type === 'gossip') {
    const fast = fastGossip(obj);
    if (fast) return { ok: true, message: fast };
  }
  const parsed = messageSchemas[obj.type].safeParse(obj);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { ...base, code: 'bad-message', message: `invalid ${obj.type}: ${issues}` };
  }
  return { ok: true, message: parsed.data as Message };
}
