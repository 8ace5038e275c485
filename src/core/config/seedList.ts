/**
 * The seed list file (config.txt): which seed nodes a peer contacts first.
 *
 * Format: one `IP:Port` a line — IPv4 `1.2.3.4:5000`, IPv6 in brackets `[::1]:5000`, or an
 * RFC 1123 host name `seed-1.example.org:5000`; port an integer 1–65535. Blank lines are
 * ignored; `#` starts a comment when it begins a line or follows whitespace.
 */
import { readFile } from 'node:fs/promises';
import { addrKey, parseAddr, type Addr } from '../protocol/addr';

/** A bad seed list. Line errors read `${fileName}:${lineNo}: <what is wrong>: <the line>`. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Strips a whole-line comment or a trailing ` # …` / `\t# …` comment, then surrounding blanks. */
function stripComment(line: string): string {
  const hash = line.search(/(^|\s)#/);
  return (hash < 0 ? line : line.slice(0, hash)).trim();
}

/** The error for a bad line: `${fileName}:${lineNo}: ${what}: ${line}`. */
function lineError(fileName: string, lineNo: number, what: string, line: string): ConfigError {
  return new ConfigError(`${fileName}:${lineNo}: ${what}: ${line.trim()}`);
}

/**
 * Parses the text of a seed list.
 *
 * Duplicates (same {@link addrKey}, host names compared case-insensitively) keep the first
 * occurrence; later ones are dropped. IPv6 hosts are returned without brackets.
 *
 * @param text file contents (LF or CRLF line ends)
 * @param fileName used in error messages
 * @returns the seed addresses in file order, at least one
 * @throws ConfigError `${fileName}:${lineNo}: <what is wrong>: <the line>` for a bad line
 *   (missing port, port out of 1–65535, bad host, two addresses on a line, …), or
 *   `${fileName}: no seed addresses` when the file lists none
 */
export function parseSeedList(text: string, fileName: string): Addr[] {
  const seeds: Addr[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const entry = stripComment(raw);
    if (entry === '') continue;
    if (/\s/.test(entry)) throw lineError(fileName, i + 1, 'expected one IP:Port per line', raw);
    let addr: Addr;
    try {
      addr = parseAddr(entry);
    } catch (err) {
      throw lineError(fileName, i + 1, (err as Error).message, raw);
    }
    const key = addrKey(addr).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    seeds.push(addr);
  }
  if (seeds.length === 0) throw new ConfigError(`${fileName}: no seed addresses`);
  return seeds;
}

/**
 * Reads and parses a seed list file (see {@link parseSeedList}).
 *
 * @param path file to read (UTF-8); also the file name used in error messages
 * @returns the seed addresses in file order
 * @throws ConfigError if the file cannot be read (`${path}: cannot read: <reason>`) or is invalid
 */
export async function readSeedList(path: string): Promise<Addr[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read: ${(err as Error).message}`);
  }
  return parseSeedList(text, path);
}
