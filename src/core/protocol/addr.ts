import ipaddr from 'ipaddr.js';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** True for a dotted-quad IPv4 address, each octet 0–255 without leading zeros. */
export function isIPv4(h: string): boolean {
  return IPV4.test(h);
}

/** True for an IPv6 address written without brackets. */
export function isIPv6(h: string): boolean {
  return h.includes(':') && ipaddr.IPv6.isValid(h);
}

/** A node's listening address: a host (IPv4, IPv6 without brackets, or DNS name) and a TCP port. */
export interface Addr {
  host: string;
  port: number;
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 chars at most. */
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

/** True when `h` is an IPv4 address, an IPv6 address (no brackets) or an RFC 1123 host name. */
export function isValidHost(h: string): boolean {
  // every frame carries addresses and a network has few distinct hosts: remember the answers
  const known = hostCache.get(h);
  if (known !== undefined) return known;
  const ok = isIPv4(h) || isIPv6(h) || (HOSTNAME.test(h) && !/(^|\.)\d+\.?$/.test(h)); // all-digit last label: a bad IPv4 (RFC 1123 §2.1)
  if (hostCache.size >= HOST_CACHE_SIZE) hostCache.clear();
  hostCache.set(h, ok);
  return ok;
}

const HOST_CACHE_SIZE = 4096;
const hostCache = new Map<string, boolean>();

/** True when `p` is an integer TCP port in 1..65535. */
export function isValidPort(p: number): boolean {
  return Number.isInteger(p) && p >= 1 && p <= 65535;
}

/**
 * The canonical text form of an address, used as a node's id everywhere:
 * `1.2.3.4:5000`, `[::1]:5000`, `seed.example.org:5000`.
 */
export function addrKey(a: Addr): string {
  // only IPv6 hosts contain ':' (hot path: no regex)
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/**
 * Parses `IP:Port`, `[IPv6]:Port` or `hostname:Port` into an {@link Addr}.
 * @throws Error with a message saying what is wrong (missing port, bad port, bad host).
 */
export function parseAddr(s: string): Addr {
  const text = s.trim();
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new Error(`missing ']' in IPv6 address "${text}"`);
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (!rest.startsWith(':')) throw new Error(`missing ":port" after IPv6 address "${text}"`);
    portText = rest.slice(1);
    if (!isIPv6(host)) throw new Error(`"${host}" is not an IPv6 address`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw new Error(`missing ":port" in "${text}"`);
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (isIPv6(host)) throw new Error(`IPv6 address must be in brackets, as [${host}]:${portText}`);
    if (!isValidHost(host)) throw new Error(`"${host}" is not a valid IP address or host name`);
  }
  if (!/^\d{1,5}$/.test(portText)) throw new Error(`"${portText}" is not a port number`);
  const port = Number(portText);
  if (!isValidPort(port)) throw new Error(`port ${port} is out of range 1-65535`);
  return { host, port };
}

/** True when both addresses name the same host and port. */
export function sameAddr(a: Addr, b: Addr): boolean {
  return a.host === b.host && a.port === b.port;
}
