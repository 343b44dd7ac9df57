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
  | 'csv_ragged';

export type PathPart = string | number;

export interface Issue {
  code: IssueCode;
  /** Where in the file: ['model', 'layers', 0, 'activation']. */
  path: PathPart[];
  /** What the field should have been, in neutral tokens the locales translate: 'number', 'one of: sgd, adam', '[1][2]'. */
  expected?: string;
  /** What was found, shown verbatim (quoted). */
  received?: string;
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

/** `model.layers[0].activation` */
export function formatPath(path: PathPart[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s === '' ? '(root)' : s;
}
