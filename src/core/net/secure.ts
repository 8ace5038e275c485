/**
 * The network key: an optional transport that authenticates and encrypts every connection with
 * TLS 1.2 and a pre-shared key (TLS-PSK, RFC 4279 / RFC 5489), using Node's own `tls` — no
 * home-made cryptography. Nodes that hold the same key file talk; a node without it, or with
 * another one, is refused at the handshake with an error that says so in words on both sides.
 *
 * The PSK is not the file's bytes themselves: it is derived from them with HKDF-SHA-256, so a key
 * file of any length (16 bytes to 4 KiB) gives a 32-byte key. Only ECDHE-PSK cipher suites are
 * offered, so every session has forward secrecy: a key file that leaks later does not decrypt
 * traffic recorded before.
 */
import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { encodeFrame } from '../protocol/frame';
import { encodeMessage } from '../protocol/codec';
import type { ErrorCode } from '../protocol/messages';
import type { Transport } from './transport';
import { TLS_HANDSHAKE_BYTE } from './transport';

export { TLS_HANDSHAKE_BYTE };

/** Least key material a network key must have, bytes. */
export const MIN_KEY_BYTES = 16;
/** Most a network key file may hold, bytes (a key file, not a document). */
export const MAX_KEY_BYTES = 4096;
/** The PSK identity both sides send and expect; the key, not the identity, is the secret. */
export const PSK_IDENTITY = 'gossip-lab';
/**
 * The TLS 1.2 cipher suites offered, best first. All are ECDHE-PSK (forward secrecy, no
 * certificates). Node's OpenSSL 3 negotiates ChaCha20-Poly1305; the CBC-SHA one is there for
 * TLS libraries without the others (BoringSSL in Electron). TLS 1.3 is not used: Node offers
 * PSK only for TLS 1.2.
 */
export const PSK_CIPHERS = ['ECDHE-PSK-CHACHA20-POLY1305', 'ECDHE-PSK-AES256-CBC-SHA384', 'ECDHE-PSK-AES256-CBC-SHA'];
/** What a keyed node answers, in plain text, to a node that connects without a key. */
export const KEY_REQUIRED_MESSAGE = 'this network requires a network key';

/** HKDF salt and info: they bind the derived key to this use, so the same file used elsewhere gives another key. */
const HKDF_SALT = 'gossip-lab network key v1';
const HKDF_INFO = 'tls1.2-psk';
/** The error code of the plain-text refusal. */
const REFUSAL_CODE: ErrorCode = 'key-required';

/** A network key could not be read or is not acceptable; the message names the file and what is wrong. */
export class NetworkKeyError extends Error {
  override name = 'NetworkKeyError';
}

/** Why a handshake was refused, in the words both sides use. */
export type HandshakeRefusal = 'no-key' | 'other-key' | 'key-required' | 'closed' | 'timeout' | 'other';

/** A dial reached the remote but the TLS-PSK handshake did not complete. */
export class HandshakeError extends Error {
  override name = 'HandshakeError';
  /**
   * @param remote `host:port` dialled
   * @param refusal the cause, as {@link HandshakeRefusal}
   */
  constructor(
    readonly remote: string,
    readonly refusal: HandshakeRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks network key material and trims surrounding whitespace (a key file written with `echo`
 * ends in a newline; the same key typed into the app does not).
 * @param what names the key's source in errors (`network key file k.txt`, `the network key`)
 * @returns the key bytes.
 * @throws NetworkKeyError when fewer than {@link MIN_KEY_BYTES} or more than {@link MAX_KEY_BYTES} bytes remain.
 */
export function checkNetworkKey(material: Buffer | string, what = 'the network key'): Buffer {
  const raw = typeof material === 'string' ? Buffer.from(material, 'utf8') : material;
  if (raw.length > MAX_KEY_BYTES) throw new NetworkKeyError(`${what} is too long: ${raw.length} bytes (at most ${MAX_KEY_BYTES})`);
  let start = 0;
  let end = raw.length;
  const space = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  while (start < end && space(raw[start])) start++;
  while (end > start && space(raw[end - 1])) end--;
  const key = raw.subarray(start, end);
  if (key.length < MIN_KEY_BYTES) {
    throw new NetworkKeyError(
      `${what} is too short: ${key.length} bytes of key material (at least ${MIN_KEY_BYTES}; make one with \`openssl rand -hex 32\`)`,
    );
  }
  return Buffer.from(key);
}

/**
 * Reads a network key file.
 * @returns the key bytes (surrounding whitespace trimmed), for {@link pskTransport}.
 * @throws NetworkKeyError naming the file: missing or unreadable, too short, too long (> 4 KiB).
 */
export function readNetworkKey(path: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NetworkKeyError(`network key file ${path} does not exist`);
    if (code === 'EISDIR') throw new NetworkKeyError(`network key file ${path} is a directory`);
    throw new NetworkKeyError(`cannot read network key file ${path}: ${code ?? (e as Error).message}`);
  }
  return checkNetworkKey(data, `network key file ${path}`);
}

/** The 32-byte TLS pre-shared key derived from key material by HKDF-SHA-256. */
export function derivePsk(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, HKDF_SALT, HKDF_INFO, 32));
}

