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

/** Serialises a message to a UTF-8 JSON payload, adding the protocol version. Never throws. */
export function encodeMessage(message: Outgoing): Buffer {
  return Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, ...message }), 'utf8');
}

/** Validates one frame's payload: UTF-8, JSON, version, known type, then the type's schema. */
export function decodeMessage(payload: Buffer): DecodeSuccess | DecodeFailure {
  if (payload.length > MAX_FRAME_BYTES) {
    return { ok: false, code: 'frame-too-large', message: `payload of ${payload.length} bytes exceeds ${MAX_FRAME_BYTES}` };
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
    return { ...base, code: 'bad-version', message: `unsupported protocol version ${JSON.stringify(obj.v)?.slice(0, 32)}; this node speaks ${PROTOCOL_VERSION}` };
  }
  if (!isMessageType(obj.type)) {
    return { ...base, code: 'unknown-type', message: `unknown message type ${JSON.stringify(obj.type)?.slice(0, 64)}` };
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
