import { strToU8, zipSync } from 'fflate';
import { type Style, StyleRegistry } from './styles';
import { type Xml, el, part, text } from './xml';

/**
 * A small, generic OOXML (xlsx) writer: sheets of cells (formula + cached value, number, text),
 * styles, defined names, colour scales, frozen panes and column widths. It knows nothing about
 * neural networks; the layout decides which cell holds what.
 *
 * Text is always written as a shared string and never as a formula, whatever it starts with: only
 * `formula` (set by layout code from generated references) becomes a formula.
 */

export type CellValue = number | string | boolean;

export interface Cell {
  /** The cell's value; for a formula cell, its cached result (what a viewer shows before recomputing). */
  value?: CellValue | null;
  /** A formula in A1 syntax, without the leading '=' (English function names, comma separators). */
  formula?: string;
  style?: number;
}

export interface ColorScale {
  /** The range the scale covers, e.g. 'H4:H200'. */
  ref: string;
  /** ARGB colours for the minimum, the median and the maximum. */
  colors: [string, string, string];
}

/** Excel's own limits: a sheet has at most this many rows and columns. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** 0-based column index to letters: 0 → A, 25 → Z, 26 → AA. */
export function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 reference of a 0-based (row, col); `abs` pins the row ('row'), the column ('col') or both. */
export function cellRef(row: number, col: number, abs: 'none' | 'row' | 'col' | 'both' = 'none'): string {
  const c = (abs === 'col' || abs === 'both' ? '$' : '') + colName(col);
  const r = (abs === 'row' || abs === 'both' ? '$' : '') + String(row + 1);
  return c + r;
}

/** A sheet name as it must appear in a formula: quoted when it is not a plain word. */
export function sheetPrefix(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? `${name}!` : `'${name.replace(/'/g, "''")}'!`;
}

export class Sheet {
  readonly name: string;
  readonly rows = new Map<number, Map<number, Cell>>();
  readonly widths = new Map<number, number>();
  freeze?: { rows: number; cols: number };
  readonly colorScales: ColorScale[] = [];
  readonly merges: string[] = [];
  constructor(name: string) {
    this.name = name;
  }

  set(row: number, col: number, cell: Cell): void {
    if (row < 0 || row >= MAX_ROWS || col < 0 || col >= MAX_COLS)
      throw new RangeError(`Sheet '${this.name}': cell (${row}, ${col}) is outside the sheet`);
    let r = this.rows.get(row);
    if (!r) this.rows.set(row, (r = new Map<number, Cell>()));
    r.set(col, cell);
  }

  get(row: number, col: number): Cell | undefined {
    return this.rows.get(row)?.get(col);
  }

  /** Text cell: stays text even when it starts with '='. */
  text(row: number, col: number, text: string, style?: number): void {
    this.set(row, col, { value: text, style });
  }

  width(col: number, chars: number): void {
    this.widths.set(col, chars);
  }
}

export interface DefinedName {
  name: string;
  /** The target, e.g. `Inputs!$B$4` (use sheetPrefix for the sheet part). */
  ref: string;
  comment?: string;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** No content (el self-closes an element whose content is only this). */
const NOTHING = '' as Xml;

/** Excel keeps at most 32767 characters in a cell. */
const MAX_TEXT = 32_767;

export class Workbook {
  readonly sheets: Sheet[] = [];
  readonly names: DefinedName[] = [];
  readonly styles = new StyleRegistry();
  /** Index of the sheet shown when the file opens. */
  activeSheet = 0;

  addSheet(name: string): Sheet {
    if (name.length > 31 || /[\\/?*[\]:]/.test(name) || name.length === 0)
      throw new Error(`Workbook: invalid sheet name '${name}'`);
    if (this.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()))
      throw new Error(`Workbook: duplicate sheet name '${name}'`);
    const s = new Sheet(name);
    this.sheets.push(s);
    return s;
  }

  style(s: Style): number {
    return this.styles.id(s);
  }

