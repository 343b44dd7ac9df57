/**
 * The safetensors codec against files made byte by byte here (formats-helpers.ts builds them with
 * DataView; every expected value below is worked out by hand in its comment, not by our code).
 */
import { describe, expect, test } from 'vitest';
import { anatomyOf, fromParts, readSafetensors, writeSafetensors, type SafetensorsFile } from '../src/index';
import { entry, headerOf, stFile, u16Bytes } from './formats-helpers';

function ok(bytes: Uint8Array): SafetensorsFile {
  const r = readSafetensors(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}
const same = (a: ArrayLike<number>, b: readonly number[]): boolean =>
  a.length === b.length && b.every((x, i) => Object.is(a[i], x));

// float16: 1 sign, 5 exponent (bias 15), 10 mantissa bits; subnormals are m·2^-24.
const F16: [number, number][] = [
  [0x0000, 0],
  [0x8000, -0],
  [0x3c00, 1], // e 15, m 0
  [0xbc00, -1],
  [0x3800, 0.5], // e 14
  [0xc100, -2.5], // 1 10000 0100000000: −(1 + 256/1024)·2
  [0x3555, 0.333251953125], // 0 01101 0101010101: (1 + 341/1024)·2^-2 = 1365/4096
  [0x4248, 3.140625], // 0 10000 1001001000: (1 + 584/1024)·2
  [0x7bff, 65504], // e 30, m 1023: (2 − 2^-10)·2^15, the largest
  [0x0400, 2 ** -14], // the smallest normal
  [0x03ff, 1023 * 2 ** -24], // the largest subnormal
  [0x0001, 2 ** -24], // the smallest subnormal
  [0x8001, -(2 ** -24)],
  [0x7c00, Infinity],
  [0xfc00, -Infinity],
  [0x7e00, NaN],
];

// bfloat16: the upper 16 bits of a float32 (1 sign, 8 exponent with bias 127, 7 mantissa bits).
const BF16: [number, number][] = [
  [0x0000, 0],
  [0x8000, -0],
  [0x3f80, 1], // e 127
  [0xbf80, -1],
  [0x3e80, 0.25], // e 125
  [0x4120, 10], // 0 10000010 0100000: (1 + 32/128)·2^3
  [0x4049, 3.140625], // 0 10000000 1001001: (1 + 73/128)·2
  [0x7f7f, 255 * 2 ** 120], // e 254, m 127: (2 − 2^-7)·2^127, the largest
  [0x0080, 2 ** -126], // the smallest normal
  [0x0001, 2 ** -133], // float32 bits 0x00010000: 2^16·2^-149, the smallest subnormal
  [0x7f80, Infinity],
  [0xff80, -Infinity],
  [0x7fc0, NaN],
];

describe('reading hand-made files', () => {
  test('the format README’s example header: one F16 tensor of shape [1, 16, 256]', () => {
    // 4096 values, 8192 bytes: the 16 patterns above, over and over.
    const bits = Array.from({ length: 4096 }, (_, i) => F16[i % 16][0]);
    const f = ok(stFile(headerOf({ TENSOR_NAME: entry('F16', [1, 16, 256], 0, 8192) }), u16Bytes(bits)));
    expect(f.tensors).toHaveLength(1);
    const t = f.tensors[0];
    expect([t.name, t.dtype, t.shape, t.begin, t.end]).toEqual(['TENSOR_NAME', 'F16', [1, 16, 256], 0, 8192]);
    expect(
      same(
        t.values,
        Array.from({ length: 4096 }, (_, i) => F16[i % 16][1]),
      ),
    ).toBe(true);
    expect(f.fileBytes).toBe(8 + f.headerBytes + 8192);
  });

  test('BF16 patterns widen to the float32 they are the top half of', () => {
    const f = ok(
      stFile(
        headerOf({ b: entry('BF16', [BF16.length], 0, 2 * BF16.length) }),
        u16Bytes(BF16.map((p) => p[0])),
      ),
    );
    expect(
      same(
        f.tensors[0].values,
        BF16.map((p) => p[1]),
      ),
    ).toBe(true);
  });

  test('F64 and F32 values from their bytes; the header’s order is not the data’s', () => {
    // "b" is listed first but its data comes second.
    const header = headerOf({ b: entry('F32', [2, 2], 16, 32), a: entry('F64', [2], 0, 16) });
    const data = [
      ...[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f], // 1.5 = 0x3FF8000000000000
      ...[0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0xbf], // −0.1 = 0xBFB999999999999A
      ...[0x00, 0x00, 0x80, 0x3f], // 1 = 0x3F800000
      ...[0x00, 0x00, 0x00, 0xc0], // −2 = 0xC0000000
      ...[0xcd, 0xcc, 0xcc, 0x3d], // 0.1f = 0x3DCCCCCD = 13421773·2^-27
      ...[0x01, 0x00, 0x00, 0x00], // 2^-149, the smallest float32 subnormal
    ];
    const f = ok(stFile(header, data));
    expect(f.tensors.map((t) => [t.name, t.begin, t.end])).toEqual([
      ['a', 0, 16],
      ['b', 16, 32],
    ]);
    expect(same(f.tensors[0].values, [1.5, -0.1])).toBe(true);
    expect(same(f.tensors[1].values, [1, -2, 13421773 * 2 ** -27, 2 ** -149])).toBe(true);
    expect(f.metadata).toEqual({});
    expect(f.header).toBe(header);
  });

  test('an odd header length puts F64 values off 8-byte boundaries; they still read', () => {
    // 1 space of padding keeps the JSON the same and shifts the data by one byte.
    const f = ok(stFile(`${headerOf({ x: entry('F64', [1], 0, 8) })} `, [0, 0, 0, 0, 0, 0, 0xf0, 0xbf]));
    expect((8 + f.headerBytes) % 8).not.toBe(0);
    expect(same(f.tensors[0].values, [-1])).toBe(true); // 0xBFF0000000000000
  });

  test('empty tensors and a scalar (shape []) are valid; metadata is read as texts', () => {
    const header = headerOf({
      __metadata__: JSON.stringify({ format: 'pt', note: 'ação', blank: '' }),
      empty: entry('F32', [0], 0, 0),
      wide: entry('F64', [2, 0, 3], 0, 0),
      scalar: entry('F32', [], 0, 4),
    });
    const f = ok(stFile(header, [0, 0, 0x40, 0x40])); // 3 = 0x40400000
    expect(f.metadata).toEqual({ format: 'pt', note: 'ação', blank: '' });
    const byName = Object.fromEntries(f.tensors.map((t) => [t.name, t]));
    expect(byName.empty.values).toHaveLength(0);
    expect(byName.wide.values).toHaveLength(0);
    expect(byName.scalar.shape).toEqual([]);
    expect(same(byName.scalar.values, [3])).toBe(true);
  });

  test('a metadata key "__proto__" and a tensor named "constructor" are names like any other', () => {
    const header = headerOf({
      __metadata__: '{"__proto__":"kept"}',
      constructor: entry('F32', [1], 0, 4),
    });
    const f = ok(stFile(header, [0, 0, 0x80, 0x3f]));
    expect(Object.keys(f.metadata)).toEqual(['__proto__']);
    expect(f.metadata.__proto__).toBe('kept');
    expect(f.tensors[0].name).toBe('constructor');
  });

  test('a file inside a larger buffer (a view at an offset) reads only its own bytes', () => {
    const file = stFile(headerOf({ x: entry('F32', [1], 0, 4) }), [0, 0, 0x80, 0x3f]);
    const big = new Uint8Array(file.length + 10).fill(0xee);
    big.set(file, 3);
    const f = ok(big.subarray(3, 3 + file.length));
    expect(same(f.tensors[0].values, [1])).toBe(true);
    expect(f.fileBytes).toBe(file.length);
  });
});

describe('writing: the bytes writeSafetensors makes', () => {
  test('F32 with metadata: length, header padded with spaces to 8 bytes, values little-endian', () => {
    const bytes = writeSafetensors([{ name: 'w', shape: [3], values: [1, -2, 0.1] }], 'F32', { k: 'v' });
    const json = '{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}';
    expect(json.length).toBe(80); // already a multiple of 8: no padding
    const want = [
      ...[80, 0, 0, 0, 0, 0, 0, 0],
      ...new TextEncoder().encode(json),
      ...[0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0xcd, 0xcc, 0xcc, 0x3d], // 1, −2, 0.1 rounded
    ];
    expect(Array.from(bytes)).toEqual(want);
  });

  test('F64 without metadata; a 79-byte header gets one space', () => {
    const bytes = writeSafetensors(
      [
        { name: 'a', shape: [1], values: [0.1] },
        { name: 'b', shape: [], values: [-0] },
      ],
      'F64',
    );
    const json =
      '{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[],"data_offsets":[8,16]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    expect(padded.length % 8).toBe(0);
    expect(Array.from(bytes)).toEqual([
      ...[padded.length, 0, 0, 0, 0, 0, 0, 0],
      ...new TextEncoder().encode(padded),
      ...[0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f], // 0.1 = 0x3FB999999999999A
      ...[0, 0, 0, 0, 0, 0, 0, 0x80], // −0: the sign bit alone
    ]);
  });

  test('refuses what it cannot write: values not matching the shape, a name twice', () => {
    expect(() => writeSafetensors([{ name: 'a', shape: [2], values: [1] }], 'F64')).toThrow(
      /1 values for shape \[2\]/,
    );
    const t = { name: 'a', shape: [1], values: [1] };
    expect(() => writeSafetensors([t, t], 'F64')).toThrow(/twice/);
    expect(() => writeSafetensors([{ ...t, name: '__metadata__' }], 'F64')).toThrow(/twice/);
  });

  test('names like "constructor", "toString" and "__proto__" are written and read back', () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
    const bytes = writeSafetensors(
      names.map((name, i) => ({ name, shape: [1], values: [i] })),
      'F32',
    );
    expect(ok(bytes).tensors.map((t) => [t.name, t.values[0]])).toEqual(names.map((n, i) => [n, i]));
  });
});

