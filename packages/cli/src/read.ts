import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as jsonc from 'jsonc-parser';
import { decodeText } from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { UserError } from './errors';
import { type Words, words } from './words';

/**
 * The largest files the CLI reads. An experiment or a model is a few kilobytes (a 10 000-example
 * data set inlined as JSON is about 1 MB); the limits stop a wrong file (a video, a disk image,
 * /dev/zero) before it fills the memory, and say so.
 */
export const LIMITS = { json: 50_000_000, csv: 100_000_000 } as const;

/** "62.3 MB" in the locale's digits (decimal megabytes, as `ls -h --si` and file managers show). */
export function megabytes(bytes: number, locale: Locale): string {
  const f = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', { maximumFractionDigits: 1 });
  return `${f.format(bytes / 1e6)} MB`;
}

function unreadable(path: string, e: unknown, w: Words): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? w.noSuchFile
      : code === 'EISDIR'
        ? w.isDirectory
        : code === 'EACCES' || code === 'EPERM'
          ? w.noPermission
          : (code ?? String(e));
  return new UserError([w.fileUnreadable(path, why)]);
}

/**
 * The bytes of a file, at most `limit` of them: the size is checked before reading (fstat), and a
 * pipe or a device that has no size stops being read past the limit. Every failure is words.
 */
export function readBytes(path: string, limit: number, locale: Locale): Buffer {
  const w = words(locale);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw unreadable(path, e, w);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserError([w.fileUnreadable(path, w.isDirectory)]);
    // A size that rounds to the limit (or a stream cut at it) is said as "more than 50 MB".
    const tooLarge = (size: number): UserError => {
      const [shown, max] = [megabytes(size, locale), megabytes(limit, locale)];
      return new UserError([w.tooLarge(path, shown === max ? w.moreThan(max) : shown, max)]);
    };
    if (st.isFile() && st.size > limit) throw tooLarge(st.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(total);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw unreadable(path, e, w);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a text file of at most `limit` bytes, decoded as every reader decodes (the engine's
 * decodeText: byte-order marks, UTF-16 without one, Windows-1252 for bytes that are not UTF-8); what
 * cannot be read or is not text becomes words in `locale`.
 */
export function readText(path: string, locale: Locale, limit: number = LIMITS.json): string {
  const r = decodeText(readBytes(path, limit, locale));
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.value;
}

/** jsonc-parser's error codes, as the words that say them. */
const JSON_WORDS: Record<string, keyof Words['json']> = {
  InvalidSymbol: 'symbol',
  InvalidNumberFormat: 'number',
  UnexpectedEndOfNumber: 'number',
  PropertyNameExpected: 'propertyName',
  ValueExpected: 'value',
  ColonExpected: 'colon',
  CommaExpected: 'comma',
  CloseBraceExpected: 'closeBrace',
  CloseBracketExpected: 'closeBracket',
  EndOfFileExpected: 'endOfFile',
  InvalidCommentToken: 'comment',
  UnexpectedEndOfComment: 'comment',
  UnexpectedEndOfString: 'endOfText',
  InvalidUnicode: 'escape',
  InvalidEscapeCharacter: 'escape',
  InvalidCharacter: 'character',
};

/**
 * Where and why `text` is not JSON, in one line. JSON.parse decides whether it is (its message is
 * English, spans lines and quotes raw bytes); jsonc-parser, strict (no comments, no trailing comma),
 * finds the first error's line and column.
 */
function jsonError(path: string, text: string, locale: Locale): string {
  const w = words(locale);
  if (text.trim() === '') return w.notJsonAt(path, 1, 1, w.json.empty);
  let found: { code: string; offset: number; line: number; character: number } | undefined;
  try {
    jsonc.visit(
      text,
      {
        onError: (code, offset, _length, line, character) => {
          found ??= { code: jsonc.printParseErrorCode(code), offset, line, character };
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch {
    // jsonc-parser recurses: a file nested a million deep overflows it. The file is still not JSON.
  }
  if (!found) return w.notJson(path, w.json.unknown);
  const lineStart = found.offset - found.character;
  const column = [...text.slice(lineStart, found.offset)].length + 1;
  return w.notJsonAt(path, found.line + 1, column, w.json[JSON_WORDS[found.code] ?? 'unknown']);
}

/** The value of a JSON text, or one located line saying why it is not JSON. */
export function parseJson(path: string, text: string, locale: Locale): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserError([jsonError(path, text, locale)]);
  }
}
