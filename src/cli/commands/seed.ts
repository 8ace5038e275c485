/** `gossip-lab seed`: run one seed node until SIGINT/SIGTERM. */
import { SeedNode } from '../../core/seed/seedNode';
import { createFileLogger } from '../logger';
import type { NetworkFlags } from '../network';
import { limitsFrom } from '../network';
import { untilSignal } from '../signals';

/** Parsed options of `seed`. */
export interface SeedFlags extends NetworkFlags {
  host: string;
  port: number;
  log: string;
}

/**
 * Starts a seed, logs to console and `--log`, stops gracefully on a signal. Resolves with the exit code.
 * @throws UsageError for a bad network key file or `--limit` (exit code 2).
 */
export async function runSeed(o: SeedFlags): Promise<number> {
  const limits = limitsFrom(o);
  const logger = createFileLogger(`seed ${o.host}:${o.port}`, o.log);
  if (limits.transport) logger.info(`network key on: every connection is TLS-PSK (${limits.transport.name})`);
  const seed = new SeedNode({ host: o.host, port: o.port, logger, limits });
  try {
    await seed.start();
  } catch (e) {
    logger.error((e as Error).message);
    logger.close();
    return 1;
  }
  await untilSignal();
  await seed.stop();
  logger.close();
  return 0;
}