describe('the anatomy of a hand-made file', () => {
  test('length bytes, where the data starts, tensor places and the first values taken apart', () => {
    const header = headerOf({ w: entry('F32', [3], 0, 12) });
    const bytes = stFile(header, [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0xcd, 0xcc, 0xcc, 0x3d]);
    const a = anatomyOf(ok(bytes), bytes, 3);
    const n = header.length;
    expect(a.lengthBytes).toEqual([n, 0, 0, 0, 0, 0, 0, 0]);
    expect([a.headerBytes, a.dataStart, a.fileBytes, a.totalValues]).toEqual([n, 8 + n, 8 + n + 12, 3]);
    expect(a.tensors).toEqual([
      { name: 'w', dtype: 'F32', shape: [3], values: 3, fileBegin: 8 + n, fileEnd: 20 + n },
    ]);
    // 1: sign 0, exponent 127, mantissa 0. −2: sign 1, exponent 128, mantissa 0.
    // 0.1f = 0x3DCCCCCD: sign 0, exponent 0x7B = 123, mantissa 0x4CCCCD = 5033165.
    const parts = a.first.map((f) => [
      f.fileOffset,
      f.parts.sign,
      f.parts.exponent,
      f.parts.mantissa,
      f.parts.bytes,
    ]);
    expect(parts).toEqual([
      [8 + n, 0, 127, 0, [0x00, 0x00, 0x80, 0x3f]],
      [12 + n, 1, 128, 0, [0x00, 0x00, 0x00, 0xc0]],
      [16 + n, 0, 123, 5033165, [0xcd, 0xcc, 0xcc, 0x3d]],
    ]);
    expect(a.first[2].parts.bits).toBe('00111101110011001100110011001101');
    expect(a.first.map((f) => fromParts(f.parts))).toEqual([1, -2, Math.fround(0.1)]);
  });

  test('F16 and BF16 values are taken apart in their own 16 bits, as they lie in the file', () => {
    const bits = [0x3555, 0x0001, 0xc100]; // F16: 1365/4096, 2^-24, −2.5
    const f16 = stFile(headerOf({ h: entry('F16', [3], 0, 6) }), u16Bytes(bits));
    const a = anatomyOf(ok(f16), f16, 3);
    // 0 01101 0101010101: exponent 13 (bias 15), mantissa 341. 0 00000 0000000001: subnormal, mantissa 1.
    // 1 10000 0100000000: sign 1, exponent 16, mantissa 256.
    expect(
      a.first.map((f) => [f.parts.bytes, f.parts.bits, f.parts.sign, f.parts.exponent, f.parts.bias]),
    ).toEqual([
      [[0x55, 0x35], '0011010101010101', 0, 13, 15],
      [[0x01, 0x00], '0000000000000001', 0, 0, 15],
      [[0x00, 0xc1], '1100000100000000', 1, 16, 15],
    ]);
    expect(a.first.map((f) => [f.parts.mantissa, f.parts.mantissaBits, f.parts.kind])).toEqual([
      [341, 10, 'normal'],
      [1, 10, 'subnormal'],
      [256, 10, 'normal'],
    ]);
    expect(a.first.map((f) => fromParts(f.parts))).toEqual([0.333251953125, 2 ** -24, -2.5]);
    const bf = stFile(headerOf({ b: entry('BF16', [2], 0, 4) }), u16Bytes([0x4049, 0xff80]));
    const b = anatomyOf(ok(bf), bf, 2);
    // 0 10000000 1001001: exponent 128 (bias 127), mantissa 73 of 7 bits: (1 + 73/128)·2 = 3.140625.
    expect(
      b.first.map((f) => [f.parts.bytes, f.parts.exponent, f.parts.bias, f.parts.mantissa, f.parts.kind]),
    ).toEqual([
      [[0x49, 0x40], 128, 127, 73, 'normal'],
      [[0x80, 0xff], 255, 127, 0, 'infinity'],
    ]);
    expect(b.first.map((f) => fromParts(f.parts))).toEqual([3.140625, -Infinity]);
    // The bytes shown are the file's, at the offsets given.
    for (const [file, an] of [
      [f16, a],
      [bf, b],
    ] as const)
      for (const f of an.first)
        expect(f.parts.bytes).toEqual(Array.from(file.subarray(f.fileOffset, f.fileOffset + 2)));
  });
});
