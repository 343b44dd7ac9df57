/**
 * How the columns of the Training sheet are split across sheets when they do not fit in one.
 *
 * A network like 1 → 16 → 16 → 1 with Adam has 321 parameters, and each update writes 7 columns per
 * parameter (the value used, the gradient, m, v, m̂, v̂, the new value): 2,247 columns, more than a
 * sheet should hold (SHEET_LIMITS.columns; LibreOffice before 7.4 stops at 1,024). The computation of
 * one example (inputs, forward pass, error, loss, backpropagation) stays on the first sheet, where a
 * person reads it; the per-parameter columns go to the next sheets ("Training (2)", ...), which repeat
 * the epoch/step/example columns so that every row still says where it is. Formulas point across
 * sheets where they must; the rows are the same on every sheet.
 *
 * The unit that cannot be cut is a chunk: the columns a range or a defined name spans (a whole
 * tensor's values, gradients or new values), or the optimizer state of one parameter.
 */

/** A run of columns that must stay on one sheet; `main` chunks belong to the first sheet. */
export interface Chunk {
  width: number;
  main: boolean;
}

/**
 * Assigns every chunk to a sheet (0 = the first). Everything on one sheet when it fits; otherwise the
 * main chunks on sheet 0 and the others packed in order onto the next sheets. `ids` is the number of
 * id columns every sheet starts with. Returns the sheet of each chunk and each sheet's width (ids
 * included), or the width that cannot fit when one chunk alone is wider than a sheet.
 */
export function paginate(
  chunks: readonly Chunk[],
  ids: number,
  limit: number,
): { pageOf: number[]; widths: number[] } {
  const total = ids + chunks.reduce((s, c) => s + c.width, 0);
  if (total <= limit) return { pageOf: chunks.map(() => 0), widths: [total] };
  const widths = [ids + chunks.reduce((s, c) => s + (c.main ? c.width : 0), 0)];
  const pageOf = chunks.map((c) => {
    if (c.main) return 0;
    const last = widths.length - 1;
    // A new sheet when this one is the first (kept for the main chunks) or the chunk does not fit.
    if (last === 0 || widths[last] + c.width > limit) widths.push(ids);
    widths[widths.length - 1] += c.width;
    return widths.length - 1;
  });
  return { pageOf, widths };
}
