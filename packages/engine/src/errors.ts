/**
 * Errors are data first, words second: a stable code, the path of the bad field and what was expected.
 * The words, in the user's language, are chosen by the renderers (explain/src/issues.ts).
 */
export type IssueCode =
  | 'not_json'
  | 'missing'
  | 'wrong_type'
  | 'unknown_value'
  | 'not_finite'
  | 'out_of_range'
  | 'not_integer'
  | 'empty'
  | 'ragged'
  | 'shape'
  | 'unknown_field'
  | 'file_unreadable'
  | 'csv_column'
  | 'csv_value'
  | 'csv_ragged'
  /** A quoted CSV field whose closing quote never comes. */
  | 'csv_quote'
  /** A size beyond a documented limit (parameters, activations, CSV cells): refused before allocating. */
  | 'too_large'
  /** Values nested deeper than any field needs (checked first, without recursion). */
  | 'too_deep'
  /** A CSV header names a column twice. */
  | 'duplicate'
  /** Bytes that are not text in an encoding we read (UTF-8, UTF-16 with or without a byte-order mark). */
  | 'encoding'
  /** A binary file that ends before the bytes its own header announces. */
  | 'truncated'
  /** One parameter under two names in a file (with and without torch.compile's prefix). */
  | 'twice'
  /** A tensor in a weights file whose shape is not the one the model's parameter of that name has. */
  | 'model_shape';

export type PathPart = string | number;

/**
 * What a field should have been, as a key and its parameters: no words here, so that each locale
 * words every key (explain/src/locales/issues.ts) and no English leaks into another language.
 * Names (`values`, `fields`) are the file's own tokens (field names, enum values), shown verbatim.
 */
export interface ExpectedParams {
  number: object;
  integer: object;
  finiteNumber: object;
  text: object;
  boolean: object;
  object: object;
  /** An array of rows of numbers (a matrix). */
  rows: object;
  /** A number in a CSV cell. */
  cellNumber: object;
  /** An array of numbers; of n numbers when n is given. */
  numberArray: { n?: number | undefined };
  stringArray: object;
  layerArray: object;
  atLeastOne: { what: 'row' | 'number' | 'layer' | 'column' | 'rowAfterHeader' | 'word' };
  atLeastTwoColumns: object;
  headerAndRows: object;
  /** One of the listed values. */
  oneOf: { values: string[] };
  /** One of the listed field names (for an unknown field). */
  fields: { values: string[] };
  /** An object with the listed fields. */
  objectWith: { fields: string[] };
  bound: { op: '>' | '≥' | '≤'; value: number };
  /** A value as written in JSON, verbatim: "unha-model", 1. */
  literal: { value: string };
  /** A count of something: 3 values, 2 names, 4 rows, ... */
  count: {
    n: number;
    of:
      | 'values'
      | 'valuesPerRow'
      | 'numbers'
      | 'numbersPerUnit'
      | 'names'
      | 'rows'
      | 'rowsPerInput'
      | 'unitsPerTarget'
      | 'fields'
      | 'columns';
  };
  /** A weight matrix's shape [units][inputs] of a layer. */
  weightShape: { rows: number; cols: number; layer?: number };
  noOutputDropout: object;
  /** The parameters of n layers (W1, b1, ... Wn, bn). */
  layerParams: { layers: number };
  /** {"seed": n} or the initial values W1, b1, ... */
  seedOrInitial: object;
  /** Parameter names W1, b1, W2, b2, ...; or seed too when `seed` is true. */
  paramNames: { seed: boolean };
  /** A size limit: at most `limit` of `what`; `needed` is what the file asks for. */
  limit: {
    what:
      | 'parameters'
      | 'activations'
      | 'recorded'
      | 'cells'
      | 'depth'
      | 'headerBytes'
      | 'fileValues'
      | 'dims'
      | 'fileBytes';
    limit: number;
    needed?: number;
  };
  /** The quote that closes a quoted field. */
  closingQuote: object;
  /** Text in UTF-8 or UTF-16. */
  textEncoding: object;
  /** A column name not used before (a header names each column once). */
  uniqueName: object;
  /** A column name that is not empty. */
  columnName: object;
  /** A word of a word list: not empty, without the boundary token ".". */
  word: object;
  /** Exactly one of the listed fields (where the words come from). */
  oneSource: { fields: string[] };
  /** units "vocab" only in the last layer. */
  vocabLast: object;
  /** The first layer looks the characters up: an embedding (or the counting model). */
  firstLayer: object;
  /** The counting model is the only layer. */
  onlyLayer: object;
  /** A model whose output has one value per character of the vocabulary. */
  outputVocab: { n: number };
  /** An embedding alone is the neural bigram: dim = vocabulary size and context 1. */
  bigramTable: { n: number };
  /** Fractions that add up to at most 1. */
  fractionsSum: object;
  /** A number that divides n (the heads divide the width). */
  divisorOf: { n: number };
  /** A text that is not empty. */
  nonEmptyText: object;
  /** A text with at least `n` tokens for training (block + 1). */
  textLength: { n: number };
  /** A count of bytes; at least n when `atLeast`; the bytes of a tensor of this shape and dtype when given. */
  bytes: { n: number; atLeast?: boolean; shape?: number[]; dtype?: string };
  /**
   * Bytes that are there: in the whole file (`file`), after its 8 length bytes (`afterLength`) or
   * after its header (`afterHeader`, the data).
   */
  bytesThere: { n: number; where: 'file' | 'afterLength' | 'afterHeader' };
  /** A safetensors header of n bytes, the length its first 8 bytes announce. */
  announced: { n: number };
  /** Text in UTF-8 (a safetensors header). */
  utf8: object;
  /** An object whose values are all texts (safetensors' __metadata__). */
  textMap: object;
  /** A tensor's shape: an array of whole numbers ≥ 0. */
  dims: object;
  /** A tensor's [begin, end] byte offsets, whole numbers with begin ≤ end. */
  offsets: object;
  /** A tensor's data starting at byte n, right after the one before it (no gaps, no overlaps). */
  offsetFrom: { n: number };
  /** A tensor of this shape (the model's parameter of that name). */
  tensorShape: { shape: number[] };
  /** One of the model's parameter names (the first few listed; `more` not shown). */
  tensorNames: { names: string[]; more: number };
  /** lm_head.weight equal to transformer.wte.weight (the GPT's head is tied to its embedding). */
  tiedHead: object;
}

