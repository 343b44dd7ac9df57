import type { Styles } from '../context';
import { type Sheet, cellRef, sheetPrefix } from '../xlsx';

/**
 * The GPT workbook's building blocks. Every computed cell is written with its formula and the
 * number that formula gives, computed here in plain float64 beside it (the file's cached values);
 * a real LibreOffice recomputing the file must land on the same numbers (the tests check it), and
 * those numbers must be the engine's (the tests check that too).
 *
 * Tensors are matrices of cells. A band is a group of matrices side by side that share their rows
 * (the B·T positions of the batch, the rows of a parameter, the queries of one attention head): the
 * eye reads a position's row from left to right as the computation goes.
 */

/** A formula and its value. */
export interface X {
  f: string;
  v: number;
}

/** A computed cell, a plain number (not a formula: the mask's zeros) or a text ('−∞'). */
export type Cell = X | { n: number } | { text: string } | { input: number };

export class Mat {
  readonly values: Float64Array;
  constructor(
    readonly sheet: string,
    readonly r0: number,
    readonly c0: number,
    readonly rows: number,
    readonly cols: number,
  ) {
    this.values = new Float64Array(rows * cols).fill(Number.NaN);
  }

  v(i: number, j: number): number {
    return this.values[i * this.cols + j];
  }

  private prefix(from: string): string {
    return from === this.sheet ? '' : sheetPrefix(this.sheet);
  }

  /** Cell (i, j) as seen from sheet `from`. */
  ref(i: number, j: number, from: string): string {
    return this.prefix(from) + cellRef(this.r0 + i, this.c0 + j);
  }

  x(i: number, j: number, from: string): X {
    return { f: this.ref(i, j, from), v: this.v(i, j) };
  }

  /** Row i from column j0 to j1. */
  row(i: number, from: string, j0 = 0, j1 = this.cols - 1): string {
    const a = cellRef(this.r0 + i, this.c0 + j0);
    return this.prefix(from) + (j0 === j1 ? a : `${a}:${cellRef(this.r0 + i, this.c0 + j1)}`);
  }

  /** Column j from row i0 to i1. */
  col(j: number, from: string, i0 = 0, i1 = this.rows - 1): string {
    const a = cellRef(this.r0 + i0, this.c0 + j);
    return this.prefix(from) + (i0 === i1 ? a : `${a}:${cellRef(this.r0 + i1, this.c0 + j)}`);
  }

  /** The whole matrix as seen from sheet `from`. */
  range(from: string): string {
    return (
      this.prefix(from) +
      `${cellRef(this.r0, this.c0)}:${cellRef(this.r0 + this.rows - 1, this.c0 + this.cols - 1)}`
    );
  }

  /** The whole matrix, absolute (for defined names). */
  abs(): string {
    if (this.rows === 1 && this.cols === 1)
      return sheetPrefix(this.sheet) + cellRef(this.r0, this.c0, 'both');
    return (
      sheetPrefix(this.sheet) +
      `${cellRef(this.r0, this.c0, 'both')}:${cellRef(this.r0 + this.rows - 1, this.c0 + this.cols - 1, 'both')}`
    );
  }
}

/** Every matrix written, by sheet, so that the tests can compare a tensor's numbers together. */
export interface MatInfo {
  key: string;
  mat: Mat;
}

/** Writes bands of matrices down one sheet. */
export class Page {
  row = 0;
  readonly mats: MatInfo[] = [];
  constructor(
    readonly sheet: Sheet,
    readonly st: Styles,
    readonly styles: { group: number; label: number; masked: number },
  ) {
    sheet.width(0, 16);
  }

  get name(): string {
    return this.sheet.name;
  }

  /** A section title on its own row. */
  title(text: string): void {
    this.row++;
    this.sheet.text(this.row++, 0, text, this.st.section);
  }

  note(text: string): void {
    this.sheet.text(this.row++, 0, text, this.st.note);
  }

  band(rowLabels: string[]): Band {
    return new Band(this, rowLabels);
  }
}

export class Band {
  private col = 1;
  readonly r0: number;
  constructor(
    readonly page: Page,
    readonly rowLabels: string[],
  ) {
    this.r0 = page.row + 2;
    rowLabels.forEach((l, i) => page.sheet.text(this.r0 + i, 0, l, page.st.label));
  }

  /**
   * A matrix of the band: its title (key shown above the first column), a label per column and a
   * cell per row and column. The cells are written in row-major order, so a cell may read the
   * cells before it in the same matrix.
   */
  mat(key: string, title: string, colLabels: string[], cell: (i: number, j: number) => Cell): Mat {
    const { page } = this;
    const rows = this.rowLabels.length;
    const m = new Mat(page.name, this.r0, this.col, rows, colLabels.length);
    const s = page.sheet;
    s.text(this.r0 - 2, this.col, title, page.styles.group);
    colLabels.forEach((l, j) => {
      s.text(this.r0 - 1, this.col + j, l, page.styles.label);
      s.width(this.col + j, 12);
    });
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < colLabels.length; j++) {
        const c = cell(i, j);
        const r = this.r0 + i;
        const cc = this.col + j;
        if ('text' in c) s.text(r, cc, c.text, page.styles.masked);
        else if ('input' in c) {
          s.set(r, cc, { value: c.input, style: page.st.input });
          m.values[i * m.cols + j] = c.input;
        } else if ('n' in c) {
          s.set(r, cc, { value: c.n, style: page.styles.masked });
          m.values[i * m.cols + j] = c.n;
        } else {
          s.set(r, cc, { formula: c.f, value: Number.isFinite(c.v) ? c.v : null, style: page.st.num });
          m.values[i * m.cols + j] = c.v;
        }
      }
    page.mats.push({ key, mat: m });
    this.col += colLabels.length + 1;
    return m;
  }

  /** Moves the page below the band. */
  end(): void {
    this.page.row = this.r0 + this.rowLabels.length;
  }
}

/** Σ of products written out (a·b + c·d + …): for sums whose two factors are not ranges of one shape. */
export function dot(a: X[], b: X[]): X {
  let v = 0;
  const f: string[] = [];
  a.forEach((x, k) => {
    v += x.v * b[k].v;
    f.push(`${x.f}*${b[k].f}`);
  });
  return { f: f.join('+'), v };
}

/** Σ of some cells written out. */
export function sum(a: X[]): X {
  let v = 0;
  for (const x of a) v += x.v;
  return { f: a.map((x) => x.f).join('+'), v };
}

/** SUMPRODUCT of two ranges of one shape, their values in order. */
export function sumproduct(ra: string, va: number[], rb: string, vb: number[]): X {
  let v = 0;
  va.forEach((x, k) => (v += x * vb[k]));
  return { f: `SUMPRODUCT(${ra},${rb})`, v };
}

/** A number as a formula literal (round-trips exactly). */
export function lit(v: number): string {
  return String(v);
}
