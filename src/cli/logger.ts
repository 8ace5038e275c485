/**
 * The CLI's node logger: every line to the console and to a log file (`outputfile.txt` by
 * default) as `[2025-01-31 14:05:09.123] INFO (peer 10.0.0.7:7001): line`, local time, written
 * synchronously, so nothing is lost when the process stops.
 *
 * It formats the line itself rather than through pino and pino-pretty (which wrote exactly this
 * format before): a peer process then loads ~100 KiB less code and holds ~2 MiB less memory, and
 * the one-file build (scripts/build-cli.mjs) needs no worker threads or transports.
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { NodeLogger } from '../core/log';
import { UsageError } from './usage';

/**
 * Checks that `file` can be a log file: not a directory, in a folder that exists.
 * @throws UsageError (exit code 2) saying what is wrong.
 */
export function checkLogPath(file: string): void {
  const path = resolve(file);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--log ${file}: is a directory`);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--log ${file}: folder ${dir} does not exist`);
}

/** A logger to console and file, and how to close it. */
export interface FileLogger extends NodeLogger {
  /** Flushes and closes the file. */
  close(): void;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `2025-01-31 14:05:09.123`, local time. */
export function timestamp(d: Date = new Date()): string {
  const ms = d.getMilliseconds();
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

/** One log line, newline included. */
export function formatLine(level: 'INFO' | 'WARN' | 'ERROR', name: string, line: string, at: Date = new Date()): string {
  return `[${timestamp(at)}] ${level} (${name}): ${line}\n`;
}

/** Set once stdout fails (a closed pipe): the console copy stops, the file goes on. */
let consoleBroken = false;
let consoleWatched = false;

/**
 * Creates a logger writing `[time] LEVEL (name): line` to stdout (unless `console` is false) and
 * appending the same to `file`.
 * @throws UsageError when `file` cannot be a log file (see {@link checkLogPath}) or cannot be opened.
 */
export function createFileLogger(name: string, file: string, options: { console?: boolean } = {}): FileLogger {
  checkLogPath(file);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'a');
  } catch (e) {
    throw new UsageError(`--log ${file}: cannot open it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const toConsole = options.console ?? true;
  if (toConsole && !consoleWatched) {
    consoleWatched = true;
    process.stdout.on('error', () => (consoleBroken = true));
  }
  const write = (level: 'INFO' | 'WARN' | 'ERROR', line: string): void => {
    const text = formatLine(level, name, line);
    if (fd !== undefined) {
      try {
        writeSync(fd, text);
      } catch {
        // a full disk must not stop the node; the console still has the line
      }
    }
    // stdout is synchronous for files, TTYs and (on Linux) pipes
    if (toConsole && !consoleBroken) process.stdout.write(text);
  };
  return {
    info: (line) => write('INFO', line),
    warn: (line) => write('WARN', line),
    error: (line) => write('ERROR', line),
    close: () => {
      if (fd === undefined) return;
      const f = fd;
      fd = undefined;
      try {
        closeSync(f);
      } catch {
        // already gone
      }
    },
  };
}
