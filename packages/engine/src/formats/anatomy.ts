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

/** A float32 (the value is rounded to the nearest float32 first) taken apart. */
export function float32Parts(x: number): FloatParts {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  const u = dv.getUint32(0, true);
  const bytes = [0, 1, 2, 3].map((i) => dv.getUint8(i));
  return parts(dv.getFloat32(0, true), bytes, u.toString(2).padStart(32, '0'), 8, 23);
}

/** A float64 taken apart. */
export function float64Parts(x: number): FloatParts {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  const bytes = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => dv.getUint8(i));
  const bits = bytes
    .slice()
    .reverse()
    .map((b) => b.toString(2).padStart(8, '0'))
    .join('');
  return parts(x, bytes, bits, 11, 52);
}

/** A float16 from its 16 bits (1 sign, 5 exponent with bias 15, 10 mantissa bits) taken apart. */
export function float16Parts(bits16: number): FloatParts {
  return partsOf16(bits16, 5, 10);
}

/** A bfloat16 from its 16 bits (the top half of a float32: 8 exponent bits, 7 mantissa bits) taken apart. */
export function bfloat16Parts(bits16: number): FloatParts {
  return partsOf16(bits16, 8, 7);
}

function partsOf16(bits16: number, eBits: number, mBits: number): FloatParts {
  const bits = (bits16 & 0xffff).toString(2).padStart(16, '0');
  const p = parts(0, [bits16 & 0xff, (bits16 >> 8) & 0xff], bits, eBits, mBits);
  return { ...p, value: fromParts(p) };
}

function parts(value: number, bytes: number[], bits: string, eBits: number, mBits: number): FloatParts {
  const sign = bits[0] === '1' ? 1 : 0;
  const exponent = parseInt(bits.slice(1, 1 + eBits), 2);
  const mantissa = parseInt(bits.slice(1 + eBits), 2);
  const max = 2 ** eBits - 1;
  const kind =
    exponent === max
      ? mantissa === 0
        ? 'infinity'
        : 'nan'
      : exponent === 0
        ? mantissa === 0
          ? 'zero'
          : 'subnormal'
        : 'normal';
  return {
    value,
    bytes,
    bits,
    sign,
    exponent,
    bias: 2 ** (eBits - 1) - 1,
    mantissa,
    mantissaBits: mBits,
    kind,
  };
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
  const size = t0 ? (t0.end - t0.begin) / Math.max(1, t0.values.length) : 0;
  // Each value taken apart in its own dtype, so that its bytes are the ones in the file (a float16 is
  // not the float32 it widens to).
  const partsAt = (v: number, at: number): FloatParts => {
    const bits16 = () => bytes[at] | (bytes[at + 1] << 8);
    if (t0.dtype === 'F64') return float64Parts(v);
    if (t0.dtype === 'F16') return float16Parts(bits16());
    if (t0.dtype === 'BF16') return bfloat16Parts(bits16());
    return float32Parts(v);
  };
  const first = t0
    ? Array.from(t0.values.slice(0, firstCount), (v, i) => {
        const fileOffset = dataStart + t0.begin + i * size;
        return { tensor: t0.name, index: i, fileOffset, parts: partsAt(v, fileOffset) };
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
