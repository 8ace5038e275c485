#!/usr/bin/env node
/**
 * `npm run build:cli`: the gossip-lab command as one JavaScript file, dist/gossip-lab.mjs, with
 * every dependency inlined (commander, pino, pino-pretty, zod, ipaddr.js, pure-rand, …), so it
 * runs with plain `node` ≥ 20 on a machine with no checkout and no node_modules, and with no
 * TypeScript compiler at run time (bin/gossip-lab.mjs runs it when it is there and up to date).
 *
 *   node scripts/build-cli.mjs [--outfile dist/gossip-lab.mjs] [--no-minify] [--metafile]
 *
 * esbuild's JS API (esbuild comes with vite and tsx). The commands are imported lazily by
 * src/cli/main.ts; in one file they become functions run on first use, so `--help` evaluates
 * none of the protocol, zod or pino code. zod's error-message translations (every language but
 * English, about a third of the file) are left out: the CLI never selects another locale.
 */
import { build } from 'esbuild';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    outfile: { type: 'string', default: resolve(root, 'dist/gossip-lab.mjs') },
    'no-minify': { type: 'boolean', default: false },
    metafile: { type: 'boolean', default: false },
  },
});
const outfile = resolve(values.outfile);
mkdirSync(dirname(outfile), { recursive: true });

/** zod's `locales` namespace (`z.locales.*`) with English only; zod's default config uses English. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: resolve(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Node's built-in modules loaded where they are used, not all at start: an ES module bundle would
 * hoist every `import … from 'node:tls'` to its top, so even `--help` would load TLS, crypto and
 * the rest. Each built-in becomes a small CommonJS module that requires it, run on first use.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.namespace === 'lazy-builtin' || !builtinModules.includes(name)) return undefined;
      return { path: name, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: [resolve(root, 'src/cli/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: !values['no-minify'],
  legalComments: 'none',
  metafile: values.metafile,
  logLevel: 'warning',
  plugins: [zodEnglishOnly, lazyBuiltins],
  // CommonJS dependencies (pino, commander, …) call require() for Node's built-ins; an ES module
  // has no require, so the bundle makes one.
  banner: {
    js: [
      '#!/usr/bin/env node',
      '// gossip-lab: the whole CLI in one file (built by scripts/build-cli.mjs). Run: node gossip-lab.mjs --help',
      "import { createRequire as __gl_createRequire } from 'node:module';",
      'const require = __gl_createRequire(import.meta.url);',
    ].join('\n'),
  },
});
if (values.metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
const kib = (statSync(outfile).size / 1024).toFixed(0);
console.log(`built ${relative(process.cwd(), outfile) || outfile} (${kib} KiB) in ${Math.round(performance.now() - started)} ms`);
