export interface CsvRecord {
  /** The 1-based line the record starts on (a quoted field may run over several lines). */
  line: number;
  fields: string[];
  /** True for a line with nothing but blanks: skipped. */
  blank: boolean;
}

const BLANK = /\s/;

/**
 * The records of a CSV text by RFC 4180: a field in double quotes may hold separators, line breaks
 * and quotes (written twice); a record ends at a line break outside quotes. Two leniencies spreadsheets
 * and hand-typed files need: blanks around a field (outside its quotes) are dropped, and a line with
 * nothing but blanks is skipped. A small state machine rather than a library: we need the line each
 * record starts on for every message, the same code in the browser, and nothing more; the tests hold
 * it to Python's csv module. `onRecord` returns false to stop early.
 */
export function readRecords(
  text: string,
  sep: string,
  onRecord: (r: CsvRecord) => boolean,
): { unclosedQuote?: number } {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    // Characters of `field` up to `kept` came from inside quotes: trailing blanks are trimmed after it only.
    let kept = 0;
    let hadQuote = false;
    let quoted = false;
    let blank = true;
    let quoteLine = 0;
    for (; i < n; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            quoted = false;
            kept = field.length;
          }
        } else {
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
        }
      } else if (c === '"') {
        quoted = true;
        hadQuote = true;
        blank = false;
        quoteLine = line;
      } else if (c === sep) {
        fields.push(field.slice(0, kept) + field.slice(kept).trimEnd());
        field = '';
        kept = 0;
        hadQuote = false;
        blank = false;
      } else if (c === '\n' || c === '\r') {
        line++;
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        break;
      } else if (field.length === 0 && !hadQuote && BLANK.test(c)) {
        // a blank before the field's first character
      } else {
        field += c;
        blank = false;
      }
    }
    if (quoted) return { unclosedQuote: quoteLine };
    fields.push(field.slice(0, kept) + field.slice(kept).trimEnd());
    if (!onRecord({ line: start, fields, blank })) break;
  }
  return {};
}

/** The separator: the first of `;`, tab, `,` found outside quotes in the header record. */
export function detectSeparator(text: string, from: number): ',' | ';' | '\t' {
  let quoted = false;
  const found = new Set<string>();
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted) found.add(c);
  }
  return found.has(';') ? ';' : found.has('\t') ? '\t' : ',';
}
