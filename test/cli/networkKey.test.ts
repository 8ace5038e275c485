/**
 * The CLI's `--network-key-file` and `--limit`: a bad key file or limit exits 2 with the problem
 * on stderr before anything starts; `net` with a key runs a whole keyed network. Also the parser
 * of `--limit` itself.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_NAMES, limitsFrom, parseLimit } from '../../src/cli/network';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/gossip-lab.mjs');

/** Runs the CLI to its end; its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gossip-lab-cli-key-'));
  await writeFile(path.join(dir, 'good.key'), 'cli network key 0123456789abcdef\n');
  await writeFile(path.join(dir, 'short.key'), 'short\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('--network-key-file and --limit', () => {
  it('exit 2 naming the problem: a missing key file, a short one, an unknown limit, a bad value', async () => {
    const missing = await cli(['seed', '--port', '0', '--network-key-file', path.join(dir, 'none.key')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/network key file .*none\.key does not exist/);
    const short = await cli(['peer', '--config', path.join(dir, 'x'), '--network-key-file', path.join(dir, 'short.key')]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/short\.key is too short: 5 bytes/);
    const unknown = await cli(['net', '--limit', 'maxFoo=3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown limit "maxFoo"\. Valid names: .*maxConnections/);
    const bad = await cli(['seed', '--port', '0', '--limit', 'maxConnections=0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/maxConnections: "0" is not a positive whole number/);
  });

  it('net with a key file: every peer joins and every message reaches every peer', async () => {
    const r = await cli([
      'net',
      '--seeds',
      '1',
      '--peers',
      '6',
      '--gossip-interval',
      '100',
      '--gossip-count',
      '2',
      '--liveness-interval',
      '500',
      '--duration',
      '1',
      '--json',
      '--network-key-file',
      path.join(dir, 'good.key'),
      '--limit',
      'maxConnections=512',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { peers: number; messages: number; coverage: number[] };
    expect(summary.peers).toBe(6);
    expect(summary.messages).toBe(12);
    expect(summary.coverage.every((c) => c === 1)).toBe(true);
  });

  it('parses repeated limits, and only numeric ones', () => {
    expect(parseLimit('frameTimeoutMs=2_000', parseLimit('maxPeers = 10'))).toEqual({ maxPeers: 10, frameTimeoutMs: 2000 });
    expect(LIMIT_NAMES).toContain('maxConnections');
    expect(LIMIT_NAMES as readonly string[]).not.toContain('transport');
    expect(() => parseLimit('maxPeers=1.5')).toThrow(/positive whole number/);
    expect(() => parseLimit('maxPeers')).toThrow(/NAME=VALUE/);
    expect(limitsFrom({ limit: { maxPeers: 5 } })).toEqual({ maxPeers: 5 });
    expect(limitsFrom({ networkKeyFile: path.join(dir, 'good.key') }).transport?.name).toBe('tls-psk');
  });
});
