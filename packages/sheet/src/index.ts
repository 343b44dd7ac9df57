export {
  buildWorkbook,
  exportExperiment,
  exportWorkbook,
  exportXlsx,
  type SheetOptions,
  type Written,
} from './workbook';
export { SHEET_LIMITS, SheetError, type SheetErrorInfo } from './errors';
export { checkSheet, sheetSize, trainingRows, type SheetSize } from './size';
export { sheetErrorMessage, sheetMessages, type SheetLocale, type SheetMessages } from './locales/index';
export { Workbook, Sheet, cellRef, colName, sheetPrefix, type Cell, type CellValue } from './xlsx';
export type { Style } from './styles';
export {
  buildLmWorkbook,
  exportLmWorkbook,
  exportLmXlsx,
  lmUnsupported,
  type LmSheetOptions,
} from './lm/workbook';
export { checkLmSheet, lmSheetSize, lmShapeOf, type LmShape, type LmSheetSize } from './lm/size';
export type { LmSheetRun, LmSheetStep, LmSheetRecord } from './lm/run';
export { lmMessages, type LmMessages } from './locales/index';
export { checkLmTrainer, lmRunForSheet, lmShape, sheetRunOf } from './lm/from-trainer';
export {
  buildGptWorkbook,
  exportGptXlsx,
  gptUnsupported,
  checkGptSheet,
  type GptSheetShape,
  GPT_SHEET_LIMITS,
  type GptSheet,
  type GptSheetOptions,
} from './gpt/workbook';
export { checkGptForSheet, gptRunForSheet } from './gpt/from-trainer';
export type { GptSheetRun, GptSheetStep } from './gpt/run';
export { gptMessages, type GptMessages } from './locales/index';
