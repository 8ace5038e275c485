/**
 * The wire messages of the Gossip Lab protocol, one zod schema each, and the TypeScript types
 * inferred from them. Every message is a JSON object with the protocol version `v` and a `type`;
 * requests carry a request id `rid` that the answer echoes. See docs/PROTOCOL.md for who sends
 * what, when, and what each answer means.
 */
import { z } from 'zod';
import { isValidHost } from './addr';

/** The protocol version this build speaks; carried as `v` in every message. */
export const PROTOCOL_VERSION = 2;
/** Most peer entries in one `peer-list` page, and addresses in one `neighbours` page. */
export const MAX_PAGE = 200;
/** Longest gossip message text, in characters. */
export const MAX_GOSSIP_TEXT = 1024;

const addr = z.object({
  host: z.string().min(1).max(253).refine(isValidHost, 'not an IP address or host name'),
  port: z.number().int().min(1).max(65535),
});
const rid = z.number().int().min(0).max(2 ** 31 - 1);
const count = z.number().int().min(0).max(2 ** 31 - 1);
const time = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const reason = z.string().max(512);
const v = z.literal(PROTOCOL_VERSION);
/** 32 random bytes or their SHA-256, lowercase hex: a registration token or a claim's proof. */
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One peer as a seed knows it: its listening address and its last reported degree. */
export const peerEntrySchema = addr.extend({ degree: count });

/** Error codes a node answers with (`error.code`). */
export const ERROR_CODES = [
  'bad-frame',
  'frame-too-large',
  'frame-timeout',
  'bad-json',
  'bad-version',
  'unknown-type',
  'bad-message',
  'unexpected-message',
  'not-registered',
  'busy',
  'shutting-down',
  'idle-timeout',
  'unverified',
  'not-claimed',
  'forbidden',
  'rate-limited',
  'key-required',
] as const;
/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every message type, by its `type`. */
export const messageSchemas = {
  // peer → seed
  /** `proof`: SHA-256 of the token this peer keeps for this seed; the seed checks it at `peer` by a reach-check. */
  register: z.object({ v, type: z.literal('register'), rid, peer: addr, proof: hex64 }),
  /** `token`: the secret whose SHA-256 was the registration's proof; only its holder may speak for `peer`. */
  unregister: z.object({ v, type: z.literal('unregister'), rid, peer: addr, token: hex64 }),
  degree: z.object({ v, type: z.literal('degree'), rid, peer: addr, degree: count, token: hex64 }),
  /** `token`: the reporter's own registration token at this seed. */
  'dead-node': z.object({ v, type: z.literal('dead-node'), rid, dead: addr, timestamp: time, reporter: addr, token: hex64 }),
  // any → seed
  'get-peers': z.object({ v, type: z.literal('get-peers'), rid, offset: count, limit: z.number().int().min(1).max(MAX_PAGE) }),
  // seed → peer
  registered: z.object({ v, type: z.literal('registered'), rid, seed: addr, peers: count }),
  'peer-list': z.object({
    v,
    type: z.literal('peer-list'),
    rid,
    seed: addr,
    offset: count,
    total: count,
    peers: z.array(peerEntrySchema).max(MAX_PAGE),
  }),
  ack: z.object({ v, type: z.literal('ack'), rid, detail: reason.optional() }),
  // peer ↔ peer
  /** `proof`: a fresh nonce; the acceptor checks by a reach-check at `from` that the dialler listens there. */
  'peer-hello': z.object({ v, type: z.literal('peer-hello'), rid, from: addr, proof: hex64 }),
  // verifier → the address a node claims: "did you make this claim, to me?"
  'reach-check': z.object({ v, type: z.literal('reach-check'), rid, verifier: addr, proof: hex64 }),
  'reach-ok': z.object({ v, type: z.literal('reach-ok'), rid }),
  'peer-accept': z.object({ v, type: z.literal('peer-accept'), rid, peer: addr, degree: count }),
  'peer-reject': z.object({ v, type: z.literal('peer-reject'), rid, reason }),
  gossip: z.object({
    v,
    type: z.literal('gossip'),
    /** SHA-256 of `text`, lowercase hex: the Message List key (checked on first receipt). */
    id: z.string().regex(/^[0-9a-f]{64}$/),
    text: z.string().min(1).max(MAX_GOSSIP_TEXT),
    origin: addr,
    seq: count,
    createdAt: time,
    hops: count,
  }),
  /** `suspect`: the sender suspects the receiver (swim detector): it refutes by raising its incarnation. */
  liveness: z.object({ v, type: z.literal('liveness'), rid, timestamp: time, from: addr, suspect: z.boolean().optional() }),
  /** `incarnation`: the replier's incarnation number (swim detector), raised each time it learns it is suspected. */
  'liveness-reply': z.object({ v, type: z.literal('liveness-reply'), rid, timestamp: time, from: addr, incarnation: count.optional() }),
  /** Indirect probe (SWIM): "probe `target` for me"; only taken over a neighbour link. */
  'ping-req': z.object({ v, type: z.literal('ping-req'), rid, target: addr, suspect: z.boolean().optional() }),
  /** The answer to `ping-req`: `acked` true with the target's incarnation, or false (Lifeguard's nack). */
  'ping-req-reply': z.object({ v, type: z.literal('ping-req-reply'), rid, acked: z.boolean(), incarnation: count.optional() }),
  bye: z.object({ v, type: z.literal('bye'), from: addr }),
  // observer → peer
  'neighbours-query': z.object({ v, type: z.literal('neighbours-query'), rid, offset: count }),
  neighbours: z.object({
    v,
    type: z.literal('neighbours'),
    rid,
    peer: addr,
    degree: count,
    offset: count,
    total: count,
    neighbours: z.array(addr).max(MAX_PAGE),
    seeds: z.array(addr).max(MAX_PAGE),
  }),
  // any → any
  error: z.object({
    v,
    type: z.literal('error'),
    rid: rid.optional(),
    code: z.enum(ERROR_CODES),
    message: reason,
  }),
} as const;

/** The name of a message type. */
export type MessageType = keyof typeof messageSchemas;
/** The message whose `type` is `T`. */
export type MessageOf<T extends MessageType> = z.infer<(typeof messageSchemas)[T]>;
/** Any protocol message: a discriminated union on `type`. */
export type Message = { [T in MessageType]: MessageOf<T> }[MessageType];
/** One entry of a seed's peer list. */
export type PeerEntry = z.infer<typeof peerEntrySchema>;
/** A message as a sender builds it: everything but the version, which the codec adds. */
export type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'v'> : never) : never;

/** True when `t` names a known message type. */
export function isMessageType(t: unknown): t is MessageType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(messageSchemas, t);
}