export type ExpectedKey = keyof ExpectedParams;
export type Expected = { [K in ExpectedKey]: { key: K } & ExpectedParams[K] }[ExpectedKey];

export interface Issue {
  code: IssueCode;
  /** Where in the file: ['model', 'layers', 0, 'activation']. */
  path: PathPart[];
  /** What the field should have been: a key with its numbers and names; the locales word it. */
  expected?: Expected;
  /** What was found, shown verbatim (quoted JSON, or the text of a CSV cell). */
  received?: string;
  /** What was found when it is a size, not a value from the file ("2 rows"): worded like `expected`. */
  found?: Expected;
  /** For files read line by line (CSV): 1-based line and column. */
  line?: number;
  column?: string;
}

/** Thrown when input (a file, a flag) is wrong; carries every issue found, not only the first. */
export class UnhaInputError extends Error {
  readonly issues: Issue[];
  readonly source: string;
  constructor(source: string, issues: Issue[]) {
    super(`${source}: ${issues.map((i) => `${formatPath(i.path)} ${i.code}`).join('; ')}`);
    this.name = 'UnhaInputError';
    this.source = source;
    this.issues = issues;
  }
}

/** A key as a name when it is one, else quoted with its control and bidirectional characters escaped. */
function keyText(key: string): string | undefined {
  if (/^[\p{L}\p{N}_$]+$/u.test(key)) return undefined;
  return JSON.stringify(key).replace(
    /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `model.layers[0].activation`; a key that is not a plain name is quoted: `model.init[""]`. */
export function formatPath(path: PathPart[]): string {
  let s = '';
  for (const p of path) {
    const quoted = typeof p === 'string' ? keyText(p) : undefined;
    s += typeof p === 'number' ? `[${p}]` : quoted ? `[${quoted}]` : s === '' ? p : `.${p}`;
  }
  return s === '' ? '(root)' : s;
}
