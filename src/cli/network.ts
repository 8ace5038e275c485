/**
 * What the CLI options that shape a node's connections do: `--network-key-file FILE` (TLS-PSK on
 * every connection, see core/net/secure.ts) and `--limit NAME=VALUE` (any numeric bound of
 * core/net/limits.ts), shared by `seed`, `peer` and `net`. The options themselves (parsing, help)
 * are in ./networkOptions.ts.
 */
import type { Limits } from '../core/net/limits';
import { DEFAULT_LIMITS } from '../core/net/limits';
import { pskTransport, readNetworkKey } from '../core/net/secure';
import type { NumericLimit } from './networkOptions';
import { UsageError } from './usage';

export { LIMIT_NAMES, networkOptions, parseLimit } from './networkOptions';
export type { NumericLimit } from './networkOptions';

/** Parsed connection options, as commander gives them. */
export interface NetworkFlags {
  /** Path of the network key file; absent = the open network (plain TCP). */
  networkKeyFile?: string;
  /** Limits set with `--limit`, by name. */
  limit?: Partial<Record<NumericLimit, number>>;
}

/**
 * The network key's bytes when `--network-key-file` is given (shard processes build their own
 * transport from them).
 * @throws UsageError (exit 2) for a bad key file.
 */
export function keyFrom(o: NetworkFlags): Buffer | undefined {
  if (o.networkKeyFile === undefined) return undefined;
  try {
    return readNetworkKey(o.networkKeyFile);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * The node limits the flags ask for: `--limit` values, and the TLS-PSK transport when a key file
 * is given (its handshake timeout is the connect timeout).
 * @throws UsageError (exit 2) when the key file is missing, unreadable, too short or too long.
 */
export function limitsFrom(o: NetworkFlags): Partial<Limits> {
  const limits: Partial<Limits> = { ...o.limit };
  if (o.networkKeyFile !== undefined) {
    try {
      const key = readNetworkKey(o.networkKeyFile);
      limits.transport = pskTransport(key, { handshakeTimeoutMs: limits.connectTimeoutMs ?? DEFAULT_LIMITS.connectTimeoutMs });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return limits;
}
