import type { LmMessages } from '../locales/index';
import { type Chunk, paginate } from '../pages';
import { cellRef, sheetPrefix } from '../xlsx';
import type { LmStepView } from './step-view';

/**
 * The columns of the language-model Training sheet and how formulas point at each other, as in the
 * regression layout (columns.ts): one block of rows per optimizer step, one row per example of its
 * batch; 'example' columns have a cell on every row, 'step' columns only on the block's first row.
 */

export type LmGroup = keyof LmMessages['groups'];

export interface LmBlock {
  /** 1-based step (Adam's t). */
  step: number;
  firstRow: number;
  /** Training example indices of the batch, in order. */
  batch: number[];
  view: LmStepView;
}

export interface LmAt {
  b: LmBlock;
  prev: LmBlock | undefined;
  /** Row inside the block (the batch position) and the sheet row. */
  n: number;
  row: number;
  /** The Training sheet the cell is on (pages.ts). */
  page: number;
}

export interface LmColumn {
  key: string;
  group: LmGroup;
  label: string;
  hint: string;
  scope: 'example' | 'step';
  /** A plain number that says where the row is (step, example), not a formula. */
  id?: boolean;
  /** Columns with the same chunk stay on one sheet ('main': the first sheet). */
  chunk: string;
  formula(at: LmAt): string;
  value(at: LmAt): number | undefined;
}

export interface LmPage {
  name: string;
  columns: LmColumn[];
}

type Formula = (at: LmAt) => string;
type Value = (at: LmAt) => number | undefined;

export class LmGrid {
  readonly cols: LmColumn[] = [];
  private readonly index = new Map<string, number>();
  private pageOf: number[] = [];
  private localOf: number[] = [];
  private pageNames: string[] = [];

  col(key: string): number {
    const c = this.index.get(key);
    if (c === undefined) throw new Error(`lm sheet layout: no column '${key}'`);
    return c;
  }

  add(c: LmColumn): void {
    if (this.index.has(c.key)) throw new Error(`lm sheet layout: column '${c.key}' twice`);
    this.index.set(c.key, this.cols.length);
    this.cols.push(c);
  }

  each(key: string, group: LmGroup, label: string, hint: string, formula: Formula, value: Value): void {
    this.add({ key, group, label, hint, scope: 'example', chunk: 'main', formula, value });
  }

  /** One cell per block; `chunk` keeps a tensor's columns together (ranges and names span them). */
  once(
    key: string,
    group: LmGroup,
    label: string,
    hint: string,
    formula: Formula,
    value: Value,
    chunk = 'main',
  ): void {
    this.add({ key, group, label, hint, scope: 'step', chunk, formula, value });
  }

  /** Splits the columns across sheets when they do not fit in one (see pages.ts). */
  paginate(limit: number, name: (page: number) => string): LmPage[] {
    const ids = this.cols.filter((c) => c.id);
    const chunks: (Chunk & { key: string; members: number[] })[] = [];
    this.cols.forEach((c, i) => {
      if (c.id) return;
      const last = chunks[chunks.length - 1];
      if (last && last.key === c.chunk) {
        last.width++;
        last.members.push(i);
      } else chunks.push({ key: c.chunk, width: 1, main: c.chunk === 'main', members: [i] });
    });
    const { pageOf } = paginate(chunks, ids.length, limit);
    const pages: LmPage[] = [];
    this.pageOf = this.cols.map(() => 0);
    this.localOf = this.cols.map((c) => (c.id ? ids.indexOf(c) : 0));
    chunks.forEach((chunk, k) => {
      const p = pageOf[k];
      while (pages.length <= p) pages.push({ name: name(pages.length), columns: [...ids] });
      for (const i of chunk.members) {
        this.pageOf[i] = p;
        this.localOf[i] = pages[p].columns.length;
        pages[p].columns.push(this.cols[i]);
      }
    });
    this.pageNames = pages.map((pg) => pg.name);
    return pages;
  }

  /** The sheet and column of a column, for defined names. */
  where(key: string): { page: number; col: number } {
    const c = this.col(key);
    return { page: this.pageOf[c] ?? 0, col: this.localOf[c] ?? c };
  }

  private ref(key: string, row: number, page: number, abs: 'none' | 'row' = 'none'): string {
    const c = this.col(key);
    const r = cellRef(row, this.localOf[c] ?? c, abs);
    // The id columns are repeated on every sheet: read the sheet's own.
    const on = this.cols[c].id ? page : (this.pageOf[c] ?? 0);
    return on === page ? r : sheetPrefix(this.pageNames[on]) + r;
  }

  private span(k1: string, r1: number, k2: string, r2: number, page: number, abs: 'none' | 'row'): string {
    const start = this.ref(k1, r1, page, abs);
    const end = cellRef(r2, this.localOf[this.col(k2)] ?? this.col(k2), abs);
    return start === end || start.endsWith(`!${end}`) ? start : `${start}:${end}`;
  }

  /** On the cell's own row. */
  here(key: string, at: LmAt): string {
    return this.ref(key, at.row, at.page);
  }
  /** On the block's first row, the row pinned with $ (the parameters every example of the step uses). */
  top(key: string, at: LmAt): string {
    return this.ref(key, at.b.firstRow, at.page, 'row');
  }
  /** On the block's first row. */
  first(key: string, at: LmAt): string {
    return this.ref(key, at.b.firstRow, at.page);
  }
  /** On the previous block's first row. */
  prev(key: string, at: LmAt): string {
    return this.ref(key, at.prev!.firstRow, at.page);
  }
  /** Down the block's rows, from column k1 to k2. */
  range(k1: string, at: LmAt, k2 = k1): string {
    return this.span(k1, at.b.firstRow, k2, at.b.firstRow + at.b.batch.length - 1, at.page, 'none');
  }
  /** Across the cell's own row, from k1 to k2 (consecutive columns). */
  row(k1: string, k2: string, at: LmAt): string {
    return this.span(k1, at.row, k2, at.row, at.page, 'none');
  }
  /** Across the block's first row, row pinned (a parameter tensor). */
  across(k1: string, k2: string, at: LmAt): string {
    return this.span(k1, at.b.firstRow, k2, at.b.firstRow, at.page, 'row');
  }
}
