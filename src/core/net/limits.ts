/** Bounds every connection obeys. All times in ms, sizes in bytes. */
import { MAX_FRAME_BYTES } from '../protocol/frame';
import type { Transport } from './transport';

/** Size and time limits of one node's connections. */
export interface Limits {
  /** Largest frame payload accepted or sent, bytes. */
  frameBytes: number;
  /** A partial frame, or an inbound connection's first message, must complete within this, ms. */
  frameTimeoutMs: number;
  /** How long a request waits for its answer, ms. */
  requestTimeoutMs: number;
  /** How long a dial waits for the TCP handshake, ms. */
  connectTimeoutMs: number;
  /** Unsent bytes queued on one socket before it is dropped as a slow consumer. */
  maxWriteBufferBytes: number;
  /** Inbound connections a node holds open at once; more are answered `busy` and closed. */
  maxConnections: number;
  /**
   * A peer closes its connection to a seed after this long without a request, ms, and dials
   * again when it next needs the seed: a joined peer rarely talks to its seeds, and an idle
   * connection costs both ends a socket (and the seed one of its `maxConnections`).
   */
  seedIdleMs: number;
  /**
   * How the node's sockets are opened and accepted: plain TCP when absent, or an authenticated
   * and encrypted transport when the network has a key (see `transport.ts`).
   */
  transport?: Transport;
}

/**
 * The defaults: 64 KiB frames, 10 s to finish a frame, 5 s per request, 4 MiB write buffer,
 * 4,096 connections, seed connections closed after 2 s idle.
 */
export const DEFAULT_LIMITS: Limits = {
  frameBytes: MAX_FRAME_BYTES,
  frameTimeoutMs: 10_000,
  requestTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
  maxWriteBufferBytes: 4 * 1024 * 1024,
  maxConnections: 4096,
  seedIdleMs: 2_000,
};
