/**
 * Why a run cannot become a spreadsheet, as data (a stable code and the numbers), so the caller can
 * say it in the learner's language with `sheetErrorMessage`.
 */
export type SheetErrorInfo =
  | {
      code: 'sheet_too_large';
      /** What is over the limit: formula cells, rows or columns of the Training sheet. */
      quantity: 'cells' | 'rows' | 'columns';
      value: number;
      limit: number;
      /**
       * For rows and cells: the most epochs that fit (0 when not even one epoch does). Columns do
       * not depend on the epochs: the units of the widest layer, or the examples, set them.
       */
      maxEpochs?: number;
    }
  /** Something the engine can do that the sheet cannot write as formulas yet (e.g. 'loss: xent'). */
  | { code: 'sheet_unsupported'; feature: string }
  /** A language model too large for a sheet, with what would fit (a real corpus: fewer words or steps). */
  | LmTooLarge
  | GptTooLarge;

/** A GPT too large to write as formulas: the field, its value and the most the sheet writes. */
export interface GptTooLarge {
  code: 'sheet_gpt_too_large';
  field: string;
  value: number;
  limit: number;
}

export interface LmTooLarge {
  code: 'sheet_lm_too_large';
  /** Formula cells, rows or columns of the Training sheet, or training examples on Inputs. */
  quantity: 'cells' | 'rows' | 'columns' | 'examples';
  value: number;
  limit: number;
  /** For rows and cells: the most steps that fit (0 when not even one does). */
  maxSteps?: number;
  /** For examples: about how many words fit (the first words of the list). */
  maxWords?: number;
  /** For columns: the parameters of the model (they set the columns, with the vocabulary). */
  params?: number;
}

/**
 * The limits of a usable sheet. Past them LibreOffice takes minutes to recompute and the file stops
 * being something a person scrolls through (see bench/export.bench.ts for the timings).
 */
export const SHEET_LIMITS = {
  /** Formula cells in the Training sheet. */
  cells: 250_000,
  /** Rows of the Training sheet (epochs × examples per update, plus headers). */
  rows: 100_000,
  /** Columns of the Training sheet. */
  columns: 1_000,
  /** Training examples of a language model (rows of its Inputs sheet, each a lookup target). */
  examples: 20_000,
} as const;

export class SheetError extends Error {
  readonly info: SheetErrorInfo;
  get code(): SheetErrorInfo['code'] {
    return this.info.code;
  }
  constructor(info: SheetErrorInfo) {
    super(
      info.code === 'sheet_unsupported'
        ? `sheet_unsupported: ${info.feature}`
        : info.code === 'sheet_gpt_too_large'
          ? `${info.code}: ${info.field} ${info.value} > ${info.limit}`
          : `${info.code}: ${info.quantity} ${info.value} > ${info.limit}`,
    );
    this.name = 'SheetError';
    this.info = info;
  }
}
