import type { Issue } from './errors';
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
 * - fields in double quotes ("a, b"; a quote inside is written twice), blank lines skipped, a UTF-8
 *   byte-order mark and Windows line ends ignored.
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

/** Splits one line into fields, honouring double quotes. */
function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

function detectSeparator(header: string): CsvTable['separator'] {
  const unquoted = header.replace(/"[^"]*"/g, '');
  if (unquoted.includes(';')) return ';';
  if (unquoted.includes('\t')) return '\t';
  return ',';
}

/**
 * Header and well-formed rows of a CSV text, with the ragged rows as issues (the other rows are kept,
 * so that their problems can be reported too). No table when the file is empty.
 */
function splitTable(text: string): { table?: CsvTable; issues: Issue[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0)
    return { issues: [{ code: 'empty', path: [], expected: 'a header row and rows of numbers' }] };
  const separator = detectSeparator(lines[first]);
  const header = splitLine(lines[first], separator);
  const issues: Issue[] = [];
  const rows: CsvTable['rows'] = [];
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = splitLine(lines[i], separator);
    if (fields.length !== header.length)
      issues.push({
        code: 'csv_ragged',
        path: [],
        line: i + 1,
        expected: `${header.length} fields (as in the header)`,
        received: String(fields.length),
      });
    else rows.push({ line: i + 1, fields });
  }
  if (issues.length === 0 && rows.length === 0)
    issues.push({ code: 'empty', path: [], line: first + 1, expected: 'at least one row after the header' });
  return { table: { header, headerLine: first + 1, rows, separator }, issues };
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
  if (names.length === 0) issues.push({ code: 'empty', path: [key], expected: `at least one column` });
  return names.map((name) => {
    const c = table.header.indexOf(name);
    if (c < 0)
      issues.push({
        code: 'csv_column',
        path: [key],
        line: table.headerLine,
        received: JSON.stringify(name),
        expected: `one of: ${table.header.join(', ')}`,
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
      if (s === '') issues.push({ code: 'missing', path: [], line, column, expected: 'a number' });
      else if (!Number.isFinite(v))
        issues.push({
          code: 'csv_value',
          path: [],
          line,
          column,
          received: JSON.stringify(s),
          expected: 'a number',
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
      issues: [
        { code: 'empty', path: [], line: headerLine, expected: 'at least two columns (inputs and a target)' },
      ],
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
        { code: 'csv_column', path: ['inputs'], line: table.headerLine, expected: `${inputs} columns` },
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
