#!/usr/bin/env node
/**
 * `npm test`: every stage — lint, typecheck, unit (vitest), build, e2e (Playwright) — one after
 * another, ALWAYS all of them, even when one fails (a lint error must not hide a failing e2e
 * spec). Each stage's output streams as it runs; at the end a table says which stage passed or
 * failed and how long it took, then `N passed, M failed`. Exits 1 when any stage failed.
 *
 * Each stage is the package's own npm script (`npm run lint`, …), so package.json stays the one
 * place that says what a stage runs.
 *
 * Usage: node scripts/test.mjs [stage …]   (default: every stage, in order)
 */
import { spawn } from 'node:child_process';
import process from 'node:process';

/** The stages, in order: name and the npm script it runs. */
const STAGES = [
  { name: 'lint', script: 'lint' },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'unit', script: 'test:unit' },
  { name: 'build', script: 'build' },
  { name: 'e2e', script: 'test:e2e' },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !STAGES.some((s) => s.name === w));
if (unknown.length > 0) {
  console.error(`unknown stage${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (stages: ${STAGES.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const stages = wanted.length > 0 ? STAGES.filter((s) => wanted.includes(s.name)) : STAGES;

/** How to run npm: the npm that runs this script when there is one (`npm test`), else `npm` on PATH. */
function npmCommand(script) {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli)) return [process.execPath, [cli, 'run', script]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script]];
}

let current = null;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    if (current && current.exitCode === null) {
      try {
        process.kill(-current.pid, signal); // the stage and everything it started
      } catch {
        current.kill(signal);
      }
    }
  });
}

/** Runs one stage with its output streamed; resolves with its exit code (or 1 when it cannot start). */
function runStage(stage) {
  const [cmd, args] = npmCommand(stage.script);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', detached: process.platform !== 'win32' });
    current = child;
    child.once('error', (e) => {
      console.error(`[test] cannot start stage ${stage.name}: ${e.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const results = [];
for (const stage of stages) {
  if (interrupted) {
    results.push({ name: stage.name, result: 'skipped', ms: 0, detail: 'interrupted' });
    continue;
  }
  console.log(`\n━━━ [test] stage ${stage.name}: npm run ${stage.script} ━━━\n`);
  const t0 = performance.now();
  const code = await runStage(stage);
  const ms = performance.now() - t0;
  current = null;
  const result = interrupted ? 'interrupted' : code === 0 ? 'passed' : 'failed';
  results.push({ name: stage.name, result, ms, detail: code === 0 ? '' : `exit ${code}` });
  console.log(`\n━━━ [test] stage ${stage.name} ${result} (${seconds(ms)}) ━━━`);
}

function seconds(ms) {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${((ms % 60_000) / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}

const rows = [['stage', 'result', 'time', 'note'], ...results.map((r) => [r.name, r.result, r.result === 'skipped' ? '-' : seconds(r.ms), r.detail])];
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
console.log('\n[test] summary');
console.log(line(rows[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  ').trimEnd());
for (const row of rows.slice(1)) console.log(line(row));
const passed = results.filter((r) => r.result === 'passed').length;
const failed = results.length - passed;
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = interrupted ? 130 : failed > 0 ? 1 : 0;
