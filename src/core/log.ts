/**
 * The logger interface nodes write to. The core never picks a destination: the CLI gives a node a
 * console + file logger (see cli/logger.ts), the app and tests give it whatever they collect.
 */

/** Where a node writes its human-readable log lines. */
export interface NodeLogger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** A logger that drops everything. */
export const silentLogger: NodeLogger = { info() {}, warn() {}, error() {} };
