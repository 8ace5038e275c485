/**
 * The `--network-key-file` and `--limit` options themselves (their parsing and help), apart from
 * what they do (./network.ts), so that building the program for `--help` loads no TLS, codec or
 * zod code.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Limits } from '../core/net/limits';
import { DEFAULT_LIMITS } from '../core/net/limits';

/** A numeric field of {@link Limits}: what `--limit` may set. */
export type NumericLimit = { [K in keyof Limits]-?: Limits[K] extends number ? K : never }[keyof Limits];

/** The names `--limit` accepts: every field of {@link DEFAULT_LIMITS} whose default is a number, sorted. */
export const LIMIT_NAMES: readonly NumericLimit[] = (Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>)
  .filter((k): k is NumericLimit => typeof DEFAULT_LIMITS[k] === 'number')
  .sort();

/**
 * Parses one `NAME=VALUE` and adds it to the ones before (commander's repeatable-option reducer).
 * @throws InvalidArgumentError (exit 2) for an unknown name, listing the valid ones, or a value
 *   that is not a positive whole number.
 */
export function parseLimit(value: string, previous: Partial<Record<NumericLimit, number>> = {}): Partial<Record<NumericLimit, number>> {
  const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError(`"${value}" is not NAME=VALUE. Valid names: ${LIMIT_NAMES.join(', ')}.`);
  const name = m[1] as NumericLimit;
  if (!LIMIT_NAMES.includes(name)) throw new InvalidArgumentError(`unknown limit "${m[1]}". Valid names: ${LIMIT_NAMES.join(', ')}.`);
  const raw = m[2]!.replace(/_/g, '');
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name}: "${m[2]}" is not a positive whole number.`);
  return { ...previous, [name]: n };
}

/** The `--network-key-file` and `--limit` options. */
export function networkOptions(): Option[] {
  return [
    new Option(
      '--network-key-file <file>',
      'authenticate and encrypt every connection (TLS 1.2, pre-shared key) with the key in this file (16 bytes to 4 KiB, e.g. `openssl rand -hex 32`); nodes without the same key are refused. Default: the open network',
    ),
    new Option('--limit <name=value>', `set a connection bound (repeatable), e.g. maxConnections=512; names: ${LIMIT_NAMES.join(', ')}`).argParser(parseLimit),
  ];
}
