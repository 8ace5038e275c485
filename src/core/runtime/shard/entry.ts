/**
 * Where a parent finds the script its shard processes run, and the Node options to run it with:
 * from the TypeScript sources (run by tsx, vitest, Playwright), `shardEntry.ts` beside this module
 * with the tsx loader; from a build (one bundle, e.g. the desktop app's `out/main/index.js`),
 * `shard.js` beside the bundle, with no loader.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A shard script and the Node options it runs with. */
export interface ShardEntry {
  entry: string;
  execArgv: string[];
}

/**
 * The shard script for this build of the code.
 * @param from the URL of the module asking (default: this one)
 * @throws Error when a build has no `shard.js` beside it, or tsx cannot be found for the sources.
 */
export function defaultShardEntry(from: string = import.meta.url): ShardEntry {
  const file = fileURLToPath(from);
  const here = dirname(file);
  if (/\.tsx?$/.test(file)) {
    const entry = join(here, 'shardEntry.ts');
    const candidates = [entry, join(here, 'shard', 'shardEntry.ts')];
    const found = candidates.find((c) => existsSync(c)) ?? entry;
    let loader: string;
    try {
      loader = pathToFileURL(createRequire(from).resolve('tsx')).href;
    } catch {
      loader = 'tsx';
    }
    return { entry: found, execArgv: ['--import', loader] };
  }
  for (const candidate of [join(here, 'shard.js'), join(here, '..', 'shard.js')]) if (existsSync(candidate)) return { entry: candidate, execArgv: [] };
  throw new Error(`no shard script beside ${file} (shard.js): build the app again, or set shards to 0 to run the nodes in this process`);
}
