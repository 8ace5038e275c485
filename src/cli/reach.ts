/**
 * Whether other machines can reach a node at the address it announces. A node's `--host` is both
 * where it listens and what it tells others; a loopback (127.x, ::1, localhost) or unspecified
 * (0.0.0.0, ::) address works only while every node runs on this machine.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { Addr } from '../core/protocol/addr';
import { addrKey } from '../core/protocol/addr';

/** `loopback`, `unspecified`, or undefined for an address others may reach. */
export function localOnlyKind(host: string): 'loopback' | 'unspecified' | undefined {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  if (!isIP(h)) return undefined;
  let range: string;
  try {
    const a = ipaddr.process(h.split('%')[0]!);
    range = a.range();
  } catch {
    return undefined;
  }
  if (range === 'loopback') return 'loopback';
  if (range === 'unspecified') return 'unspecified';
  return undefined;
}

/** This machine's addresses others may reach (not internal, not link-local), IPv4 first. */
export function outwardAddresses(interfaces = networkInterfaces()): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal || a.address.startsWith('fe80:') || a.address.startsWith('169.254.')) continue;
      out.push(a.address);
    }
  }
  return out.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
}

/**
 * The warning for a node that announces `host` while `seeds` (its config.txt) are on other hosts,
 * or undefined when there is nothing to warn about (a reachable address, or every seed on this
 * machine's loopback).
 */
export function unreachableHostWarning(host: string, seeds: readonly Addr[], interfaces = networkInterfaces()): string | undefined {
  const kind = localOnlyKind(host);
  if (!kind) return undefined;
  const remote = seeds.filter((s) => localOnlyKind(s.host) === undefined);
  if (remote.length === 0) return undefined;
  const shown = remote.slice(0, 3).map(addrKey).join(', ') + (remote.length > 3 ? `, and ${remote.length - 3} more` : '');
  const mine = outwardAddresses(interfaces);
  const hint = mine.length ? ` (this machine has ${mine.slice(0, 4).join(', ')})` : '';
  return (
    `--host ${host} is ${kind === 'loopback' ? 'a loopback' : 'an unspecified'} address, but the seed list names seeds on other hosts (${shown}): ` +
    `nodes on other machines cannot reach this node at ${host}. Give --host the address other machines reach this one at${hint}.`
  );
}
