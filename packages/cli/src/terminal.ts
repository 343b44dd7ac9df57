import stringWidth from 'string-width';

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor, title and
 * clear-screen sequences; BEL ends OSC ones; CR overwrites a line), DEL, C1 controls (U+009B is a
 * one-byte CSI), and the bidirectional controls that reorder the text around them (U+202E shows
 * "txt.exe" as "exe.txt"). A file name, a CSV header or a model's input names can hold any of them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this module's purpose
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_NEWLINE = new RegExp(`${UNSAFE.source}|\\n`, 'g');

/**
 * `\u001b` for ESC: readable in a message and, inside a JSON string (`--json`), the JSON escape of
 * the very same character, so escaping JSON output loses nothing.
 */
const shown = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every control and bidi character written as `\uXXXX`; newlines kept unless said. */
export function escapeControls(s: string, { newlines = true }: { newlines?: boolean } = {}): string {
  return s.replace(newlines ? UNSAFE : UNSAFE_OR_NEWLINE, shown);
}

/** The styles the CLI itself writes on a terminal (explain's bold and dim): kept, nothing else. */
// eslint-disable-next-line no-control-regex -- the escape sequences the CLI writes itself
const OWN_STYLES = /\x1b\[(?:1|2|22)m/g;

/**
 * What goes to stdout: control characters escaped, except, when `colour` is on, the CLI's own
 * styles. A user's string holding those same bytes can at most make text bold on a terminal.
 */
export function terminalSafe(s: string, colour: boolean): string {
  if (!colour) return escapeControls(s);
  let out = '';
  let last = 0;
  for (const m of s.matchAll(OWN_STYLES)) {
    out += escapeControls(s.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeControls(s.slice(last));
}

/**
 * Columns a string takes on a terminal, as it will be shown (after escaping): a combining accent
 * takes none, a CJK ideograph or an emoji two. string-width segments grapheme clusters
 * (Intl.Segmenter) and reads Unicode's East Asian Width table, which is what terminals follow.
 */
export function displayWidth(s: string): number {
  return stringWidth(escapeControls(s, { newlines: false }), { countAnsiEscapeCodes: true });
}

/** Right-aligns s in n terminal columns. */
export function padStart(s: string, n: number): string {
  const len = displayWidth(s);
  return len >= n ? s : ' '.repeat(n - len) + s;
}

/** Left-aligns s in n terminal columns. */
export function padEnd(s: string, n: number): string {
  const len = displayWidth(s);
  return len >= n ? s : s + ' '.repeat(n - len);
}
