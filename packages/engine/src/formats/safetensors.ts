import { show } from '../check';
import type { Issue, PathPart } from '../errors';
import { depthIssue } from '../limits';

/**
 * The safetensors format (huggingface/safetensors, the format's own README), read and written by hand:
 *
 *   bytes 0..7      N, the header's length in bytes, an unsigned 64-bit little-endian integer
 *   bytes 8..8+N    the header: UTF-8 JSON, {"name": {"dtype": "F32", "shape": [r, c],
 *                   "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "text", ...}}
 *   the rest        the data: every tensor's values, row by row, little-endian, at [begin, end)
 *                   counted from the data's first byte; the tensors cover it without gaps or overlaps.
 *
 * Reading checks every number the header states against the file before anything is allocated: a
 * truncated file, offsets that lie, a shape that does not fit its bytes, an unknown dtype, a huge header
 * length or a header that is not UTF-8 each give one issue with its place, never a read past the end.
 */

/** The dtypes read here; the first two are also written. F16 and BF16 are widened exactly. */
export const SAFETENSORS_DTYPES = ['F64', 'F32', 'F16', 'BF16'] as const;
export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];
export type SafetensorsWriteDtype = 'F64' | 'F32';

const BYTES: Record<SafetensorsDtype, number> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/** The header length the format's own library accepts at most (100 MB); a longer one is refused unread. */
export const MAX_HEADER_BYTES = 100_000_000;
/** The values one file may hold: as many as the largest model the lab trains (the GPT limit) and more. */
export const MAX_FILE_VALUES = 50_000_000;

export interface TensorIn {
  name: string;
  shape: readonly number[];
  /** Row-major values; written as the file's dtype (F32 rounds each to the nearest float32). */
  values: ArrayLike<number>;
}

export interface SafetensorsTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** The values widened to float64 (exact for every dtype read). */
  values: Float64Array;
  /** Byte offsets inside the data section, as the header states them. */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  /** N: the header's length in bytes. */
  headerBytes: number;
  /** The header as written (JSON text, with any padding spaces). */
  header: string;
  metadata: Record<string, string>;
  /** In the order of their data (by begin). */
  tensors: SafetensorsTensor[];
  /** The file's length in bytes. */
  fileBytes: number;
}

export type SafetensorsResult = { ok: true; value: SafetensorsFile } | { ok: false; issues: Issue[] };

/**
 * Writes tensors, in the given order, as one safetensors file. The header is padded with spaces to a
 * multiple of 8 bytes (as the format's library does) so that every F64 value starts on an 8-byte
 * boundary of the file.
 */
export function writeSafetensors(
  tensors: readonly TensorIn[],
  dtype: SafetensorsWriteDtype,
  metadata: Record<string, string> = {},
): Uint8Array {
  const size = BYTES[dtype];
  // No prototype: a tensor named "constructor" or "__proto__" is a name like any other.
  const header = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let at = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.values.length)
      throw new Error(
        `writeSafetensors: ${t.name} has ${t.values.length} values for shape [${t.shape.join(', ')}]`,
      );
    if (t.name === '__metadata__' || t.name in header) throw new Error(`writeSafetensors: ${t.name} twice`);
    header[t.name] = { dtype, shape: [...t.shape], data_offsets: [at, at + count * size] };
    at += count * size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + at);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const t of tensors)
    for (let i = 0; i < t.values.length; i++, pos += size)
      if (dtype === 'F64') view.setFloat64(pos, t.values[i], true);
      else view.setFloat32(pos, t.values[i], true);
  return out;
}

