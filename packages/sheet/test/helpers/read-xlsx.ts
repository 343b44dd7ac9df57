import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/**
 * Reads back an xlsx (ours, or one LibreOffice wrote after recomputing): every cell's formula and
 * value, sheet by sheet, and the defined names. Small regex parser: enough for the files we test.
 */

export interface ReadCell {
  ref: string;
  formula?: string;
  /** number, text (shared/inline/formula string), boolean, or an error like '#NUM!'. */
  value: number | string | boolean | null;
  type: 'n' | 's' | 'str' | 'b' | 'e' | 'inlineStr' | 'empty';
}

export interface ReadWorkbook {
  sheets: Map<string, Map<string, ReadCell>>;
  /** Sheet name → path of its XML part inside the zip. */
  sheetPaths: Map<string, string>;
  names: Map<string, string>;
  files: Record<string, Uint8Array>;
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Text of every <t> inside an element (rich text runs are joined). */
const texts = (xml: string): string =>
  [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)]
    .map((m) => unescape(m[1] ?? ''))
    .join('');

export function readXlsx(bytes: Uint8Array): ReadWorkbook {
  const files = unzipSync(bytes);
  const text = (p: string): string => (files[p] ? strFromU8(files[p]) : '');
  const wb = text('xl/workbook.xml');
  const rels = new Map(
    [...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\s[^>]*>/g)].map((m) => [
      attr(m[0], 'Id')!,
      attr(m[0], 'Target')!,
    ]),
  );
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const names = new Map<string, string>();
  for (const m of wb.matchAll(/<definedName\s([^>]*)>([\s\S]*?)<\/definedName>/g)) {
    const name = attr(` ${m[1]}`, 'name')!;
    if (!name.startsWith('_xlnm')) names.set(name, unescape(m[2]));
  }
  const sheets = new Map<string, Map<string, ReadCell>>();
  const sheetPaths = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\s[^>]*>/g)) {
    const name = unescape(attr(m[0], 'name')!);
    const target = rels.get(attr(m[0], 'r:id')!)!.replace(/^\/?(xl\/)?/, '');
    const path = `xl/${target}`;
    sheetPaths.set(name, path);
    sheets.set(name, parseCells(text(path), shared));
  }
  return { sheets, sheetPaths, names, files };
}

function parseCells(xml: string, shared: string[]): Map<string, ReadCell> {
  const cells = new Map<string, ReadCell>();
  for (const m of xml.matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const open = ` ${m[1]}`;
    const ref = attr(open, 'r')!;
    const t = (attr(open, 't') ?? 'n') as ReadCell['type'];
    const body = m[2] ?? '';
    const f = /<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/.exec(body)?.[1];
    const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    let value: ReadCell['value'];
    if (t === 'inlineStr') value = texts(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
    else if (v === undefined) value = null;
    else if (t === 's') value = shared[Number(v)];
    else if (t === 'b') value = v === '1';
    else if (t === 'str' || t === 'e') value = unescape(v);
    else value = Number(v);
    cells.set(ref, {
      ref,
      ...(f !== undefined && { formula: unescape(f) }),
      value,
      type: v === undefined && t === 'n' ? 'empty' : t,
    });
  }
  return cells;
}

/** Splits a defined name's target ('Inputs!$B$4', "'Read me'!$A$1:$A$3") into sheet and plain ref. */
export function splitRef(target: string): { sheet: string; ref: string } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(target);
  if (!m) throw new Error(`not a sheet reference: ${target}`);
  return { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), ref: m[3].replace(/\$/g, '') };
}

/** 'AB12' → { col: 27, row: 11 } (0-based). */
export function parseRef(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a cell reference: ${ref}`);
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(m[2]) - 1, col };
}

/** The values of a defined name's range, row by row (left to right, top to bottom). */
export function namedValues(wb: ReadWorkbook, name: string): ReadCell['value'][] {
  const target = wb.names.get(name);
  if (!target) throw new Error(`no defined name ${name}`);
  const { sheet, ref } = splitRef(target);
  const [a, b = a] = ref.split(':').map(parseRef);
  const cells = new Map([...(wb.sheets.get(sheet)?.values() ?? [])].map((c) => [c.ref, c.value]));
  const out: ReadCell['value'][] = [];
  for (let r = a.row; r <= b.row; r++)
    for (let c = a.col; c <= b.col; c++) {
      let col = '';
      for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26))
        col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
      out.push(cells.get(`${col}${r + 1}`) ?? null);
    }
  return out;
}

/** The value of a single-cell defined name. */
export function namedValue(wb: ReadWorkbook, name: string): ReadCell['value'] {
  const target = wb.names.get(name);
  if (!target) throw new Error(`no defined name ${name}`);
  const { sheet, ref } = splitRef(target);
  return wb.sheets.get(sheet)?.get(ref)?.value ?? null;
}

/**
 * Writes a new number into one cell of an xlsx (a learner typing into it), leaving every other byte of
 * the file as it was. `where` is a defined name ('learning_rate') or 'Sheet!A1'.
 */
export function setCellNumber(bytes: Uint8Array, where: string, value: number): Uint8Array {
  const wb = readXlsx(bytes);
  const { sheet, ref } = splitRef(wb.names.get(where) ?? where);
  const path = wb.sheetPaths.get(sheet);
  if (!path) throw new Error(`no sheet ${sheet}`);
  const xml = strFromU8(wb.files[path]);
  const re = new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>[\\s\\S]*?</c>)`);
  const m = re.exec(xml);
  if (!m) throw new Error(`no cell ${ref} in ${sheet}`);
  if (/<f>/.test(m[0])) throw new Error(`${sheet}!${ref} holds a formula, not an input`);
  const open = m[1].replace(/\st="[^"]*"/, '');
  const next = xml.replace(re, `<c r="${ref}"${open}><v>${String(value)}</v></c>`);
  return zipSync({ ...wb.files, [path]: strToU8(next) });
}
