import type { Issue } from './errors';
import { show } from './check';
import { detectSeparator, readRecords } from './csv-records';
import { LIMITS } from './limits';
import type { DataSpec } from './experiment';
import { DECIMAL } from './overrides';

/**
 * A CSV read as text (no file system here: the CLI reads the file, the web lab a dropped file).
 *
 * What we accept, as spreadsheets export it:
 * - a header row with the column names, then one row per example;
 * - separated by commas, or by semicolons (what Excel and LibreOffice write in pt-BR), or by tabs;
 *   the separator is the first of `;`, tab, `,` found in the header;
 * - numbers with a decimal point or a decimal comma (`2.5` or `2,5`; with commas as separators a
 *   decimal comma needs quotes: `"2,5"`), an optional sign (`-`, `+` or `−`) and an exponent (`1e-3`);
 *   no thousands separators;
 * - fields in double quotes (RFC 4180: "a, b", a quote inside written twice, line breaks inside),
 *   blank lines skipped, a UTF-8 byte-order mark and Windows line ends ignored (decodeText turns
 *   the bytes of a file, UTF-8 or UTF-16, into this text);
 * - every column named once, no name empty; at most LIMITS.cells cells.
 *
 * Only the chosen columns must hold numbers: other columns (an id, a name) are read and ignored.
 * Every problem is reported, each with its 1-based line and the column's name.
 */
export interface CsvTable {
  header: string[];
  /** The 1-based line of the header. */
  headerLine: number;
  /** The rows after the header, with the 1-based line of the file each came from. */
  rows: { line: number; fields: string[] }[];
  separator: ',' | ';' | '\t';
}

export interface CsvColumns {
  /** Input column names; default: every column but the last. */
  inputs?: string[];
  /** Target column names; default: the last column. */
  targets?: string[];
}

export type CsvResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Names repeated or left empty in the header: each column must be named once to be chosen. */
function headerIssues(header: string[], line: number): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === '')
      issues.push({ code: 'empty', path: [], line, column: String(k + 1), expected: { key: 'columnName' } });
    else if (seen.has(name))
      issues.push({ code: 'duplicate', path: [], line, column: name, expected: { key: 'uniqueName' } });
    seen.add(name);
  });
  return issues;
}

/**
 * Header and well-formed rows of a CSV text, with the ragged rows as issues (the other rows are kept,
 * so that their problems can be reported too). No table when the file is empty, its header is
 * unusable, a quote is never closed or it has more cells than LIMITS.cells.
 */
function splitTable(text: string): { table?: CsvTable; issues: Issue[] } {
  const body = text.replace(/^\uFEFF/, '');
  const firstContent = body.search(/\S/);
  if (firstContent < 0) return { issues: [{ code: 'empty', path: [], expected: { key: 'headerAndRows' } }] };
  const separator = detectSeparator(body, body.lastIndexOf('\n', firstContent) + 1);
  const issues: Issue[] = [];
  const rows: CsvTable['rows'] = [];
  let header: string[] | undefined;
  let headerLine = 0;
  let cells = 0;
  let tooLargeAt = 0;
  const { unclosedQuote } = readRecords(body, separator, (r) => {
    if (r.blank) return true;
    cells += r.fields.length;
    // Past the limit only the count goes on, so the message can say how many cells the file has.
    if (cells > LIMITS.cells) {
      tooLargeAt ||= r.line;
      return true;
    }
    if (!header) {
      header = r.fields;
      headerLine = r.line;
    } else if (r.fields.length !== header.length)
      issues.push({
        code: 'csv_ragged',
        path: [],
        line: r.line,
        expected: { key: 'count', n: header.length, of: 'fields' },
        received: String(r.fields.length),
      });
    else rows.push({ line: r.line, fields: r.fields });
    return true;
  });
  if (unclosedQuote !== undefined)
    return {
      issues: [{ code: 'csv_quote', path: [], line: unclosedQuote, expected: { key: 'closingQuote' } }],
    };
  if (tooLargeAt > 0)
    return {
      issues: [
        {
          code: 'too_large',
          path: [],
          line: tooLargeAt,
          expected: { key: 'limit', what: 'cells', limit: LIMITS.cells, needed: cells },
        },
      ],
    };
  if (!header) return { issues: [{ code: 'empty', path: [], expected: { key: 'headerAndRows' } }] };
  const named = headerIssues(header, headerLine);
  if (named.length > 0) return { issues: named };
  if (issues.length === 0 && rows.length === 0)
    issues.push({
      code: 'empty',
      path: [],
      line: headerLine,
      expected: { key: 'atLeastOne', what: 'rowAfterHeader' },
    });
  return { table: { header, headerLine, rows, separator }, issues };
}

/** Header and rows of a CSV text; the only problems at this stage are an empty file and ragged rows. */
export function parseCsvTable(text: string): CsvResult<CsvTable> {
  const { table, issues } = splitTable(text);
  return table && issues.length === 0 ? { ok: true, value: table } : { ok: false, issues };
}

