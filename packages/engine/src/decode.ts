import type { Issue } from './errors';

export type DecodeResult =
  { ok: true; value: string; encoding: TextEncoding } | { ok: false; issues: Issue[] };
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const refused = (): DecodeResult => ({
  ok: false,
  issues: [{ code: 'encoding', path: [], expected: { key: 'textEncoding' } }],
});

/** UTF-16 big-endian as little-endian: the same code units with their two bytes swapped. */
function swapped(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

function decode(bytes: Uint8Array, encoding: TextEncoding): DecodeResult {
  try {
    const raw = encoding === 'utf-16be' ? swapped(bytes) : bytes;
    const label = encoding === 'utf-16be' ? 'utf-16le' : encoding;
    // fatal: a broken sequence is refused, never turned silently into U+FFFD.
    const value = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(raw);
    // A NUL left in decoded text is binary data, not a table a spreadsheet wrote.
    return value.includes('\0') ? refused() : { ok: true, value, encoding };
  } catch {
    return refused();
  }
}

/**
 * The text of a file's bytes, where the bytes are read (the CLI's file, the web lab's dropped file),
 * so that every reader decodes the same way:
 * - a byte-order mark says the encoding: EF BB BF UTF-8, FF FE UTF-16LE, FE FF UTF-16BE (dropped);
 * - without one, NUL bytes at every other position are UTF-16 text (what Excel's "Unicode text"
 *   writes): NULs at odd positions are little-endian ('a' is 61 00), at even ones big-endian;
 * - otherwise UTF-8, and bytes that are not UTF-8 are read as Windows-1252 (what Excel writes for a
 *   "CSV" in Portuguese Windows: "média" is 6D E9 64 69 61);
 * - anything else that holds NUL bytes is not text: an `encoding` issue.
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decode(b.subarray(3), 'utf-8');
  if (b[0] === 0xff && b[1] === 0xfe) return decode(b.subarray(2), 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return decode(b.subarray(2), 'utf-16be');
  const sample = b.subarray(0, 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  if (evenNul + oddNul > 0) {
    const pairs = Math.floor(sample.length / 2);
    // Mostly ASCII text in UTF-16: about every second byte is NUL, nearly all on one side (a
    // character such as U+4E00 puts a NUL on the other side now and then).
    if (oddNul >= pairs / 4 && evenNul <= oddNul / 8) return decode(b, 'utf-16le');
    if (evenNul >= pairs / 4 && oddNul <= evenNul / 8) return decode(b, 'utf-16be');
    return refused();
  }
  const utf8 = decode(b, 'utf-8');
  return utf8.ok ? utf8 : decode(b, 'windows-1252');
}
