export { type FormatsWords, formatsWords } from './words';
export { exactDecimal, fieldBits, hex, numeral, shortestDecimal, sizeText, whole } from './numbers';
export { FLOAT_FIELDS, type ShownValue, firstValues, partsOfBytes, workedValue } from './values';
export { exactFraction, exactPower, type WorkedNumbers, workedLines, workedNumbers } from './worked';
export {
  type InspectView,
  SEED_SCALES,
  headerLines,
  inspectLines,
  lengthLines,
  sizeLines,
  tensorLines,
  valueLines,
  valueName,
} from './inspect';
export { inspectJson } from './json';
