import { type Issue, formatPath } from '@unha/engine';
import type { Locale } from './format';
import { expectedText, issueWords } from './locales/issues';

/**
 * One issue as a sentence in the user's language naming the file, the field and what was expected:
 * "exp.json: model.layers[0].activation has an unknown value: "foo"; expected one of: identity, relu, tanh, sigmoid".
 * Every word comes from the locale's table (locales/issues.ts); values from the file are quoted as found.
 */
export function renderIssue(issue: Issue, source: string, locale: Locale): string {
  const w = issueWords(locale);
  const where =
    issue.line !== undefined
      ? `${source}:${issue.line}${issue.column ? ` (${w.column} ${issue.column})` : ''}`
      : source;
  // A problem inside a CSV is about a row, the header or a value there, not about the whole file.
  const lineField =
    issue.code === 'csv_ragged'
      ? w.theRow
      : issue.line !== undefined && (issue.code === 'duplicate' || (issue.code === 'empty' && issue.column))
        ? w.theHeader
        : issue.line !== undefined && issue.column !== undefined
          ? w.theValue
          : undefined;
  const field = issue.path.length > 0 ? formatPath(issue.path) : (lineField ?? w.theFile);
  let s = `${where}: ${field} ${w.codes[issue.code]}`;
  if (issue.received !== undefined) s += `: ${issue.received}`;
  else if (issue.found !== undefined) s += `: ${expectedText(issue.found, locale)}`;
  if (issue.expected !== undefined) s += `; ${w.expectedLabel} ${expectedText(issue.expected, locale)}`;
  return s;
}
