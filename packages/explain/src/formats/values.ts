import { type FloatParts, type SafetensorsFile, fromParts } from '@unha/engine';

/**
 * The values a reader meets first in a safetensors file, taken apart from the file's own bytes (so an
 * F16 or BF16 value shows its 2 bytes, not the float32 it widens to), walking on into the next tensor
 * when the first one is shorter than the count asked for: a one-neuron file shows W1[0] and then b1[0].
 */

/** Sign, exponent and mantissa bits of each dtype. */
export const FLOAT_FIELDS: Record<string, { bytes: number; exponent: number; mantissa: number }> = {
  F64: { bytes: 8, exponent: 11, mantissa: 52 },
  F32: { bytes: 4, exponent: 8, mantissa: 23 },
  F16: { bytes: 2, exponent: 5, mantissa: 10 },
  BF16: { bytes: 2, exponent: 8, mantissa: 7 },
};

/** A float taken apart from its little-endian bytes as they lie in the file. */
export function partsOfBytes(bytes: readonly number[], dtype: string): FloatParts {
  const f = FLOAT_FIELDS[dtype];
  if (!f || bytes.length !== f.bytes) throw new Error(`partsOfBytes: ${bytes.length} bytes of ${dtype}`);
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
  return { ...p, value: fromParts(p) };
}

export interface ShownValue {
  tensor: string;
  dtype: string;
  /** Its index in the tensor's row-major values. */
  index: number;
  /** Its first byte in the file. */
  fileOffset: number;
  parts: FloatParts;
}

/** The first `count` values of the file, tensor after tensor, read from `bytes` (the whole file). */
export function firstValues(file: SafetensorsFile, bytes: Uint8Array, count: number): ShownValue[] {
  const out: ShownValue[] = [];
  const dataStart = 8 + file.headerBytes;
  for (const t of file.tensors) {
    const size = FLOAT_FIELDS[t.dtype].bytes;
    for (let i = 0; i < t.values.length && out.length < count; i++) {
      const at = dataStart + t.begin + i * size;
      const parts = partsOfBytes(Array.from(bytes.subarray(at, at + size)), t.dtype);
      out.push({ tensor: t.name, dtype: t.dtype, index: i, fileOffset: at, parts });
    }
    if (out.length >= count) break;
  }
  return out;
}

/**
 * The value worth working out by hand: the first normal one with a mantissa that is not all zeros
 * (a 1.0 or a 0 shows little), else the first one.
 */
export function workedValue(values: readonly ShownValue[]): ShownValue | undefined {
  return values.find((v) => v.parts.kind === 'normal' && v.parts.mantissa !== 0) ?? values[0];
}
