/** `gossip-lab seed`: run one seed node until SIGINT/SIGTERM. */
import { SeedNode } from '../../core/seed/seedNode';
import { createFileLogger } from '../logger';
import { untilSignal } from '../signals';

/** Parsed options of `seed`. */
export interface SeedFlags {
  host: string;
  port: number;
  log: string;
}

/** Starts a seed, logs to console and `--log`, stops gracefully on a signal. Resolves with the exit code. */
export async function runSeed(o: SeedFlags): Promise<number> {
  const logger = createFileLogger(`seed ${o.host}:${o.port}`, o.log);
  const seed = new SeedNode({ host: o.host, port: o.port, logger });
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
