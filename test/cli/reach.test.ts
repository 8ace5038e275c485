/** The loopback warning's rule and the join-retry message, as functions. */
import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { formatJoinRetry, shortReason } from '../../src/core/peer/joinRetry';
import { localOnlyKind, outwardAddresses, unreachableHostWarning } from '../../src/cli/reach';

const IFACES: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [
    { address: '10.0.0.7', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.0.0.7/24' },
    { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
  ],
};

describe('loopback and unspecified addresses', () => {
  it('classifies hosts', () => {
    for (const h of ['127.0.0.1', '127.5.6.7', '::1', 'localhost', '[::1]']) expect(localOnlyKind(h), h).toBe('loopback');
    for (const h of ['0.0.0.0', '::']) expect(localOnlyKind(h), h).toBe('unspecified');
    for (const h of ['10.0.0.5', '192.168.1.2', '2001:db8::5', 'seed-1.example.org']) expect(localOnlyKind(h), h).toBeUndefined();
  });

  it('warns a node on a loopback or unspecified address whose seeds are on other hosts, naming them and this machine’s addresses', () => {
    const w = unreachableHostWarning('127.0.0.1', [{ host: '10.0.0.5', port: 6000 }, { host: '127.0.0.1', port: 6001 }], IFACES);
    expect(w).toBe(
      '--host 127.0.0.1 is a loopback address, but the seed list names seeds on other hosts (10.0.0.5:6000): nodes on other machines cannot reach this node at 127.0.0.1. Give --host the address other machines reach this one at (this machine has 10.0.0.7).',
    );
    expect(unreachableHostWarning('0.0.0.0', [{ host: 'seed.example.org', port: 6000 }], IFACES)).toMatch(/^--host 0\.0\.0\.0 is an unspecified address, .*\(seed\.example\.org:6000\)/);
    expect(unreachableHostWarning('::', [{ host: '2001:db8::5', port: 6000 }], IFACES)).toMatch(/\(\[2001:db8::5\]:6000\)/);
  });

  it('says nothing for a reachable address, or when every seed is on this machine’s loopback', () => {
    expect(unreachableHostWarning('10.0.0.7', [{ host: '10.0.0.5', port: 6000 }], IFACES)).toBeUndefined();
    expect(unreachableHostWarning('127.0.0.1', [{ host: '127.0.0.1', port: 6000 }, { host: 'localhost', port: 6001 }], IFACES)).toBeUndefined();
  });

  it('lists this machine’s outward addresses, IPv4 first, without loopback or link-local ones', () => {
    expect(outwardAddresses(IFACES)).toEqual(['10.0.0.7']);
  });
});

describe('the join-retry message', () => {
  it('names the seed, the reason in a word, when it retries and when it gives up', () => {
    const line = formatJoinRetry({
      retry: 1,
      failed: [{ seed: '10.0.0.5:6000', reason: 'connect to 10.0.0.5:6000 failed: ECONNREFUSED' }],
      registered: 0,
      need: 1,
      waitMs: 2000,
      remainingMs: 58_000,
    });
    expect(line).toBe('seed 10.0.0.5:6000 not reachable yet (ECONNREFUSED); retrying in 2 s, giving up in 58 s');
  });

  it('tells a seed that answered but did not register apart, shows progress, and counts retries of a count-based policy', () => {
    const line = formatJoinRetry({
      retry: 2,
      retries: 3,
      failed: [
        { seed: '10.0.0.5:6000', reason: 'connect to 10.0.0.5:6000 timed out after 5000 ms' },
        { seed: '10.0.0.6:6000', reason: 'busy: maxPeers (2) reached' },
      ],
      registered: 1,
      need: 2,
      waitMs: 500,
    });
    expect(line).toBe(
      'seed 10.0.0.5:6000 not reachable yet (timed out); seed 10.0.0.6:6000 did not register this peer yet (busy: maxPeers (2) reached); registered with 1 of the 2 seeds needed; retrying in 0.5 s (retry 2 of 3)',
    );
  });

  it('shortens connection failures only', () => {
    expect(shortReason('connect to h:1 failed: EHOSTUNREACH')).toBe('EHOSTUNREACH');
    expect(shortReason('connection to 10.1.2.3:6000 closed before the answer')).toBe('connection to 10.1.2.3:6000 closed before the answer');
  });
});
