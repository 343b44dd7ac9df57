/**
 * The CSV reader against an independent one: Python's csv module reads the same texts (RFC 4180:
 * quoted separators, doubled quotes, line breaks inside quotes) and must find the same fields. Also
 * the header's own problems, the size limit and decodeText on the bytes spreadsheets write.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { csvToData, parseCsvTable } from '../src/csv';
import { decodeText } from '../src/decode';
import { LIMITS } from '../src/limits';
import { Rng } from '../src/rng';

const PYTHON = '/usr/bin/python3';
const ci = process.env.CI === 'true' || process.env.CI === '1';
const python = existsSync(PYTHON);
if (!python && !ci)
  console.warn(`\n!!! ${PYTHON} is missing: the CSV reader is not compared with Python's csv module.\n`);

/** Reads every text with Python's csv module: a list of records, each a list of fields. */
function pythonRecords(texts: string[]): string[][][] {
  const script = [
    'import csv, io, json, sys',
    'texts = json.load(sys.stdin)',
    "print(json.dumps([[r for r in csv.reader(io.StringIO(t, newline=''))] for t in texts]))",
  ].join('\n');
  return JSON.parse(
    execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(texts) }).toString(),
  ) as string[][][];
}

/** A random table written the RFC 4180 way: fields quoted when they must be (and sometimes when not). */
function randomCsv(rng: Rng): string {
  const pieces = ['a', 'b', 'x1', '2,5', '"', '""', ' ', ';', '\t', '\n', '\r\n', 'ç', '−3', '1e-3', ''];
  const cols = 2 + Math.floor(rng.next() * 3);
  const rows = 1 + Math.floor(rng.next() * 4);
  const lines: string[] = [];
  for (let r = 0; r <= rows; r++) {
    const fields: string[] = [];
    for (let c = 0; c < cols; c++) {
      let f = '';
      const n = r === 0 ? 1 + Math.floor(rng.next() * 3) : Math.floor(rng.next() * 4);
      for (let k = 0; k < n; k++) f += pieces[Math.floor(rng.next() * pieces.length)];
      // Header names must be unique and not empty: number them.
      if (r === 0) f = `${f}${c}`;
      const must = /[",;\t\r\n]/.test(f) || f !== f.trim();
      fields.push(must || rng.next() < 0.2 ? `"${f.replace(/"/g, '""')}"` : f);
    }
    lines.push(fields.join(','));
  }
  return lines.join(rng.next() < 0.5 ? '\n' : '\r\n') + (rng.next() < 0.5 ? '\n' : '');
}

describe.skipIf(!python && !ci)("RFC 4180, as Python's csv module reads it", () => {
  test('300 random tables: the same header and rows', () => {
    if (!python) throw new Error(`CI=true but ${PYTHON} is missing`);
    const rng = new Rng(4180);
    const texts = Array.from({ length: 300 }, () => randomCsv(rng));
    const reference = pythonRecords(texts);
    texts.forEach((text, k) => {
      const r = parseCsvTable(text);
      if (!r.ok) throw new Error(`${JSON.stringify(text)}: ${JSON.stringify(r.issues)}`);
      const ours = [r.value.header, ...r.value.rows.map((row) => row.fields)];
      expect(ours, JSON.stringify(text)).toEqual(reference[k]);
    });
  });
});

describe('CSV records and their lines', () => {
  test('a quoted header with a line break is one column name, and rows keep the line they start on', () => {
    const r = parseCsvTable('"first\ninput",y\n1,"2\n"\n3,4\n');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.header).toEqual(['first\ninput', 'y']);
    expect(r.value.rows).toEqual([
      { line: 3, fields: ['1', '2\n'] },
      { line: 5, fields: ['3', '4'] },
    ]);
    expect(csvToData('"first\ninput",y\n1,2\n')).toEqual({
      ok: true,
      value: { inputs: [[1]], targets: [[2]], inputNames: ['first\ninput'], targetNames: ['y'] },
    });
  });
  test('the separator is found outside quotes: a quoted ";" in a comma header does not choose ";"', () => {
    const r = parseCsvTable('"a;b",y\n1,2\n');
    expect(r.ok && r.value.separator).toBe(',');
  });
  test('a quote never closed is named at the line it opens', () => {
    expect(parseCsvTable('a,y\n1,"2\n3,4\n')).toEqual({
      ok: false,
      issues: [{ code: 'csv_quote', path: [], line: 2, expected: { key: 'closingQuote' } }],
    });
  });
  test('a column named twice, or not named, is refused at the header', () => {
    expect(csvToData('a,a,y\n1,2,3\n')).toEqual({
      ok: false,
      issues: [{ code: 'duplicate', path: [], line: 1, column: 'a', expected: { key: 'uniqueName' } }],
    });
    expect(csvToData('\n a,,y\n1,2,3\n')).toEqual({
      ok: false,
      issues: [{ code: 'empty', path: [], line: 2, column: '2', expected: { key: 'columnName' } }],
    });
  });
  test(`more than ${LIMITS.cells} cells is refused, saying how many there are`, () => {
    const text = `a,y\n${'1,2\n'.repeat(LIMITS.cells / 2)}`; // header + rows: 2 cells more than the limit
    const r = parseCsvTable(text);
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          code: 'too_large',
          path: [],
          line: LIMITS.cells / 2 + 1,
          expected: { key: 'limit', what: 'cells', limit: LIMITS.cells, needed: LIMITS.cells + 2 },
        },
      ],
    });
  });
});

describe('decodeText: the bytes of a file as text', () => {
  const text = 'média;y\n1,5;2\n';
  const ok = (bytes: Uint8Array): string => {
    const r = decodeText(bytes);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.value;
  };
  // Node's Buffer encodes (an encoder that is not ours); swap16 makes big-endian from little-endian.
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(text, 'utf16le').swap16();

  test('UTF-8 with and without a byte-order mark', () => {
    expect(ok(Buffer.from(text, 'utf8'))).toBe(text);
    expect(ok(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
  });
  test('UTF-16 little- and big-endian, with a byte-order mark or without (found by its NUL bytes)', () => {
    expect(ok(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(text);
    expect(ok(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(ok(le)).toBe(text);
    expect(ok(be)).toBe(text);
    expect(decodeText(le)).toMatchObject({ encoding: 'utf-16le' });
  });
  test('bytes that are not UTF-8 are Windows-1252, as Excel writes a CSV in Portuguese Windows', () => {
    expect(ok(Buffer.from(text, 'latin1'))).toBe(text);
    expect(decodeText(Buffer.from(text, 'latin1'))).toMatchObject({ encoding: 'windows-1252' });
  });
  test('binary data (NUL bytes at random places) is refused with an encoding issue', () => {
    const rng = new Rng(9);
    const bytes = Uint8Array.from({ length: 256 }, () =>
      rng.next() < 0.2 ? 0 : Math.floor(rng.next() * 256),
    );
    expect(decodeText(bytes)).toEqual({
      ok: false,
      issues: [{ code: 'encoding', path: [], expected: { key: 'textEncoding' } }],
    });
  });
  test('UTF-16 without a byte-order mark used to reach the CSV reader as NUL-laced text', () => {
    // Read as UTF-8, the header is "m\0é\0d\0..." — one column; decoded, it is two.
    expect(csvToData(ok(le))).toMatchObject({
      ok: true,
      value: { inputNames: ['média'], targetNames: ['y'] },
    });
  });
});
