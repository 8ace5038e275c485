/** The injected faults in words, for the status bar and the chaos panel ("10 % loss · partition 2 groups"). */
import type { FaultState, LinkFault } from '../../../shared/types';

/** A loss fraction as a percentage: 0.1 → `10 %`, 0.055 → `5.5 %`. */
export function percent(loss: number): string {
  return `${Math.round(loss * 1000) / 10} %`;
}

/** One fault's effects: `10 % loss`, `200 ± 100 ms delay`, `50 ms delay`. */
export function describeFault(f: LinkFault): string[] {
  const out: string[] = [];
  if ((f.loss ?? 0) > 0) out.push(`${percent(f.loss!)} loss`);
  const delay = f.delayMs ?? 0;
  const jitter = f.jitterMs ?? 0;
  if (delay > 0 || jitter > 0) out.push(jitter > 0 ? `${delay} ± ${jitter} ms delay` : `${delay} ms delay`);
  return out;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The parts of the faults in force, in words; empty when there are none. The network-wide fault
 * comes first as it is (`10 % loss`), then per node and per link counts, the partition and pauses.
 */
export function describeFaults(state: FaultState): string[] {
  const { rules, paused } = state;
  const out: string[] = [];
  if (rules.network) out.push(...describeFault(rules.network));
  const nodes = Object.values(rules.nodes ?? {}).filter((f) => describeFault(f).length > 0).length;
  if (nodes > 0) out.push(`faults on ${plural(nodes, 'node')}`);
  const links = (rules.links ?? []).filter((f) => describeFault(f).length > 0).length;
  if (links > 0) out.push(`faults on ${plural(links, 'link')}`);
  const groups = (rules.partition ?? []).filter((g) => g.length > 0).length;
  if (groups >= 2) out.push(`partition ${groups} groups`);
  if (paused.length > 0) out.push(`${plural(paused.length, 'node')} paused`);
  return out;
}
