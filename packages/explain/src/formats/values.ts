import { FLOAT_LAYOUTS, type FloatParts, type SafetensorsFile, floatPartsOfBytes } from '@unha/engine';

/**
 * The values a reader meets first in a safetensors file, taken apart from the file's own bytes (so an
 * F16 or BF16 value shows its 2 bytes, not the float32 it widens to), walking on into the next tensor
 * when the first one is shorter than the count asked for: a one-neuron file shows W1[0] and then b1[0].
 */

/** Sign, exponent and mantissa bits of each dtype (the engine's table, under the name the web lab uses). */
export const FLOAT_FIELDS = FLOAT_LAYOUTS;

/** A float taken apart from its little-endian bytes as they lie in the file (the engine does it). */
export function partsOfBytes(bytes: readonly number[], dtype: string): FloatParts {
  return floatPartsOfBytes(bytes, dtype);
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
