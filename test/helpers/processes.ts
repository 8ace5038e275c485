/**
 * The CLI as OS processes for tests: spawn `node bin/gossip-lab.mjs …`, keep what it prints, wait
 * for log lines or exits with deadlines, and SIGKILL whatever is left.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './waitFor';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/gossip-lab.mjs');

/** A spawned CLI process and everything it printed. */
export interface Proc {
  name: string;
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves when the process has exited and its output is closed. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done: boolean;
}

const procs = new Set<Proc>();

export function run(name: string, args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { name, child, stdout: '', stderr: '', done: false, exit: undefined as never };
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (proc.stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (proc.stderr += s));
  proc.exit = new Promise((resolve) =>
    child.once('close', (code, signal) => {
      proc.done = true;
      resolve({ code, signal });
    }),
  );
  procs.add(proc);
  return proc;
}

/** The exit of `proc`, or an error when it has not exited within `ms`. */
export async function exitWithin(proc: Proc, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${proc.name} did not exit within ${ms} ms; stderr: ${proc.stderr}`)), ms);
  });
  try {
    return await Promise.race([proc.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILLs every child still running and waits (bounded) for each to go. */
export async function killAll(): Promise<void> {
  const alive = [...procs].filter((p) => !p.done);
  for (const p of alive) p.child.kill('SIGKILL');
  await Promise.all(alive.map((p) => exitWithin(p, 5_000).catch(() => undefined)));
  procs.clear();
}


/** A file's text, or '' while it does not exist. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** Waits until `file` matches `pattern`; fails at once if `proc` exits first. Returns the text. */
export async function waitForLog(proc: Proc, file: string, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
  let text = '';
  await waitFor(
    async () => {
      text = await readText(file);
      if (pattern.test(text)) return true;
      if (proc.done) throw new Error(`${proc.name} exited before ${what}; stderr: ${proc.stderr}\nlog:\n${text}`);
      return false;
    },
    { timeoutMs, intervalMs: 50, what: `${what} (${pattern}) in ${path.basename(file)}` },
  );
  return text;
}

/** The last non-empty line of `text`. */
export const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

