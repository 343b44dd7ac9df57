/**
 * Every float16 and bfloat16 bit pattern (2 × 65536) read by readSafetensors from a file made here, against
 * torch: fixtures/formats/make_16bit_fixture.py widens the same patterns with tensor.double() and keeps a
 * SHA-256 of the 65536 float64 values (8 little-endian bytes each, every NaN as 0x7FF8000000000000) and
 * how many are NaN, infinite, zero and subnormal. Equal hashes: every value equal, to the bit, sign of
 * zero included.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readSafetensors } from '../src/index';
import { entry, headerOf, stFile } from './formats-helpers';

const DIR = fileURLToPath(new URL('./fixtures/formats/', import.meta.url));
interface Summary {
  sha256: string;
  nan: number;
  infinite: number;
  zero: number;
  subnormal: number;
  max: number;
}
const expected = JSON.parse(readFileSync(`${DIR}all16.expected.json`, 'utf8')) as Record<
  'F16' | 'BF16',
  Summary
>;

/** The patterns 0x0000..0xFFFF in order, little-endian, as one tensor of that dtype. */
function allPatterns(dtype: 'F16' | 'BF16'): Float64Array {
  const data = new Uint8Array(2 * 65536);
  const view = new DataView(data.buffer);
  for (let b = 0; b < 65536; b++) view.setUint16(2 * b, b, true);
  const r = readSafetensors(stFile(headerOf({ all: entry(dtype, [65536], 0, data.length) }), data));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value.tensors[0].values;
}

function summary(values: Float64Array, smallestNormal: number): Summary {
  const raw = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      raw.setUint32(8 * i, 0, true);
      raw.setUint32(8 * i + 4, 0x7ff80000, true);
    } else raw.setFloat64(8 * i, v, true);
  });
  const finite = Array.from(values).filter(Number.isFinite);
  return {
    sha256: createHash('sha256').update(new Uint8Array(raw.buffer)).digest('hex'),
    nan: values.filter(Number.isNaN).length,
    infinite: values.filter((v) => v === Infinity || v === -Infinity).length,
    zero: values.filter((v) => v === 0).length,
    subnormal: values.filter((v) => v !== 0 && Math.abs(v) < smallestNormal).length,
    max: Math.max(...finite),
  };
}

describe('all 65536 patterns of each 16-bit dtype, as torch widens them', () => {
  test('F16', () => {
    expect(summary(allPatterns('F16'), 2 ** -14)).toEqual(expected.F16);
  });
  test('BF16', () => {
    expect(summary(allPatterns('BF16'), 2 ** -126)).toEqual(expected.BF16);
  });
});