/** A number as a spreadsheet writes it: "2.5", "2,5", "−3", "1e-3"; NaN for anything else. */
export function parseCsvNumber(s: string): number {
  let t = s.trim().replace(/^−/, '-');
  if (t.includes(',')) {
    if (t.includes('.') || t.indexOf(',') !== t.lastIndexOf(',')) return NaN;
    t = t.replace(',', '.');
  }
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** Column indices of `names` in the header; an unknown name is a csv_column issue. */
function columnIndices(
  table: CsvTable,
  names: string[],
  key: 'inputs' | 'targets',
  issues: Issue[],
): number[] {
  if (names.length === 0)
    issues.push({ code: 'empty', path: [key], expected: { key: 'atLeastOne', what: 'column' } });
  return names.map((name) => {
    const c = table.header.indexOf(name);
    if (c < 0)
      issues.push({
        code: 'csv_column',
        path: [key],
        line: table.headerLine,
        received: show(name),
        expected: { key: 'oneOf', values: table.header },
      });
    return c;
  });
}

/** The numbers of some columns, row by row; a missing value or a non-number is an issue naming the cell. */
function readNumbers(table: CsvTable, cols: number[], issues: Issue[]): number[][] {
  return table.rows.map(({ line, fields }) =>
    cols.map((c) => {
      const s = fields[c];
      const v = parseCsvNumber(s);
      const column = table.header[c];
      if (s === '') issues.push({ code: 'missing', path: [], line, column, expected: { key: 'cellNumber' } });
      else if (!Number.isFinite(v))
        issues.push({
          code: 'csv_value',
          path: [],
          line,
          column,
          received: show(s),
          expected: { key: 'cellNumber' },
        });
      return v;
    }),
  );
}

const byLine = (issues: Issue[]): Issue[] => issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

/**
 * The data of an experiment from a CSV text: the chosen input and target columns, every value a
 * number. Problems come out as typed issues (csv_column, csv_value, missing, csv_ragged, empty).
 */
export function csvToData(text: string, columns: CsvColumns = {}): CsvResult<DataSpec> {
  const { table, issues } = splitTable(text);
  if (!table) return { ok: false, issues };
  const { header, headerLine } = table;
  if (header.length < 2 && (columns.inputs === undefined || columns.targets === undefined))
    return {
      ok: false,
      issues: [{ code: 'empty', path: [], line: headerLine, expected: { key: 'atLeastTwoColumns' } }],
    };
  const inputNames = columns.inputs ?? header.slice(0, -1);
  const targetNames = columns.targets ?? header.slice(-1);
  const inCols = columnIndices(table, inputNames, 'inputs', issues);
  const outCols = columnIndices(table, targetNames, 'targets', issues);
  if (inCols.includes(-1) || outCols.includes(-1) || inputNames.length * targetNames.length === 0)
    return { ok: false, issues: byLine(issues) };
  const inputs = readNumbers(table, inCols, issues);
  const targets = readNumbers(table, outCols, issues);
  if (issues.length > 0) return { ok: false, issues: byLine(issues) };
  return { ok: true, value: { inputs, targets, inputNames, targetNames } };
}

/**
 * New inputs for a trained model from a CSV text (`unha predict --data`): the named columns, or the
 * first `count` columns; the target columns too when the file has all of them, all numbers (to compare).
 */
export function csvToInputs(
  text: string,
  inputs: string[] | number,
  targets?: string[],
): CsvResult<{ inputs: number[][]; inputNames: string[]; targets?: number[][] }> {
  const { table, issues } = splitTable(text);
  if (!table) return { ok: false, issues };
  const inputNames = typeof inputs === 'number' ? table.header.slice(0, inputs) : inputs;
  if (typeof inputs === 'number' && table.header.length < inputs)
    return {
      ok: false,
      issues: [
        {
          code: 'csv_column',
          path: ['inputs'],
          line: table.headerLine,
          expected: { key: 'count', n: inputs, of: 'columns' },
        },
      ],
    };
  const inCols = columnIndices(table, inputNames, 'inputs', issues);
  if (inCols.includes(-1) || inputNames.length === 0) return { ok: false, issues: byLine(issues) };
  const values = readNumbers(table, inCols, issues);
  // Targets are a bonus for comparison: read them only when every one is there and is a number.
  const targetIssues: Issue[] = [];
  const ys =
    targets !== undefined && targets.length > 0 && targets.every((n) => table.header.includes(n))
      ? readNumbers(table, columnIndices(table, targets, 'targets', targetIssues), targetIssues)
      : undefined;
  if (issues.length > 0) return { ok: false, issues: byLine(issues) };
  return {
    ok: true,
    value: { inputs: values, inputNames, ...(ys && targetIssues.length === 0 && { targets: ys }) },
  };
}
