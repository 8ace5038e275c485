/**
 * The app's side of the network key: turning the key text a user typed into a TLS-PSK transport,
 * probing a remote seed through it, and wording a refused handshake for a notice ("remote seed
 * 10.0.0.5:6000 refused the handshake: it uses another network key"). The key itself never
 * appears in an error, an event or a log line.
 */
import type { Clock } from '../core/clock';
import { DEFAULT_LIMITS } from '../core/net/limits';
import { checkNetworkKey, describeKeyRefusal, pskTransport } from '../core/net/secure';
import type { Transport } from '../core/net/transport';
import type { Addr } from '../core/protocol/addr';
import { addrKey } from '../core/protocol/addr';
import type { PeerEntry } from '../core/protocol/messages';
import { probeSeed } from '../core/runtime/probe';

/**
 * The TLS-PSK transport for key text typed into the app (surrounding whitespace trimmed, as in a
 * key file, so the text of a `--network-key-file` gives the same key).
 * @param handshakeTimeoutMs how long an inbound handshake may take, ms (the connect timeout)
 * @throws NetworkKeyError when the text is too short or too long (the message gives sizes only).
 */
export function transportFromKeyText(keyText: string, handshakeTimeoutMs = DEFAULT_LIMITS.connectTimeoutMs): Transport {
  return pskTransport(checkNetworkKey(keyText), { handshakeTimeoutMs });
}

/** What to do about each refusal, for the notice. */
const ADVICE: Record<string, string> = {
  'it uses another network key': 'set the key its network uses',
  'it requires a network key': 'set its network key to watch it',
  'it does not use a network key': 'clear the network key to watch it',
};

/**
 * Rewords an error about node `id` when it is a network-key refusal.
 * @returns `<what> <id> refused the handshake: it uses another network key (set the key …)`, or
 *   undefined when the error is about something else.
 */
export function keyRefusalText(what: string, id: string, message: string): string | undefined {
  const phrase = describeKeyRefusal(message);
  if (phrase === undefined) return undefined;
  return `${what} ${id} refused the handshake: ${phrase} (${ADVICE[phrase] ?? 'check the network key'})`;
}

/**
 * Rewords a remote observation notice that is a network-key refusal; other text is returned as is.
 * The node is the first `host:port` the text names.
 */
export function clarifyRemoteNotice(text: string): string {
  if (describeKeyRefusal(text) === undefined) return text;
  const id = /(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}/.exec(text)?.[0];
  return id === undefined ? text : (keyRefusalText('remote node', id, text) ?? text);
}

/**
 * Dials a seed over `transport` (plain TCP when undefined), fetches its peer list, and closes: the
 * check that an address really is a seed of a network this app can join.
 * @param timeoutMs connect, handshake and per-request timeout, ms
 * @throws Error worded for the user: `remote seed … refused the handshake: it uses another network
 *   key (…)`, `no seed answers at …: connect ECONNREFUSED`, `… is not a seed: …`.
 */
export async function probeRemoteSeed(seed: Addr, timeoutMs: number, clock: Clock, transport: Transport | undefined): Promise<PeerEntry[]> {
  try {
    return await probeSeed(seed, timeoutMs, clock, transport ? { transport } : {});
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(keyRefusalText('remote seed', addrKey(seed), message) ?? message);
  }
}
