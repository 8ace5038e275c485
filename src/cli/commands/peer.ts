/** `gossip-lab peer`: run one peer node from a seed list until SIGINT/SIGTERM. */
import { readSeedList } from '../../core/config/seedList';
import { PeerNode } from '../../core/peer/peerNode';
import { seededRandom, unseededRandom } from '../../core/random';
import { createFileLogger } from '../logger';
import { unreachableHostWarning } from '../reach';
import type { NetworkFlags } from '../network';
import { limitsFrom } from '../network';
import type { TimingFlags } from '../options';
import { timingFrom } from '../options';
import { untilSignal } from '../signals';
import { UsageError } from '../usage';

/** Parsed options of `peer`. */
export interface PeerFlags extends TimingFlags, NetworkFlags {
  /** The failure detector (default assignment). */
  detector?: 'assignment' | 'swim';
  host: string;
  port: number;
  config: string;
  log: string;
  randomSeed?: number;
  /** Seconds to keep retrying the registration (seeds that start later are waited for); 0: one attempt. */
  joinTimeout?: number;
}

/**
 * Reads the seed list, starts and joins a peer, runs it until a signal, then leaves gracefully.
 * @returns 0 after a clean stop, 1 when it could not listen or join.
 * @throws UsageError for a bad config file, network key file or `--limit` (exit code 2).
 */
export async function runPeer(o: PeerFlags): Promise<number> {
  const limits = limitsFrom(o);
  let seeds;
  try {
    seeds = await readSeedList(o.config);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const logger = createFileLogger(`peer ${o.host}:${o.port}`, o.log);
  if (limits.transport) logger.info(`network key on: every connection is TLS-PSK (${limits.transport.name})`);
  const unreachable = unreachableHostWarning(o.host, seeds);
  if (unreachable) logger.warn(unreachable);
  const joinTimeoutMs = (o.joinTimeout ?? 60) * 1000;
  const peer = new PeerNode({
    limits,
    host: o.host,
    port: o.port,
    seeds,
    ...timingFrom(o),
    random: o.randomSeed === undefined ? unseededRandom() : seededRandom(o.randomSeed),
    // retry until the deadline (seeds may start after this peer); with 0, one attempt only
    ...(joinTimeoutMs > 0 ? { joinTimeoutMs } : { joinRetries: 0 }),
    detector: o.detector ?? 'assignment',
    logger,
  });
  // a signal during the join stops the peer too (it leaves the seeds it reached)
  const signal = untilSignal();
  const started = peer.start().then(
    () => null,
    (e: Error) => e,
  );
  const first = await Promise.race([started, signal.then(() => 'signal' as const)]);
  if (first instanceof Error) {
    logger.error(`peer could not start: ${first.message}`);
    logger.close();
    return 1;
  }
  if (first !== 'signal') await signal;
  await peer.stop();
  await started;
  logger.close();
  return 0;
}
