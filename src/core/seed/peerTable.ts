/**
 * A seed's table of registered peers: each peer's listening address, last reported degree, the
 * proof of its registration token, and the source IP it registered from. Bounded in size and per
 * source IP (`Limits.maxPeers`, `Limits.maxRegistrationsPerIp`); listed in registration order.
 */
import type { Limits } from '../net/limits';
import type { Addr } from '../protocol/addr';
import type { PeerEntry } from '../protocol/messages';

/** One registered peer. */
export interface SeedEntry {
  host: string;
  port: number;
  degree: number;
  /** SHA-256 of the peer's registration token at this seed (hex). */
  proof: string;
  /** The IP address the registration came from. */
  ip: string;
  /** When the peer was last heard from (registration, degree update), ms on the seed's clock. */
  heardAt: number;
}

/** The peers one seed lists. */
export class PeerTable {
  private readonly entries = new Map<string, SeedEntry>();
  private readonly perIp = new Map<string, number>();

  constructor(
    private readonly limits: Pick<Limits, 'maxPeers' | 'maxRegistrationsPerIp'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Peers listed. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry of peer `key` (an address key), if listed. */
  get(key: string): SeedEntry | undefined {
    return this.entries.get(key);
  }

  /** True when peer `key` is listed. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Why a new registration of `key` from `ip` would break a bound, in words; undefined when it
   * fits (a peer already listed may always register again).
   */
  refusal(key: string, ip: string): string | undefined {
    if (this.entries.has(key)) return undefined;
    if (this.entries.size >= this.limits.maxPeers) return `this seed is full: it lists ${this.limits.maxPeers} peers (maxPeers)`;
    if ((this.perIp.get(ip) ?? 0) >= this.limits.maxRegistrationsPerIp) {
      return `this seed lists ${this.limits.maxRegistrationsPerIp} peers registered from ${ip} already (maxRegistrationsPerIp)`;
    }
    return undefined;
  }

  /** Lists (or re-registers) a peer with a new proof; a peer listed before keeps its degree and place. */
  put(key: string, addr: Addr, proof: string, ip: string): SeedEntry {
    const old = this.entries.get(key);
    if (old) this.count(old.ip, -1);
    const entry: SeedEntry = { host: addr.host, port: addr.port, degree: old?.degree ?? 0, proof, ip, heardAt: this.now() };
    this.entries.set(key, entry);
    this.count(ip, +1);
    return entry;
  }

  /** Sets a listed peer's degree (it was just heard from). */
  setDegree(key: string, degree: number): void {
    const e = this.entries.get(key);
    if (e) {
      e.degree = degree;
      e.heardAt = this.now();
    }
  }

  /** The keys of the peers not heard from since `before` (ms), oldest registrations first. */
  silentSince(before: number): string[] {
    const out: string[] = [];
    for (const [k, e] of this.entries) if (e.heardAt < before) out.push(k);
    return out;
  }

  /** Removes peer `key`; false when it was not listed. */
  delete(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.count(e.ip, -1);
    return true;
  }

  /** Up to `limit` entries from position `offset`, as the protocol lists them (address and degree). */
  page(offset: number, limit: number): PeerEntry[] {
    const out: PeerEntry[] = [];
    let i = 0;
    for (const e of this.entries.values()) {
      if (i++ < offset) continue;
      if (out.length >= limit) break;
      out.push({ host: e.host, port: e.port, degree: e.degree });
    }
    return out;
  }

  private count(ip: string, delta: number): void {
    const n = (this.perIp.get(ip) ?? 0) + delta;
    if (n > 0) this.perIp.set(ip, n);
    else this.perIp.delete(ip);
  }
}
