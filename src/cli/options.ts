/** Argument parsers for the CLI (commander custom parsers): each rejects bad input with a clear reason. */
import { InvalidArgumentError, Option } from 'commander';
import { isValidHost } from '../core/protocol/addr';
import type { PeerTiming } from '../core/peer/options';
import { DEFAULT_TIMING } from '../core/peer/options';

/** A parser for an integer in [min, max]. */
export function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} is out of range ${min}–${max}.`);
    return n;
  };
}

/** Parses a host: an IP address or host name. */
export function hostArg(value: string): string {
  if (!isValidHost(value)) throw new InvalidArgumentError(`"${value}" is not an IP address or host name.`);
  return value;
}

/** The `--host` option (default 127.0.0.1). */
export const hostOption = (): Option => new Option('--host <host>', 'address to listen on').default('127.0.0.1').argParser(hostArg);

/** The timing options shared by `peer` and `net`, with the protocol's defaults. */
export function timingOptions(): Option[] {
  const d = DEFAULT_TIMING;
  return [
    new Option('--neighbours <m>', 'neighbours each peer picks').default(d.neighbours).argParser(intIn(1, 50)),
    new Option('--gossip-interval <ms>', 'time between gossip messages, ms').default(d.gossipIntervalMs).argParser(intIn(1, 86_400_000)),
    new Option('--gossip-count <n>', 'gossip messages each peer creates').default(d.gossipCount).argParser(intIn(0, 1_000_000)),
    new Option('--liveness-interval <ms>', 'time between liveness requests, ms').default(d.livenessIntervalMs).argParser(intIn(10, 86_400_000)),
    new Option('--liveness-misses <n>', 'missed replies before a neighbour is reported dead').default(d.livenessMisses).argParser(intIn(1, 1000)),
  ];
}

/** Timing options as commander gives them (camel-cased). */
export interface TimingFlags {
  neighbours: number;
  gossipInterval: number;
  gossipCount: number;
  livenessInterval: number;
  livenessMisses: number;
}

/** Turns the parsed timing flags into a {@link PeerTiming}. */
export function timingFrom(o: TimingFlags): PeerTiming {
  return {
    neighbours: o.neighbours,
    gossipIntervalMs: o.gossipInterval,
    gossipCount: o.gossipCount,
    livenessIntervalMs: o.livenessInterval,
    livenessMisses: o.livenessMisses,
  };
}