/** Options of {@link pskTransport}. */
export interface PskOptions {
  /**
   * How long an inbound connection has to complete its handshake, ms (default 5000: the default
   * connect timeout). Outbound dials use the connect timeout they are given.
   */
  handshakeTimeoutMs?: number;
}

/**
 * A {@link Transport} that runs every connection over TLS 1.2 with a pre-shared key derived from
 * `key`. Its listener also answers a node that connects without a key: an `error key-required`
 * frame in plain text, then close.
 * @param key the network key material (at least {@link MIN_KEY_BYTES} bytes; see {@link readNetworkKey})
 * @throws NetworkKeyError when the key is too short or too long, or when this runtime's TLS
 *   library offers none of the ECDHE-PSK cipher suites.
 */
export function pskTransport(key: Buffer, opts: PskOptions = {}): Transport {
  const psk = derivePsk(checkNetworkKey(key));
  const available = new Set(tls.getCiphers());
  const ciphers = PSK_CIPHERS.filter((c) => available.has(c.toLowerCase()));
  if (ciphers.length === 0) throw new NetworkKeyError(`this runtime's TLS library offers no ECDHE-PSK cipher suite (${process.versions.openssl ?? 'unknown'})`);
  const tlsOptions = { ciphers: ciphers.join(':'), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } as const;
  const secureContext = tls.createSecureContext(tlsOptions);
  const handshakeMs = opts.handshakeTimeoutMs ?? 5_000;

  return {
    name: 'tls-psk',
    connect(host, port, timeoutMs) {
      return new Promise((resolve, reject) => {
        const remote = `${host}:${port}`;
        let tcpUp = false;
        const socket = tls.connect({
          host,
          port,
          ...tlsOptions,
          // no certificates: the PSK authenticates both ends
          checkServerIdentity: () => undefined,
          pskCallback: () => ({ psk, identity: PSK_IDENTITY }),
        });
        const timer = setTimeout(() => {
          socket.destroy();
          reject(tcpUp ? new HandshakeError(remote, 'timeout', `handshake with ${remote} timed out after ${timeoutMs} ms`) : new Error(`connect to ${remote} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        socket.once('connect', () => (tcpUp = true));
        socket.once('error', (e) => {
          clearTimeout(timer);
          socket.destroy();
          reject(tcpUp ? clientRefusal(remote, e) : new Error(`connect to ${remote} failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
        });
        socket.once('secureConnect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          resolve(socket);
        });
      });
    },
    createServer(onSocket, onRefused = () => {}) {
      return net.createServer((raw) => {
        const remote = `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? '?'}`;
        let done = false;
        const refuse = (why: string): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          onRefused(remote, why);
        };
        const timer = setTimeout(() => {
          refuse(`no handshake within ${handshakeMs} ms`);
          raw.destroy();
        }, handshakeMs);
        raw.on('error', () => {}); // 'close' follows
        raw.once('close', () => refuse('it closed the connection during the handshake'));
        raw.once('data', (first: Buffer) => {
          if (done) return;
          raw.pause();
          if (first[0] !== TLS_HANDSHAKE_BYTE) {
            refuse('it has no network key (it spoke plain TCP)');
            answerPlain(raw);
            return;
          }
          raw.unshift(first); // the TLS socket reads it back
          const serverOptions: PskServerSocketOptions = {
            isServer: true,
            secureContext,
            pskCallback: (_socket, identity) => (identity === PSK_IDENTITY ? psk : null),
          };
          const secure = new tls.TLSSocket(raw, serverOptions);
          secure.on('error', (e) => {
            if (done) return; // after the handshake the connection handles its own errors
            refuse(serverRefusal(e));
            raw.destroy();
          });
          secure.once('secure', () => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            onSocket(secure);
          });
        });
      });
    },
  };
}

