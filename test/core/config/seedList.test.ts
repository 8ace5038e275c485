import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, parseSeedList, readSeedList } from '../../../src/core/config/seedList';

/** The ConfigError thrown by parsing `text` as config.txt (fails the test otherwise). */
function configError(text: string): ConfigError {
  try {
    parseSeedList(text, 'config.txt');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSeedList', () => {
  it('accepts IPv4, bracketed IPv6 and host names', () => {
    const text = ['127.0.0.1:5000', '[::1]:5001', '[2001:db8::7]:65535', 'seed-1.example.org:1', 'localhost:6000'].join('\n');
    expect(parseSeedList(text, 'config.txt')).toEqual([
      { host: '127.0.0.1', port: 5000 },
      { host: '::1', port: 5001 },
      { host: '2001:db8::7', port: 65535 },
      { host: 'seed-1.example.org', port: 1 },
      { host: 'localhost', port: 6000 },
    ]);
  });

  it('skips blank lines and whole-line and trailing comments; accepts CRLF and surrounding blanks', () => {
    const text = '# seeds for the lab\r\n\r\n  10.0.0.1:7000   # first seed\r\n\t\n10.0.0.2:7001\t# second\r\n   # indented\r\n';
    expect(parseSeedList(text, 'config.txt')).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
  });

  it('keeps the first of duplicate addresses and drops the later ones', () => {
    const text = '10.0.0.1:7000\n[::1]:7000\n10.0.0.1:7000\nSeed.Example.org:9\n10.0.0.1:7001\n[::1]:7000\nseed.example.org:9\n';
    expect(parseSeedList(text, 'config.txt')).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '::1', port: 7000 },
      { host: 'Seed.Example.org', port: 9 },
      { host: '10.0.0.1', port: 7001 },
    ]);
  });

  it('rejects a missing port with file:line and the line', () => {
    const msg = configError('1.2.3.4:5000\n\n1.2.3.4\n').message;
    expect(msg).toMatch(/^config\.txt:3: .*port.*: 1\.2\.3\.4$/);
  });

  it('rejects port 0 and port 70000', () => {
    expect(configError('# x\n1.2.3.4:0').message).toMatch(/^config\.txt:2: .*0.*: 1\.2\.3\.4:0$/);
    expect(configError('1.2.3.4:70000').message).toMatch(/^config\.txt:1: .*70000.*: 1\.2\.3\.4:70000$/);
  });

  it('rejects a non-numeric port and a comment glued to the port', () => {
    expect(configError('1.2.3.4:http').message).toMatch(/^config\.txt:1: .*: 1\.2\.3\.4:http$/);
    expect(configError('1.2.3.4:5000#seed').message).toMatch(/^config\.txt:1: .*: 1\.2\.3\.4:5000#seed$/);
  });

  it('rejects a bad host', () => {
    expect(configError('ok.example:1\nbad_host!:5000').message).toMatch(/^config\.txt:2: .*host.*: bad_host!:5000$/);
    expect(configError('-lead.example:5000').message).toMatch(/^config\.txt:1: .*: -lead\.example:5000$/);
    expect(configError('[not-v6]:5000').message).toMatch(/^config\.txt:1: .*IPv6.*: \[not-v6\]:5000$/);
    expect(configError('::1:5000').message).toMatch(/^config\.txt:1: .*brackets.*: ::1:5000$/);
  });

  it('rejects garbage and two addresses on one line', () => {
    expect(configError('%%% garbage %%%').message).toMatch(/^config\.txt:1: .*: %%% garbage %%%$/);
    expect(configError('!!!').message).toMatch(/^config\.txt:1: .*: !!!$/);
    expect(configError('1.2.3.4:1 5.6.7.8:2').message).toMatch(/^config\.txt:1: .*: 1\.2\.3\.4:1 5\.6\.7\.8:2$/);
  });

  it('rejects a list with no seeds', () => {
    expect(configError('').message).toBe('config.txt: no seed addresses');
    expect(configError('# only a comment\n\n').message).toBe('config.txt: no seed addresses');
  });
});

describe('readSeedList', () => {
  it('reads a file and names it in errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seedlist-'));
    try {
      const good = path.join(dir, 'config.txt');
      writeFileSync(good, '127.0.0.1:5000\n[::1]:5001 # v6\n');
      await expect(readSeedList(good)).resolves.toEqual([
        { host: '127.0.0.1', port: 5000 },
        { host: '::1', port: 5001 },
      ]);
      const bad = path.join(dir, 'bad.txt');
      writeFileSync(bad, '127.0.0.1:5000\n127.0.0.1:99999\n');
      await expect(readSeedList(bad)).rejects.toThrow(`${bad}:2: `);
      await expect(readSeedList(path.join(dir, 'missing.txt'))).rejects.toBeInstanceOf(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
