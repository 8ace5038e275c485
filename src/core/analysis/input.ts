/**
 * Reading a degree sequence from user-supplied text: a JSON array, a JSON object with a
 * `degrees` array, or an undirected edge list (SNAP style).
 */
import { z } from 'zod';
import { degreesFromEdges } from './degrees';

/** Bad degree input: the message names the source and, for edge lists, the 1-based line number. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A degree: a non-negative safe integer. */
const Degree = z.number().int().nonnegative();
/** Form (a): `[3, 1, 2]`. */
const DegreeArray = z.array(Degree);
/** Form (b): `{"degrees": [3, 1, 2], …}`; other keys (description, expected, …) are ignored. */
const DegreeObject = z.looseObject({ degrees: DegreeArray });

/** Renders the first zod issue as `degrees[3]: <message>`. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid value';
  let where = '';
  for (const key of issue.path) {
    where += typeof key === 'number' ? `[${key}]` : where === '' ? String(key) : `.${String(key)}`;
  }
  return `${where === '' ? 'value' : where}: ${issue.message}`;
}

/** Parses the JSON forms; see {@link parseDegreeInput}. */
function parseJsonDegrees(text: string, sourceName: string): number[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${sourceName}: not valid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(data)) {
    const result = DegreeArray.safeParse(data);
    if (result.success) return result.data;
    throw new InputError(`${sourceName}: expected an array of non-negative integers: ${describeIssue(result.error)}`);
  }
  if (typeof data === 'object' && data !== null) {
    const result = DegreeObject.safeParse(data);
    if (result.success) return result.data.degrees;
    throw new InputError(`${sourceName}: expected {"degrees": [non-negative integers]}: ${describeIssue(result.error)}`);
  }
  throw new InputError(`${sourceName}: expected a JSON array or an object with a "degrees" array`);
}

/** Parses the edge-list form; see {@link parseDegreeInput}. */
function parseEdgeList(text: string, sourceName: string): number[] {
  const edges: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 2) {
      const what = fields.length < 2 ? 'expected two node ids, found one' : `expected two node ids, found ${fields.length} fields`;
      throw new InputError(`${sourceName}:${i + 1}: ${what}: ${line}`);
    }
    edges.push([fields[0] as string, fields[1] as string]);
  }
  if (edges.length === 0) throw new InputError(`${sourceName}: no edges found`);
  return degreesFromEdges(edges);
}

/**
 * The app's degree export (src/host/exportDegrees.ts): `#` comment lines (the scope), a
 * `peer,degree` header, then one row per peer.
 */
const CSV_HEADER = /^peer\s*,\s*degree$/i;

/** Parses the app's CSV form, its header at line index `header`; see {@link parseDegreeInput}. */
function parseDegreeCsv(lines: string[], header: number, sourceName: string): number[] {
  const out: number[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const comma = line.lastIndexOf(',');
    const degree = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!/^\d+$/.test(degree) || !Number.isSafeInteger(Number(degree))) {
      throw new InputError(`${sourceName}:${i + 1}: expected "peer,degree" with a non-negative whole degree: ${line}`);
    }
    out.push(Number(degree));
  }
  if (out.length === 0) throw new InputError(`${sourceName}: a peer,degree header but no rows`);
  return out;
}

/**
 * Reads a degree sequence from text in one of four forms:
 * (a) a JSON array of non-negative integers, `[3, 1, 2]`;
 * (b) a JSON object with such an array under `degrees` (other keys ignored), as in
 *     shared/fixtures/powerlaw/*.json;
 * (c) an edge list: one edge a line as two node ids separated by spaces or tabs; blank lines and
 *     lines starting with `#` are skipped; edges are undirected, repeated pairs count once and
 *     self-loops add nothing (see {@link degreesFromEdges});
 * (d) the app's CSV export: a `peer,degree` header line, then one `peer,degree` row per peer;
 *     lines starting with `#` (the export's scope line, before the header) are skipped.
 * Text whose first non-blank character is `[` or `{` is read as JSON, text whose first line that
 * is neither blank nor a `#` comment is `peer,degree` as CSV, anything else as an edge list.
 *
 * @param text the file contents
 * @param sourceName file name or label used in error messages
 * @returns the degrees (JSON: as given; edge list: one per node, in order of first appearance)
 * @throws InputError for empty input, invalid JSON, values that are not non-negative integers,
 *   a JSON shape other than (a)/(b), an edge-list line without exactly two ids or a CSV row
 *   without a whole degree (message `source:line: …`), or an edge list with no edges
 */
export function parseDegreeInput(text: string, sourceName: string): number[] {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === undefined) throw new InputError(`${sourceName}: empty input`);
  if (first === '[' || first === '{') return parseJsonDegrees(body, sourceName);
  const lines = body.split(/\r?\n/);
  const header = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (header >= 0 && CSV_HEADER.test((lines[header] as string).trim())) return parseDegreeCsv(lines, header, sourceName);
  return parseEdgeList(body, sourceName);
}