/**
 * A server-side TLS socket's options with the PSK callback, which `new tls.TLSSocket` takes (as
 * `tls.createServer` does) though @types/node 20 leaves it out of `TLSSocketOptions`.
 */
interface PskServerSocketOptions extends tls.TLSSocketOptions {
  pskCallback: (socket: tls.TLSSocket, identity: string) => Buffer | null;
}

/** Answers a plain-TCP client with `error key-required` in a plain frame, then closes. */
function answerPlain(raw: net.Socket): void {
  const frame = encodeFrame(encodeMessage({ type: 'error', code: REFUSAL_CODE, message: KEY_REQUIRED_MESSAGE }));
  raw.end(frame);
  // a client that does not close its side is not waited for
  setTimeout(() => raw.destroy(), 1_000).unref();
}

/** The TLS error's code (`ERR_SSL_…`, `ECONNRESET`) and message, upper-cased for matching. */
function errorText(e: Error): string {
  return `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}`.toUpperCase();
}

/** Alerts and record errors of a PSK mismatch (the Finished message does not verify). */
const OTHER_KEY = /BAD_RECORD_MAC|BAD RECORD MAC|DECRYPT|PSK_IDENTITY|PSK IDENTITY/;
/** What a TLS client sees when the server answers in plain text (not a TLS record). */
const NOT_TLS = /WRONG_VERSION_NUMBER|WRONG VERSION NUMBER|PACKET_LENGTH_TOO_LONG|RECORD_LAYER|UNKNOWN_PROTOCOL|HTTP_REQUEST|RECORD_TOO_LONG/;
/** The server has no cipher suite in common with ours. */
const NO_CIPHER = /NO_SHARED_CIPHER|NO_CIPHERS|HANDSHAKE_FAILURE/;

/** A dial's handshake failure, worded for a user. */
function clientRefusal(remote: string, e: Error): HandshakeError {
  const text = errorText(e);
  const lead = `handshake with ${remote} refused:`;
  if (OTHER_KEY.test(text)) return new HandshakeError(remote, 'other-key', `${lead} the remote uses another network key`);
  if (NOT_TLS.test(text)) return new HandshakeError(remote, 'no-key', `${lead} the remote does not use a network key`);
  if (NO_CIPHER.test(text)) return new HandshakeError(remote, 'other', `${lead} no TLS-PSK cipher suite in common with the remote`);
  if (/ECONNRESET|DISCONNECTED|EPIPE/.test(text)) {
    return new HandshakeError(remote, 'closed', `handshake with ${remote} broken off: the remote closed the connection (it may not use a network key)`);
  }
  return new HandshakeError(remote, 'other', `${lead} ${(e as NodeJS.ErrnoException).code ?? e.message}`);
}

/** An inbound handshake's failure, worded for the keyed node's log. */
function serverRefusal(e: Error): string {
  const text = errorText(e);
  if (OTHER_KEY.test(text)) return 'it uses another network key';
  if (NO_CIPHER.test(text)) return 'no TLS-PSK cipher suite in common';
  if (/ECONNRESET|EPIPE/.test(text)) return 'it closed the connection during the handshake';
  return `TLS handshake failed (${(e as NodeJS.ErrnoException).code ?? e.message})`;
}

/**
 * Recognises a network-key refusal in an error message from anywhere in the stack (a dial, a
 * probe, a join) and says what it means for the remote: `it uses another network key`, `it
 * requires a network key`, `it does not use a network key`.
 * @returns that phrase, or undefined when the message is about something else.
 */
export function describeKeyRefusal(message: string): string | undefined {
  if (/uses another network key/.test(message)) return 'it uses another network key';
  if (/does not use a network key/.test(message)) return 'it does not use a network key';
  if (/key-required|requires a network key/.test(message)) return 'it requires a network key';
  return undefined;
}