  define(name: string, ref: string, comment?: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) || /^[A-Za-z]{1,3}[0-9]+$/.test(name))
      throw new Error(`Workbook: invalid defined name '${name}'`);
    this.names.push({ name, ref, ...(comment !== undefined && { comment }) });
  }

  /** How many cells of the workbook hold a formula. */
  formulaCount(): number {
    let n = 0;
    for (const s of this.sheets)
      for (const row of s.rows.values()) for (const c of row.values()) if (c.formula !== undefined) n++;
    return n;
  }

  /** The .xlsx file: a zip of XML parts. Works the same in Node and in a browser. */
  toXlsx(): Uint8Array {
    const strings = new SharedStrings();
    const files: Record<string, Uint8Array> = {};
    const add = (path: string, xml: string): void => {
      files[path] = strToU8(xml);
    };
    this.sheets.forEach((s, i) => add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s, strings)));
    add('[Content_Types].xml', contentTypes(this.sheets.length));
    add(
      '_rels/.rels',
      part(
        el(
          'Relationships',
          { xmlns: NS_PKG_REL },
          el('Relationship', { Id: 'rId1', Type: `${NS_REL}/officeDocument`, Target: 'xl/workbook.xml' }),
        ),
      ),
    );
    add('xl/workbook.xml', this.workbookXml());
    add('xl/_rels/workbook.xml.rels', this.workbookRels());
    add('xl/styles.xml', this.styles.toXml());
    add('xl/sharedStrings.xml', strings.toXml());
    return zipSync(files, { level: 6 });
  }

  private workbookXml(): string {
    const sheets = this.sheets.map((s, i) =>
      el('sheet', { name: s.name, sheetId: i + 1, 'r:id': `rId${i + 1}` }),
    );
    const names = this.names.map((n) => el('definedName', { name: n.name, comment: n.comment }, text(n.ref)));
    return part(
      el(
        'workbook',
        { xmlns: NS_MAIN, 'xmlns:r': NS_REL },
        el('bookViews', {}, el('workbookView', { activeTab: this.activeSheet })),
        el('sheets', {}, sheets),
        names.length > 0 ? el('definedNames', {}, names) : [],
        // Ask every viewer to recompute all formulas on load: the cached values are only a preview.
        el('calcPr', { calcId: 191029, fullCalcOnLoad: true }),
      ),
    );
  }

  private workbookRels(): string {
    const n = this.sheets.length;
    const rel = (id: number, type: string, target: string): Xml =>
      el('Relationship', { Id: `rId${id}`, Type: `${NS_REL}/${type}`, Target: target });
    const rels = this.sheets.map((_, i) => rel(i + 1, 'worksheet', `worksheets/sheet${i + 1}.xml`));
    rels.push(rel(n + 1, 'styles', 'styles.xml'));
    rels.push(rel(n + 2, 'sharedStrings', 'sharedStrings.xml'));
    return part(el('Relationships', { xmlns: NS_PKG_REL }, rels));
  }
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  toXml(): string {
    const items = this.list.map((s) =>
      el('si', {}, el('t', { 'xml:space': 'preserve' }, text(s.slice(0, MAX_TEXT)))),
    );
    return part(el('sst', { xmlns: NS_MAIN, count: this.count, uniqueCount: this.list.length }, items));
  }
}

function contentTypes(sheets: number): string {
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const override = (name: string, type: string): Xml =>
    el('Override', { PartName: name, ContentType: `${ct}.${type}` });
  const overrides = [
    override('/xl/workbook.xml', 'sheet.main+xml'),
    override('/xl/styles.xml', 'styles+xml'),
    override('/xl/sharedStrings.xml', 'sharedStrings+xml'),
  ];
  for (let i = 1; i <= sheets; i++) overrides.push(override(`/xl/worksheets/sheet${i}.xml`, 'worksheet+xml'));
  return part(
    el(
      'Types',
      { xmlns: 'http://schemas.openxmlformats.org/package/2006/content-types' },
      el('Default', {
        Extension: 'rels',
        ContentType: 'application/vnd.openxmlformats-package.relationships+xml',
      }),
      el('Default', { Extension: 'xml', ContentType: 'application/xml' }),
      overrides,
    ),
  );
}