/** A float16 (1 sign, 5 exponent, 10 mantissa bits) as the number it is. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

const bfBits = new Uint32Array(1);
const bfFloat = new Float32Array(bfBits.buffer);
/** A bfloat16 is the upper half of a float32: shifted back into place, it is that float32. */
function bf16(bits: number): number {
  bfBits[0] = bits << 16;
  return bfFloat[0];
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a safetensors file, checking it whole. Paths in the issues: `header_size` (the first 8 bytes),
 * `header` (its text), `header["name"].dtype|shape|data_offsets`, `header.__metadata__["key"]`, `data`.
 */
export function readSafetensors(bytes: Uint8Array, maxValues: number = MAX_FILE_VALUES): SafetensorsResult {
  const issues: Issue[] = [];
  const fail = (i: Issue): SafetensorsResult => ({ ok: false, issues: [i] });
  if (bytes.length < 8)
    return fail({
      code: 'truncated',
      path: ['header_size'],
      expected: { key: 'bytes', n: 8, atLeast: true },
      found: { key: 'bytesThere', n: bytes.length, where: 'file' },
    });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (n > MAX_HEADER_BYTES)
    return fail({
      code: 'too_large',
      path: ['header_size'],
      // Past 2^53 the length is not held exactly by a number: say it is too large without misquoting it.
      expected: {
        key: 'limit',
        what: 'headerBytes',
        limit: MAX_HEADER_BYTES,
        ...(Number.isSafeInteger(n) && { needed: n }),
      },
    });
  // The length field is whole; the header it announces is what the file lacks.
  if (n > bytes.length - 8)
    return fail({
      code: 'truncated',
      path: ['header'],
      expected: { key: 'announced', n },
      found: { key: 'bytesThere', n: bytes.length - 8, where: 'afterLength' },
    });
  if (n < 2) return fail({ code: 'empty', path: ['header'], expected: { key: 'object' } });
  let header: string;
  try {
    header = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    return fail({ code: 'encoding', path: ['header'], expected: { key: 'utf8' } });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    // JSON.parse's message is English and quotes raw bytes of the file: the path alone says where.
    return fail({ code: 'not_json', path: ['header'] });
  }
  if (!isObj(parsed)) return fail({ code: 'wrong_type', path: ['header'], expected: { key: 'object' } });
  const deep = depthIssue(parsed, 4);
  if (deep) return fail({ ...deep, path: ['header', ...deep.path] });

  const dataBytes = bytes.length - 8 - n;
  // No prototype: a metadata key "__proto__" is kept as a key, not taken as the object's prototype.
  const metadata = Object.create(null) as Record<string, string>;
  const entries: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] =
    [];
  let total = 0;
  for (const [name, entry] of Object.entries(parsed)) {
    const path: PathPart[] = ['header', name];
    if (name === '__metadata__') {
      if (!isObj(entry)) issues.push({ code: 'wrong_type', path, expected: { key: 'textMap' } });
      else
        for (const [k, v] of Object.entries(entry))
          if (typeof v !== 'string')
            issues.push({
              code: 'wrong_type',
              path: [...path, k],
              expected: { key: 'text' },
              received: show(v),
            });
          else metadata[k] = v;
      continue;
    }
    if (!isObj(entry)) {
      issues.push({
        code: 'wrong_type',
        path,
        expected: { key: 'objectWith', fields: ['dtype', 'shape', 'data_offsets'] },
      });
      continue;
    }
    for (const k of Object.keys(entry))
      if (k !== 'dtype' && k !== 'shape' && k !== 'data_offsets')
        issues.push({
          code: 'unknown_field',
          path: [...path, k],
          expected: { key: 'fields', values: ['dtype', 'shape', 'data_offsets'] },
        });
    const before = issues.length;
    const dtype = entry.dtype;
    if (dtype === undefined)
      issues.push({
        code: 'missing',
        path: [...path, 'dtype'],
        expected: { key: 'oneOf', values: [...SAFETENSORS_DTYPES] },
      });
    else if (!(SAFETENSORS_DTYPES as readonly unknown[]).includes(dtype))
      issues.push({
        code: 'unknown_value',
        path: [...path, 'dtype'],
        received: show(dtype),
        expected: { key: 'oneOf', values: [...SAFETENSORS_DTYPES] },
      });
    const shape = entry.shape;
    let count = 1;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
      issues.push({
        code: 'wrong_type',
        path: [...path, 'shape'],
        expected: { key: 'dims' },
        received: show(shape),
      });
    else {
      for (const d of shape as number[]) count = Math.min(count * d, Number.MAX_SAFE_INTEGER);
      if (shape.length > 4)
        issues.push({
          code: 'too_large',
          path: [...path, 'shape'],
          expected: { key: 'limit', what: 'dims', limit: 4, needed: shape.length },
        });
    }
    const off = entry.data_offsets;
    const offOk =
      Array.isArray(off) &&
      off.length === 2 &&
      off.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) &&
      (off[0] as number) <= (off[1] as number);
    if (!offOk)
      issues.push({
        code: 'wrong_type',
        path: [...path, 'data_offsets'],
        expected: { key: 'offsets' },
        received: show(off),
      });
    if (issues.length > before) continue;
    const d = dtype as SafetensorsDtype;
    const [begin, end] = off as [number, number];
    if (end - begin !== count * BYTES[d]) {
      issues.push({
        code: 'shape',
        path: [...path, 'data_offsets'],
        expected: { key: 'bytes', n: count * BYTES[d], shape: shape as number[], dtype: d },
        found: { key: 'bytes', n: end - begin },
      });
      continue;
    }
    total += count;
    entries.push({ name, dtype: d, shape: shape as number[], begin, end });
  }
  if (issues.length > 0) return { ok: false, issues };
  if (total > maxValues)
    return fail({
      code: 'too_large',
      path: ['header'],
      expected: { key: 'limit', what: 'fileValues', limit: maxValues, needed: total },
    });
  // The tensors tile the data from byte 0 to its end, each right after the one before.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of entries) {
    if (e.begin !== at) {
      issues.push({
        code: 'out_of_range',
        path: ['header', e.name, 'data_offsets'],
        received: JSON.stringify([e.begin, e.end]),
        expected: { key: 'offsetFrom', n: at },
      });
      return { ok: false, issues };
    }
    if (e.end > dataBytes)
      return fail({
        code: 'truncated',
        path: ['header', e.name, 'data_offsets'],
        expected: { key: 'bytes', n: e.end, atLeast: false },
        found: { key: 'bytesThere', n: dataBytes, where: 'afterHeader' },
      });
    at = e.end;
  }
  if (at !== dataBytes)
    return fail({
      code: 'shape',
      path: ['data'],
      expected: { key: 'bytes', n: at },
      found: { key: 'bytes', n: dataBytes },
    });

  const tensors: SafetensorsTensor[] = entries.map((e) => {
    const size = BYTES[e.dtype];
    const values = new Float64Array((e.end - e.begin) / size);
    const base = 8 + n + e.begin;
    for (let i = 0, p = base; i < values.length; i++, p += size)
      values[i] =
        e.dtype === 'F64'
          ? view.getFloat64(p, true)
          : e.dtype === 'F32'
            ? view.getFloat32(p, true)
            : e.dtype === 'F16'
              ? half(view.getUint16(p, true))
              : bf16(view.getUint16(p, true));
    return { ...e, values };
  });
  return { ok: true, value: { headerBytes: n, header, metadata, tensors, fileBytes: bytes.length } };
}
