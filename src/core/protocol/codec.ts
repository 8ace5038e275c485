/**
 * Turns messages into frame payloads and payloads back into validated messages. Decoding never
 * throws: a bad payload yields a {@link DecodeFailure} with the error code to answer and, when the
 * payload was JSON with a usable `rid`, the id to answer it on.
 */
import type { ErrorCode, Message, Outgoing } from './messages';
import { PROTOCOL_VERSION, isMessageType, messageSchemas } from './messages';
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

/** A short, safe description of an untrusted JSON value for an error message (never recurses). */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 32));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'missing';
  return Array.isArray(value) ? 'an array' : 'an object';
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
  if (jsonDepth(payload) > MAX_JSON_DEPTH) {
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
