import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** A regex for relative imports that reach into one of `dirs` (a path segment of that name). */
const relativeInto = (dirs) => `^\\.{1,2}/(.*/)?(${dirs.join('|')})(/|$)`;

export default tseslint.config(
  { ignores: ['.tmp/**', 'exports/**', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Layer boundaries (README "Architecture"): the arrows point down — renderer/preload → shared
  // types; main/web → host → core (+ shared); core imports no layer above it.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'zustand'].map((name) => ({ name, message: 'src/core is pure Node: no Electron, no UI.' })),
          patterns: [
            { regex: relativeInto(['host', 'shared', 'main', 'preload', 'renderer', 'web', 'cli']), message: 'src/core knows nothing of the app above it (host, shared UI types, main, preload, renderer, web, cli).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/host is pure Node: Electron main wraps it.' }],
          patterns: [{ regex: relativeInto(['main', 'preload', 'renderer', 'web', 'cli']), message: 'src/host imports only core and shared.' }],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['zod', 'ipaddr.js'].map((name) => ({ name, message: 'validation runs in the host; the preload bundles none of it.' })),
          patterns: [
            { regex: relativeInto(['core', 'host', 'main', 'web', 'cli', 'renderer']), message: 'the preload imports only src/shared/types.' },
            { regex: '^\\.{1,2}/(.*/)?shared/(?!types$)', message: 'the preload imports only src/shared/types (validation is host-side).' },
            { regex: '^node:', message: 'no Node modules in the sandboxed preload.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['zod', 'ipaddr.js', 'electron'].map((name) => ({ name, message: 'the page imports only src/shared/types and UI libraries.' })),
          patterns: [
            { regex: relativeInto(['core', 'host', 'main', 'web', 'cli', 'preload']), message: 'the renderer imports only src/shared/types and src/shared/recording.' },
            { regex: '^\\.{1,2}/(.*/)?shared/(?!(types|recording)$)', message: 'the renderer imports only src/shared/types and src/shared/recording (validation is host-side).' },
            { regex: '^node:', message: 'no Node modules in the renderer.' },
          ],
        },
      ],
    },
  },
  // The one exception: the page's analysis worker (src/renderer/src/analysis/) runs core's pure,
  // browser-safe analysis off the UI thread — core/analysis (not input.ts: zod), core/random and
  // the peers' neighbour choice; nothing else of core, and no other layer.
  {
    files: ['src/renderer/src/analysis/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['zod', 'ipaddr.js', 'electron'].map((name) => ({ name, message: 'the page imports only src/shared/types and UI libraries.' })),
          patterns: [
            { regex: relativeInto(['host', 'main', 'web', 'cli', 'preload']), message: 'the analysis worker imports only core/analysis, core/random, core/peer/neighbourChoice and shared/types.' },
            { regex: '^\\.{1,2}/(.*/)?core/(?!(analysis/(?!input$)[A-Za-z]+|random|peer/neighbourChoice)$)', message: 'the analysis worker imports only core/analysis (not input), core/random and core/peer/neighbourChoice.' },
            { regex: '^\\.{1,2}/(.*/)?shared/(?!(types|recording)$)', message: 'the renderer imports only src/shared/types and src/shared/recording (validation is host-side).' },
            { regex: '^node:', message: 'no Node modules in the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/types.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '.*', allowTypeImports: true, message: 'src/shared/types.ts has no runtime dependency: `import type` only.' }] },
      ],
    },
  },
);
