import { type ReadWorkbook, readXlsx } from './read-xlsx';

/** Relative closeness: |a − b| ≤ tol · max(|a|, |b|); two zeros are equal. */
export function close(a: number, b: number, tol = 1e-9): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

export interface Mismatch {
  sheet: string;
  ref: string;
  formula: string;
  expected: unknown;
  actual: unknown;
}

export interface Comparison {
  formulas: number;
  mismatches: Mismatch[];
  worst: number;
}

/**
 * Compares every formula cell of `expected` (an export whose cached values are the engine's numbers)
 * with the same cell of `actual` (the file LibreOffice wrote after recomputing): same formula, and a
 * value within `tol` relative.
 */
export function compareFormulaCells(
  expected: ReadWorkbook | Uint8Array,
  actual: ReadWorkbook | Uint8Array,
  tol = 1e-9,
  /** Only the cells with a cached number (a diverged run: the engine stopped, the sheet goes on). */
  cachedOnly = false,
): Comparison {
  const exp = expected instanceof Uint8Array ? readXlsx(expected) : expected;
  const act = actual instanceof Uint8Array ? readXlsx(actual) : actual;
  const mismatches: Mismatch[] = [];
  let formulas = 0;
  let worst = 0;
  for (const [sheet, cells] of exp.sheets) {
    const other = act.sheets.get(sheet);
    for (const [ref, cell] of cells) {
      if (cell.formula === undefined) continue;
      if (cachedOnly && typeof cell.value !== 'number') continue;
      formulas++;
      const got = other?.get(ref);
      const e = cell.value;
      const a = got?.value;
      const ok = typeof e === 'number' && typeof a === 'number' && close(e, a, tol);
      if (typeof e === 'number' && typeof a === 'number' && e !== a)
        worst = Math.max(worst, Math.abs(e - a) / Math.max(Math.abs(e), Math.abs(a)));
      if (!ok) mismatches.push({ sheet, ref, formula: cell.formula, expected: e, actual: a });
    }
  }
  return { formulas, mismatches, worst };
}
