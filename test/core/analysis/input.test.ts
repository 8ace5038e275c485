import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, parseDegreeInput } from '../../../src/core/analysis/input';

const SHARED = new URL('../../../../shared/', import.meta.url);
const GNUTELLA_EDGES = fileURLToPath(new URL('datasets/p2p-Gnutella08.txt', SHARED));
const GNUTELLA_FIXTURE = fileURLToPath(new URL('fixtures/powerlaw/gnutella08-undirected.json', SHARED));

/** The InputError thrown by `fn` (fails the test if it does not throw one). */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseDegreeInput: JSON', () => {
  it('reads a JSON array of non-negative integers', () => {
    expect(parseDegreeInput('[3, 0, 1, 2]', 'a.json')).toEqual([3, 0, 1, 2]);
    expect(parseDegreeInput('  \n[]\n', 'a.json')).toEqual([]);
  });

  it('reads an object with a degrees array, ignoring other keys', () => {
    expect(parseDegreeInput('{"description": "x", "degrees": [1, 2, 2]}', 'b.json')).toEqual([1, 2, 2]);
  });

  it('rejects invalid JSON, naming the source', () => {
    expect(inputError(() => parseDegreeInput('[1, 2', 'broken.json')).message).toMatch(/^broken\.json: not valid JSON/);
  });

  it('rejects negative, fractional and non-numeric degrees, naming the bad element', () => {
    expect(inputError(() => parseDegreeInput('[1, -2]', 'neg.json')).message).toMatch(/^neg\.json: .*\[1\]/);
    expect(inputError(() => parseDegreeInput('[1, 2.5]', 'frac.json')).message).toMatch(/^frac\.json: .*\[1\]/);
    expect(inputError(() => parseDegreeInput('{"degrees": [1, "2"]}', 'str.json')).message).toMatch(
      /^str\.json: .*degrees\[1\]/,
    );
  });

  it('rejects an object without a degrees array', () => {
    expect(inputError(() => parseDegreeInput('{"nodes": [1]}', 'o.json')).message).toMatch(/^o\.json: .*degrees/);
    expect(inputError(() => parseDegreeInput('{"degrees": 3}', 'o.json')).message).toMatch(/^o\.json: /);
  });

  it('rejects empty input', () => {
    expect(inputError(() => parseDegreeInput(' \n\t', 'empty.txt')).message).toBe('empty.txt: empty input');
  });
});

describe('parseDegreeInput: edge list', () => {
  it('skips comments and blank lines, splits on tabs or spaces, reads edges as undirected', () => {
    const text = '# a comment\n\na\tb\nb  c\r\n  # indented comment\nc a\nb a\nd d\n';
    expect(parseDegreeInput(text, 'g.txt')).toEqual([2, 2, 2, 0]);
  });

  it('names the source and 1-based line of a bad line', () => {
    const oneId = '# header\n1 2\n3\n';
    expect(inputError(() => parseDegreeInput(oneId, 'g.txt')).message).toBe(
      'g.txt:3: expected two node ids, found one: 3',
    );
    const threeIds = '1 2\n\n2 3 4\n';
    expect(inputError(() => parseDegreeInput(threeIds, 'h.txt')).message).toMatch(/^h\.txt:3: .*: 2 3 4$/);
  });

  it('rejects an edge list with only comments', () => {
    expect(inputError(() => parseDegreeInput('# nothing here\n', 'c.txt')).message).toBe('c.txt: no edges found');
  });

  it('reads the SNAP Gnutella snapshot: 6,301 peers with the fixture degree multiset', () => {
    const degrees = parseDegreeInput(readFileSync(GNUTELLA_EDGES, 'utf8'), 'p2p-Gnutella08.txt');
    const fixture = JSON.parse(readFileSync(GNUTELLA_FIXTURE, 'utf8')) as { description: string; degrees: number[] };
    expect(fixture.description).toMatch(/undirected degrees/);
    expect(degrees).toHaveLength(6301);
    expect(degrees.reduce((s, d) => s + d, 0)).toBe(2 * 20777);
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    expect(sorted(degrees)).toEqual(sorted(fixture.degrees));
  });

  it('accepts a fixture file itself as input (object form)', () => {
    const degrees = parseDegreeInput(readFileSync(GNUTELLA_FIXTURE, 'utf8'), 'fixture.json');
    expect(degrees).toHaveLength(6301);
  });

  it('reads the app\'s CSV export (peer,degree), quoted peers included, and names a bad row\'s line', () => {
    const csv = 'peer,degree\n127.0.0.1:4001,3\n"[::1]:4002",1\r\n127.0.0.1:4003,2\n\n';
    expect(parseDegreeInput(csv, 'degree-sequence.csv')).toEqual([3, 1, 2]);
    expect(inputError(() => parseDegreeInput('peer,degree\n127.0.0.1:1,x\n', 'd.csv')).message).toBe('d.csv:2: expected "peer,degree" with a non-negative whole degree: 127.0.0.1:1,x');
    expect(inputError(() => parseDegreeInput('peer,degree\n', 'e.csv')).message).toBe('e.csv: a peer,degree header but no rows');
  });

  it("skips the export's `#` scope line before the header, and names a bad row by its line in the file", () => {
    const csv = '# scope: remote (the running peers of the watched remote networks): 2 peers; a degree counts every link, local or remote\npeer,degree\n127.0.0.2:4001,3\n127.0.0.2:4002,1\n';
    expect(parseDegreeInput(csv, 'degree-sequence-remote.csv')).toEqual([3, 1]);
    expect(inputError(() => parseDegreeInput('# scope: both\npeer,degree\n127.0.0.1:1,x\n', 'd.csv')).message).toBe('d.csv:3: expected "peer,degree" with a non-negative whole degree: 127.0.0.1:1,x');
    // a SNAP edge list's own `#` header stays an edge list
    expect(parseDegreeInput('# Directed graph\n# Nodes: 3\n0\t1\n1\t2\n', 'g.txt')).toEqual([1, 2, 1]);
  });
});
