/**
 * The failure-detector option (`peer`, `net`) and the fault-injection options of `net`:
 * `--loss 0.1`, `--delay 50±20`, `--partition 30`, `--churn 0.2@10`. Parsers only: no protocol
 * code, so `--help` stays cheap.
 */
import { InvalidArgumentError, Option } from 'commander';

/** `--detector assignment|swim`. */
export const detectorOption = (): Option =>
  new Option('--detector <kind>', 'failure detector: assignment (3 missed pings) or swim (indirect probes, suspicion, Lifeguard)').choices(['assignment', 'swim']).default('assignment');

/** Parses a probability 0–1. */
export function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`"${value}" is not a probability between 0 and 1.`);
  return n;
}

/** Parses `MEAN` or `MEAN±JITTER` (also `MEAN+-JITTER`), ms, each 0–60,000. */
export function delaySpec(value: string): { delayMs: number; jitterMs: number } {
  const m = /^\s*(\d+)\s*(?:(?:±|\+-|\+\/-)\s*(\d+))?\s*(?:ms)?\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError(`"${value}" is not a delay: write MEAN or MEAN±JITTER in ms, e.g. 50±20.`);
  const delayMs = Number(m[1]);
  const jitterMs = m[2] === undefined ? 0 : Number(m[2]);
  if (delayMs > 60_000 || jitterMs > 60_000) throw new InvalidArgumentError('delay and jitter are at most 60000 ms.');
  return { delayMs, jitterMs };
}

/** Parses `FRACTION[@SECONDS]`: kill that share of the peers at once, SECONDS after gossip starts (default 5). */
export function churnSpec(value: string): { fraction: number; atS: number } {
  const m = /^\s*(0(?:\.\d+)?|1(?:\.0+)?)\s*(?:@\s*(\d+(?:\.\d+)?)\s*s?)?\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError(`"${value}" is not a churn: write FRACTION[@SECONDS], e.g. 0.2@10 (kill 20 % of the peers 10 s into the run).`);
  return { fraction: Number(m[1]), atS: m[2] === undefined ? 5 : Number(m[2]) };
}

/** Parses seconds > 0 (up to a day). */
export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError(`"${value}" is not a number of seconds (0–86400).`);
  return n;
}

/** The fault options of `net`. */
export function faultOptions(): Option[] {
  return [
    new Option('--loss <p>', 'drop each frame with probability P (0–1), for the whole run').argParser(probability),
    new Option('--delay <ms>', 'delay each frame by MEAN±JITTER ms (e.g. 50±20), for the whole run').argParser(delaySpec),
    new Option('--partition <seconds>', 'split the nodes into two halves at random when gossip starts, healed after SECONDS').argParser(seconds),
    new Option('--churn <fraction@s>', 'kill FRACTION of the peers at once, S seconds after gossip starts (e.g. 0.2@10)').argParser(churnSpec),
  ];
}

/** The fault flags as commander gives them. */
export interface FaultFlags {
  detector?: 'assignment' | 'swim';
  loss?: number;
  delay?: { delayMs: number; jitterMs: number };
  partition?: number;
  churn?: { fraction: number; atS: number };
}

/** True when any fault is asked for (the network is then built with fault injection). */
export function wantsFaults(o: FaultFlags): boolean {
  return o.loss !== undefined || o.delay !== undefined || o.partition !== undefined || o.churn !== undefined;
}
