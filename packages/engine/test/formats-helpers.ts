import { expect } from 'vitest';
import { type Issue, readSafetensors } from '../src/index';

/**
 * Safetensors files made byte by byte in the tests, independently of writeSafetensors: the 8 length
 * bytes written with DataView (little-endian u64), the header as the text given (or raw bytes), the
 * data as the bytes given.
 */
export function stFile(
  header: string | Uint8Array,
  data: ArrayLike<number> = [],
  length?: bigint,
): Uint8Array {
  const h = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(Array.from(data), 8 + h.length);
  return out;
}

/** One header entry as JSON text. */
export function entry(dtype: string, shape: number[], begin: number, end: number): string {
  return JSON.stringify({ dtype, shape, data_offsets: [begin, end] });
}

/** A header object from entries: `{"a": {...}, "b": {...}}`. */
export function headerOf(entries: Record<string, string>): string {
  return `{${Object.entries(entries)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(',')}}`;
}

/** Little-endian bytes of 16-bit patterns. */
export function u16Bytes(bits: readonly number[]): number[] {
  return bits.flatMap((b) => [b & 0xff, b >> 8]);
}

/** The issues readSafetensors gives (it must refuse the file). */
export function issuesOf(bytes: Uint8Array): Issue[] {
  const r = readSafetensors(bytes);
  if (r.ok) throw new Error('read as valid');
  return r.issues;
}

/** The one issue readSafetensors gives. */
export function oneIssue(bytes: Uint8Array): Issue {
  const issues = issuesOf(bytes);
  expect(issues).toHaveLength(1);
  return issues[0];
}
