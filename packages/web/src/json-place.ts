import type { PathPart } from '@unha/engine';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** A place in a text: its offset and, as an editor counts them, 1-based line and column. */
export interface Place {
  offset: number;
  line: number;
  column: number;
}

export function placeAt(text: string, offset: number): Place {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** What went wrong in JSON that does not parse, in the words the locale tables have (i18n's jsonSyntax). */
export type SyntaxProblem =
  'comma' | 'colon' | 'name' | 'value' | 'close' | 'after' | 'string' | 'comment' | 'symbol';

const KIND: Record<string, SyntaxProblem> = {
  CommaExpected: 'comma',
  CloseBraceExpected: 'close',
  CloseBracketExpected: 'close',
  ColonExpected: 'colon',
  PropertyNameExpected: 'name',
  ValueExpected: 'value',
  EndOfFileExpected: 'after',
  UnexpectedEndOfString: 'string',
  InvalidCommentToken: 'comment',
  UnexpectedEndOfComment: 'comment',
};

/**
 * Where JSON.parse's "no" comes from, as a line and column: jsonc-parser's scanner (the one VS Code
 * uses) in strict mode (no comments, no trailing commas) reports each error with its offset, which
 * the browser's JSON.parse does not give in any portable way. Undefined when the text is valid JSON.
 */
export function syntaxError(text: string): { place: Place; problem: SyntaxProblem } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    // Not JSON: find where below.
  }
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { place: placeAt(text, 0), problem: 'symbol' };
  return { place: placeAt(text, first.offset), problem: KIND[printParseErrorCode(first.error)] ?? 'symbol' };
}

/**
 * Where a field named by an issue's path is written: its value, or for a missing field the nearest
 * object or array around it that is there. Undefined when the text does not parse.
 */
export function placeOfPath(text: string, path: PathPart[]): Place | undefined {
  const root = parseTree(text, [], { disallowComments: true });
  if (!root) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return placeAt(text, node.offset);
  }
  return undefined;
}