/** A number as OOXML writes it: the shortest text that reads back as the same double. */
function num(n: number): Xml {
  // A finite number's text is digits, '.', '-', 'e' and '+': nothing to escape.
  return String(n) as Xml;
}

/**
 * One cell: its type (t), the formula (f) and the value (v). A non-finite number is written as the
 * error #NUM!; text without a formula goes to the shared strings; text with one is a 'str' value.
 */
function cellXml(ref: string, cell: Cell, strings: SharedStrings): Xml {
  const v = cell.value;
  const f = cell.formula !== undefined ? el('f', {}, text(cell.formula)) : NOTHING;
  let t: string | undefined;
  let value: Xml | undefined;
  if (typeof v === 'number') {
    value = Number.isFinite(v) ? num(v) : text('#NUM!');
    if (!Number.isFinite(v)) t = 'e';
  } else if (typeof v === 'boolean') {
    t = 'b';
    value = text(v ? '1' : '0');
  } else if (typeof v === 'string') {
    t = f === NOTHING ? 's' : 'str';
    value = text(f === NOTHING ? String(strings.id(v)) : v.slice(0, MAX_TEXT));
  }
  return el(
    'c',
    { r: ref, s: cell.style || undefined, t },
    f,
    value === undefined ? NOTHING : el('v', {}, value),
  );
}

function sheetXml(sheet: Sheet, strings: SharedStrings): string {
  const parts: Xml[] = [];
  const f = sheet.freeze;
  if (f && (f.rows > 0 || f.cols > 0)) {
    const top = cellRef(f.rows, f.cols);
    const pane = f.rows > 0 && f.cols > 0 ? 'bottomRight' : f.rows > 0 ? 'bottomLeft' : 'topRight';
    const paneEl = el('pane', {
      xSplit: f.cols || undefined,
      ySplit: f.rows || undefined,
      topLeftCell: top,
      activePane: pane,
      state: 'frozen',
    });
    const selection = el('selection', { pane, activeCell: top, sqref: top });
    parts.push(el('sheetViews', {}, el('sheetView', { workbookViewId: 0 }, paneEl, selection)));
  } else parts.push(el('sheetViews', {}, el('sheetView', { workbookViewId: 0 })));
  if (sheet.widths.size > 0) {
    const cols = [...sheet.widths]
      .sort((a, b) => a[0] - b[0])
      .map(([c, w]) => el('col', { min: c + 1, max: c + 1, width: w, customWidth: true }));
    parts.push(el('cols', {}, cols));
  }
  const rows: Xml[] = [];
  for (const r of [...sheet.rows.keys()].sort((a, b) => a - b)) {
    const row = sheet.rows.get(r)!;
    const cells = [...row.keys()]
      .sort((a, b) => a - b)
      .map((c) => cellXml(cellRef(r, c), row.get(c)!, strings));
    rows.push(el('row', { r: r + 1 }, cells));
  }
  // An empty sheet still needs its (self-closed) sheetData.
  parts.push(el('sheetData', {}, rows));
  if (sheet.merges.length > 0)
    parts.push(
      el(
        'mergeCells',
        { count: sheet.merges.length },
        sheet.merges.map((m) => el('mergeCell', { ref: m })),
      ),
    );
  sheet.colorScales.forEach((cs, i) => {
    const [lo, mid, hi] = cs.colors;
    const scale = el(
      'colorScale',
      {},
      el('cfvo', { type: 'min' }),
      el('cfvo', { type: 'percentile', val: 50 }),
      el('cfvo', { type: 'max' }),
      [lo, mid, hi].map((rgb) => el('color', { rgb })),
    );
    parts.push(
      el(
        'conditionalFormatting',
        { sqref: cs.ref },
        el('cfRule', { type: 'colorScale', priority: i + 1 }, scale),
      ),
    );
  });
  return part(el('worksheet', { xmlns: NS_MAIN, 'xmlns:r': NS_REL }, parts));
}
