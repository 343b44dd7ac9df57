import type { SafetensorsFile } from './safetensors';

/**
 * A safetensors file taken apart the way the `inside-the-file` lesson reads it: the 8 bytes of the
 * header's length, the header, where each tensor's bytes sit in the file, and the first values as the
 * bytes on disk and as sign, exponent and mantissa. Pure data: the CLI and the web lab word it.
 */

/** An IEEE 754 number taken apart: (−1)^sign × (1 + mantissa/2^m) × 2^(exponent − bias) when normal. */
export interface FloatParts {
  value: number;
  /** The bytes as they lie in the file (little-endian: the lowest byte first). */
  bytes: number[];
  /** The bits from the most significant (the sign) to the least. */
  bits: string;
  sign: 0 | 1;
  /** The exponent field as stored, and the bias subtracted from it (127 for float32, 1023 for float64). */
  exponent: number;
  bias: number;
  /** The mantissa field as a whole number, and how many bits it has (23 or 52). */
  mantissa: number;
  mantissaBits: number;
  kind: 'zero' | 'subnormal' | 'normal' | 'infinity' | 'nan';
}

/** Sign, exponent and mantissa widths (in bits) and the size in bytes of each float dtype of a file. */
export const FLOAT_LAYOUTS: Readonly<Record<string, { bytes: number; exponent: number; mantissa: number }>> =
  {
    F64: { bytes: 8, exponent: 11, mantissa: 52 },
    F32: { bytes: 4, exponent: 8, mantissa: 23 },
    F16: { bytes: 2, exponent: 5, mantissa: 10 },
    BF16: { bytes: 2, exponent: 8, mantissa: 7 },
  };

/**
 * A float taken apart from its little-endian bytes as they lie in the file (F64, F32, F16 or BF16):
 * the fields come from the bits themselves, so a 16-bit value or a NaN's payload is shown as stored.
 */
export function floatPartsOfBytes(bytes: readonly number[], dtype: string): FloatParts {
  const f = Object.hasOwn(FLOAT_LAYOUTS, dtype) ? FLOAT_LAYOUTS[dtype] : undefined;
  if (!f || bytes.length !== f.bytes) throw new Error(`floatPartsOfBytes: ${bytes.length} bytes of ${dtype}`);
  const bits = [...bytes]
    .reverse()
    .map((b) => b.toString(2).padStart(8, '0'))
    .join('');
  const exponent = parseInt(bits.slice(1, 1 + f.exponent), 2);
  const mantissa = parseInt(bits.slice(1 + f.exponent), 2);
  const max = 2 ** f.exponent - 1;
  const kind: FloatParts['kind'] =
    exponent === max
      ? mantissa === 0
        ? 'infinity'
        : 'nan'
      : exponent === 0
        ? mantissa === 0
          ? 'zero'
          : 'subnormal'
        : 'normal';
  const p: FloatParts = {
    value: 0,
    bytes: [...bytes],
    bits,
    sign: bits[0] === '1' ? 1 : 0,
    exponent,
    bias: 2 ** (f.exponent - 1) - 1,
    mantissa,
    mantissaBits: f.mantissa,
    kind,
  };
  // fromParts is exact for every finite value of these four dtypes (a double holds each of them).
  return { ...p, value: fromParts(p) };
}

/** A float32 (the value is rounded to the nearest float32 first) taken apart. */
export function float32Parts(x: number): FloatParts {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  return floatPartsOfBytes(Array.from(new Uint8Array(dv.buffer)), 'F32');
}

/** A float64 taken apart. */
export function float64Parts(x: number): FloatParts {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return floatPartsOfBytes(Array.from(new Uint8Array(dv.buffer)), 'F64');
}

/** A float16 from its 16 bits (1 sign, 5 exponent with bias 15, 10 mantissa bits) taken apart. */
export function float16Parts(bits16: number): FloatParts {
  return floatPartsOfBytes([bits16 & 0xff, (bits16 >> 8) & 0xff], 'F16');
}

/** A bfloat16 from its 16 bits (the top half of a float32: 8 exponent bits, 7 mantissa bits) taken apart. */
export function bfloat16Parts(bits16: number): FloatParts {
  return floatPartsOfBytes([bits16 & 0xff, (bits16 >> 8) & 0xff], 'BF16');
}

/** The number the parts stand for, computed from the fields alone (the lesson's hand calculation). */
export function fromParts(p: FloatParts): number {
  const s = p.sign === 1 ? -1 : 1;
  const f = p.mantissa / 2 ** p.mantissaBits;
  if (p.kind === 'normal') return s * (1 + f) * 2 ** (p.exponent - p.bias);
  if (p.kind === 'subnormal') return s * f * 2 ** (1 - p.bias);
  if (p.kind === 'zero') return s * 0;
  return p.kind === 'infinity' ? s * Infinity : NaN;
}

export interface TensorPlace {
  name: string;
  dtype: string;
  shape: number[];
  values: number;
  /** Where its bytes are in the file: the header's offsets plus 8 + N. */
  fileBegin: number;
  fileEnd: number;
}

export interface FileAnatomy {
  fileBytes: number;
  /** The first 8 bytes of the file: N, little-endian. */
  lengthBytes: number[];
  headerBytes: number;
  /** The header's JSON as written. */
  header: string;
  /** The first byte of the data: 8 + N. */
  dataStart: number;
  tensors: TensorPlace[];
  /** Every value of every tensor. */
  totalValues: number;
  /** The first values of the first tensor, taken apart in its dtype (F64, F32, F16 or BF16). */
  first: { tensor: string; index: number; fileOffset: number; parts: FloatParts }[];
}

/** The anatomy of a file already read and checked by readSafetensors. */
export function anatomyOf(file: SafetensorsFile, bytes: Uint8Array, firstCount = 4): FileAnatomy {
  const dataStart = 8 + file.headerBytes;
  const tensors = file.tensors.map((t) => ({
    name: t.name,
    dtype: t.dtype,
    shape: t.shape,
    values: t.values.length,
    fileBegin: dataStart + t.begin,
    fileEnd: dataStart + t.end,
  }));
  const t0 = file.tensors[0];
  // Each value taken apart from its own bytes in the file, so that an F16 value shows its 2 bytes
  // (not the float32 it widens to).
  const size = t0 ? (FLOAT_LAYOUTS[t0.dtype]?.bytes ?? 4) : 0;
  const first = t0
    ? Array.from(t0.values.slice(0, firstCount), (_, i) => {
        const fileOffset = dataStart + t0.begin + i * size;
        const own = Array.from(bytes.subarray(fileOffset, fileOffset + size));
        return { tensor: t0.name, index: i, fileOffset, parts: floatPartsOfBytes(own, t0.dtype) };
      })
    : [];
  return {
    fileBytes: file.fileBytes,
    lengthBytes: Array.from(bytes.subarray(0, 8)),
    headerBytes: file.headerBytes,
    header: file.header,
    dataStart,
    tensors,
    totalValues: tensors.reduce((s, t) => s + t.values, 0),
    first,
  };
}
