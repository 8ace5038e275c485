/**
 * The CLI's node logger: every line to the console and to a log file (`outputfile.txt` by
 * default), through pino with pino-pretty formatting, written synchronously so nothing is lost
 * when the process stops.
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import { existsSync, statSync } from 'node:fs';
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

/**
 * Creates a logger writing `[time] LEVEL (name): line` to stdout (unless `console` is false) and
 * appending the same to `file`.
 */
export function createFileLogger(name: string, file: string, options: { console?: boolean } = {}): FileLogger {
  checkLogPath(file);
  const format = { colorize: false, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname', sync: true } as const;
  const fileStream = pretty({ ...format, destination: file, append: true });
  const streams: pino.StreamEntry[] = [{ stream: fileStream }];
  if (options.console ?? true) streams.push({ stream: pretty({ ...format, destination: 1 }) });
  const logger = pino({ name, level: 'info', base: undefined }, pino.multistream(streams));
  return {
    info: (line) => logger.info(line),
    warn: (line) => logger.warn(line),
    error: (line) => logger.error(line),
    close: () => {
      logger.flush();
      fileStream.end();
    },
  };
}
