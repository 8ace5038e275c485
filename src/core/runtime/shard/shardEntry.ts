/**
 * The script a sharded network's shard processes run: it only serves as a shard. From the
 * sources it runs with the tsx loader (`--import tsx`); the desktop app's build has it as
 * `out/main/shard.js` (electron.vite.config.ts). See `entry.ts` for how the parent finds it.
 */
import { runShardIfAsked } from './shardProcess';

if (!runShardIfAsked()) {
  console.error('shardEntry runs only as a shard process (forked by ShardedNetwork)');
  process.exit(2);
}
