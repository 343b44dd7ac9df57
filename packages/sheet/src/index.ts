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
