/**
 * Every bad safetensors file gives exactly the expected issue (code, path into the file, what was expected,
 * what was found) and readSafetensors never throws. Files are made byte by byte (formats-helpers.ts).
 * The DataView the reader uses ends where the file ends, so a read past the end would throw: "never
 * throws" is also "never reads past the end".
 */
import { describe, expect, test } from 'vitest';
import { MAX_HEADER_BYTES, readSafetensors, type Issue } from '../src/index';
import { entry, headerOf, issuesOf, oneIssue as one, stFile } from './formats-helpers';

/** A valid file: a at [0, 8) F32 [2], an empty tensor at 8, b at [8, 24) F64 [2], c at [24, 26) F16 []. */
const HEADER = headerOf({
  __metadata__: '{"format":"pt"}',
  b: entry('F64', [2], 8, 24),
  a: entry('F32', [2], 0, 8),
  e: entry('F32', [0, 4], 8, 8),
  c: entry('F16', [], 24, 26),
});
const DATA = Array.from({ length: 26 }, (_, i) => (i * 37) & 0x7f);
const VALID = stFile(HEADER, DATA);
const N = new TextEncoder().encode(HEADER).length;

describe('a file cut short at every length', () => {
  test('the valid file itself reads', () => {
    expect(readSafetensors(VALID).ok).toBe(true);
  });

  test('each shorter prefix gives the one issue of where it ends', () => {
    // The tensors in data order with the end of their bytes (the empty one ends where it begins).
    const ends: [string, number][] = [
      ['a', 8],
      ['e', 8],
      ['b', 24],
      ['c', 26],
    ];
    for (let len = 0; len < VALID.length; len++) {
      const got = one(VALID.slice(0, len));
      let want: Issue;
      if (len < 8)
        want = {
          code: 'truncated',
          path: ['header_size'],
          expected: { key: 'bytes', n: 8, atLeast: true },
          found: { key: 'bytesThere', n: len, where: 'file' },
        };
      else if (len < 8 + N)
        want = {
          code: 'truncated',
          path: ['header'],
          expected: { key: 'announced', n: N },
          found: { key: 'bytesThere', n: len - 8, where: 'afterLength' },
        };
      else {
        const data = len - 8 - N;
        const [name, end] = ends.find(([, e]) => e > data)!;
        want = {
          code: 'truncated',
          path: ['header', name, 'data_offsets'],
          expected: { key: 'bytes', n: end, atLeast: false },
          found: { key: 'bytesThere', n: data, where: 'afterHeader' },
        };
      }
      expect(got, `length ${len}`).toEqual(want);
    }
  });
});

describe('the header length', () => {
  const at = (n: bigint, rest = 16): Issue => one(stFile(new Uint8Array(rest).fill(0x20), [], n));

  test.each([
    ['2^63', 2n ** 63n],
    ['2^64 − 1', 2n ** 64n - 1n],
    ['2^32 (the high word alone)', 2n ** 32n],
    ['the limit + 1', BigInt(MAX_HEADER_BYTES) + 1n],
  ])('%s is refused before anything is read or allocated', (_, n) => {
    // The length is quoted only when a number holds it exactly (2^63 would be shown as …776000).
    const needed = n <= BigInt(Number.MAX_SAFE_INTEGER) ? { needed: Number(n) } : {};
    expect(at(n)).toEqual({
      code: 'too_large',
      path: ['header_size'],
      expected: { key: 'limit', what: 'headerBytes', limit: MAX_HEADER_BYTES, ...needed },
    });
  });

  test('at the limit but longer than the file: truncated, not allocated', () => {
    expect(at(BigInt(MAX_HEADER_BYTES))).toEqual({
      code: 'truncated',
      path: ['header'],
      expected: { key: 'announced', n: MAX_HEADER_BYTES },
      found: { key: 'bytesThere', n: 16, where: 'afterLength' },
    });
  });

  test.each([0n, 1n])('%s bytes of header: empty', (n) => {
    expect(at(n)).toEqual({ code: 'empty', path: ['header'], expected: { key: 'object' } });
  });
});

describe('the header’s text', () => {
  const enc = (s: string): number[] => Array.from(new TextEncoder().encode(s));
  test.each([
    ['a byte 0xFF', [...enc('{"a'), 0xff, ...enc('":1}')]],
    ['an overlong "/" (C0 AF)', [...enc('{"'), 0xc0, 0xaf, ...enc('":1}')]],
    ['a surrogate encoded in 3 bytes (ED A0 80)', [...enc('{"'), 0xed, 0xa0, 0x80, ...enc('":1}')]],
    ['a sequence cut at the end (E2 82)', [...enc('{"a":1}'), 0xe2, 0x82]],
  ])('not UTF-8 (%s): encoding', (_, bytes) => {
    expect(one(stFile(Uint8Array.from(bytes)))).toEqual({
      code: 'encoding',
      path: ['header'],
      expected: { key: 'utf8' },
    });
  });

  test.each(['{ ', '{"a":}', 'hello', '{"a":1,}', '\ufeff{}'])(
    'not JSON (%j): not_json without JSON.parse’s English',
    (h) => {
      expect(one(stFile(h))).toEqual({ code: 'not_json', path: ['header'] });
    },
  );

  test.each(['[]', 'null', '"text"', '12'])('JSON but not an object (%s)', (h) => {
    expect(one(stFile(h))).toEqual({ code: 'wrong_type', path: ['header'], expected: { key: 'object' } });
  });

  test('nested 100 000 deep: too_deep at the first level past 4, no stack overflow', () => {
    const h = `{"a":{"shape":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expect(one(stFile(h))).toEqual({
      code: 'too_deep',
      path: ['header', 'a', 'shape', 0, 0],
      expected: { key: 'limit', what: 'depth', limit: 4 },
    });
  });
});

describe('__metadata__', () => {
  test('a value that is not a text: located at its key, shown as JSON', () => {
    const issues = issuesOf(stFile('{"__metadata__":{"ok":"yes","n":1,"list":["x"]}}'));
    expect(issues).toEqual([
      { code: 'wrong_type', path: ['header', '__metadata__', 'n'], expected: { key: 'text' }, received: '1' },
      {
        code: 'wrong_type',
        path: ['header', '__metadata__', 'list'],
        expected: { key: 'text' },
        received: '["x"]',
      },
    ]);
  });

  test.each(['"text"', '[]', 'null', '3'])('not an object (%s)', (m) => {
    expect(one(stFile(`{"__metadata__":${m}}`))).toEqual({
      code: 'wrong_type',
      path: ['header', '__metadata__'],
      expected: { key: 'textMap' },
    });
  });
});
