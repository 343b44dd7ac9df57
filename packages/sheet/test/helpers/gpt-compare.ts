import { expect } from 'vitest';
import type { GptSheet } from '../../src/gpt/workbook';
import type { GptSheetRun } from '../../src/gpt/run';
import { shortName } from '../../src/gpt/run';
import { cellRef } from '../../src/xlsx';
import { type ReadWorkbook, namedValues } from './read-xlsx';

/**
 * Norm-wise closeness: each entry within `tol` of itself, or of the largest entry of its tensor.
 * The second clause is for entries that are rounding noise around a mathematical zero (∂L/∂ of the
 * key bias: adding a constant to every score of a row leaves its softmax unchanged), where a
 * relative error means nothing; every other entry passes on the first clause.
 */
export function tensorClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-9): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  let scale = 0;
  for (let k = 0; k < want.length; k++) scale = Math.max(scale, Math.abs(want[k]), Math.abs(got[k]));
  for (let k = 0; k < want.length; k++) {
    const d = Math.abs(got[k] - want[k]);
    if (!(d <= tol * Math.max(Math.abs(got[k]), Math.abs(want[k])) || d <= tol * scale))
      return `[${k}] ${got[k]} vs ${want[k]}`;
  }
  return null;
}

/**
 * Every formula cell of the written workbook against the recomputed one, tensor by tensor (the
 * workbook's matrices): same formula, a number, and close to the cached value.
 */
export function compareGptCells(
  book: GptSheet,
  recomputed: ReadWorkbook,
): { formulas: number; mismatches: string[]; worst: number; normOnly: Set<string> } {
  let formulas = 0;
  /** The tensors with entries that pass on their tensor's scale only. */
  const normOnly = new Set<string>();
  let worst = 0;
  const mismatches: string[] = [];
  for (const page of book.mats)
    for (const { key, mat } of page) {
      const sheet = book.wb.sheets.find((s) => s.name === mat.sheet)!;
      const cells = recomputed.sheets.get(mat.sheet);
      const want: number[] = [];
      const got: number[] = [];
      const refs: string[] = [];
      for (let i = 0; i < mat.rows; i++)
        for (let j = 0; j < mat.cols; j++) {
          const c = sheet.get(mat.r0 + i, mat.c0 + j);
          if (c?.formula === undefined) continue;
          formulas++;
          const ref = cellRef(mat.r0 + i, mat.c0 + j);
          const v = cells?.get(ref)?.value;
          if (typeof v !== 'number') {
            mismatches.push(`${mat.sheet}!${ref} (${key}) = ${String(v)}: ${c.formula}`);
            continue;
          }
          want.push(mat.v(i, j));
          got.push(v);
          refs.push(ref);
          const e = mat.v(i, j);
          const d = Math.abs(e - v);
          if (d > 1e-9 * Math.max(Math.abs(e), Math.abs(v))) normOnly.add(key);
          if (e !== v) worst = Math.max(worst, Math.abs(e - v) / Math.max(Math.abs(e), Math.abs(v)));
        }
      const bad = tensorClose(got, want);
      if (bad) mismatches.push(`${mat.sheet} ${key} ${bad}`);
    }
  return { formulas, mismatches, worst, normOnly };
}

/** Every step's loss and the parameters after every step, read from the recomputed workbook. */
export function expectGptRun(read: ReadWorkbook, run: GptSheetRun): void {
  for (const s of run.steps) {
    const loss = namedValues(read, `step${s.step}_loss`)[0] as number;
    expect(Math.abs(loss - s.loss) / s.loss, `loss of step ${s.step}: ${loss} vs ${s.loss}`).toBeLessThan(
      1e-9,
    );
    for (const [p, after] of s.after!) {
      const got = namedValues(read, `after${s.step}_${shortName(p)}`) as number[];
      expect(tensorClose(got, after), `${p} after step ${s.step}`).toBeNull();
    }
  }
}
