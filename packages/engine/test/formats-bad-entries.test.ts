/**
 * Bad tensor entries and offsets that lie about the data: each gives exactly its issue (code, path into
 * the header, what was expected, what was found), every bad entry reported, none thrown. Files are made
 * byte by byte (formats-helpers.ts).
 */
import { describe, expect, test } from 'vitest';
import { MAX_FILE_VALUES, readSafetensors, type Issue } from '../src/index';
import { entry, headerOf, issuesOf, stFile } from './formats-helpers';

describe('a tensor’s entry', () => {
  const FIELDS = ['dtype', 'shape', 'data_offsets'];
  const bad = (e: string, data: number[] = []): Issue[] => issuesOf(stFile(`{"t":${e}}`, data));

  test.each(['5', '"F32"', '[]', 'null'])('not an object (%s)', (e) => {
    expect(bad(e)).toEqual([
      { code: 'wrong_type', path: ['header', 't'], expected: { key: 'objectWith', fields: FIELDS } },
    ]);
  });

  test.each(['I64', 'F8_E4M3', 'float32', 'f32', 'U8', 'BOOL'])('dtype %s: unknown', (d) => {
    expect(bad(entry(d, [1], 0, 4), [0, 0, 0, 0])).toEqual([
      {
        code: 'unknown_value',
        path: ['header', 't', 'dtype'],
        received: JSON.stringify(d),
        expected: { key: 'oneOf', values: ['F64', 'F32', 'F16', 'BF16'] },
      },
    ]);
  });

  test('dtype missing; a field the format does not have', () => {
    expect(bad('{"shape":[1],"data_offsets":[0,4],"offsets":[0,4]}', [0, 0, 0, 0])).toEqual([
      {
        code: 'unknown_field',
        path: ['header', 't', 'offsets'],
        expected: { key: 'fields', values: FIELDS },
      },
      {
        code: 'missing',
        path: ['header', 't', 'dtype'],
        expected: { key: 'oneOf', values: ['F64', 'F32', 'F16', 'BF16'] },
      },
    ]);
  });

  test.each([
    ['"2"', '"2"'],
    ['[-1]', '[-1]'],
    ['[1.5]', '[1.5]'],
    ['[1e300]', '[1e+300]'],
    ['[9007199254740993]', '[9007199254740992]'],
    ['["2"]', '["2"]'],
    ['null', 'null'],
  ])('shape %s: not whole numbers ≥ 0', (s, shown) => {
    expect(bad(`{"dtype":"F32","shape":${s},"data_offsets":[0,4]}`, [0, 0, 0, 0])).toEqual([
      { code: 'wrong_type', path: ['header', 't', 'shape'], expected: { key: 'dims' }, received: shown },
    ]);
  });

  test('five dimensions: over the limit of 4', () => {
    expect(bad(entry('F32', [1, 1, 1, 1, 1], 0, 4), [0, 0, 0, 0])).toEqual([
      {
        code: 'too_large',
        path: ['header', 't', 'shape'],
        expected: { key: 'limit', what: 'dims', limit: 4, needed: 5 },
      },
    ]);
  });

  test.each([
    ['[0]', '[0]'],
    ['[0,4,8]', '[0,4,8]'],
    ['[4,0]', '[4,0]'],
    ['[-4,0]', '[-4,0]'],
    ['[0,4.5]', '[0,4.5]'],
    ['[0,"4"]', '[0,"4"]'],
    ['{"begin":0,"end":4}', '{"begin":0,"end":4}'],
  ])('data_offsets %s: not [begin, end] with begin ≤ end', (o, shown) => {
    expect(bad(`{"dtype":"F32","shape":[1],"data_offsets":${o}}`, [0, 0, 0, 0])).toEqual([
      {
        code: 'wrong_type',
        path: ['header', 't', 'data_offsets'],
        expected: { key: 'offsets' },
        received: shown,
      },
    ]);
  });

  test.each([
    ['F32', [3], 8, 12],
    ['F64', [2, 2], 24, 32],
    ['F16', [5], 8, 10],
    ['BF16', [2, 3], 6, 12],
  ] as const)('%s of shape %j in %i bytes: the shape does not fit its bytes', (dtype, shape, n, want) => {
    expect(bad(entry(dtype, [...shape], 0, n), new Array<number>(n).fill(0))).toEqual([
      {
        code: 'shape',
        path: ['header', 't', 'data_offsets'],
        expected: { key: 'bytes', n: want, shape, dtype },
        found: { key: 'bytes', n },
      },
    ]);
  });

  test('a shape whose product overflows (2^40 × 2^40) is a mismatch, not a huge allocation', () => {
    const issue = bad(entry('F64', [2 ** 40, 2 ** 40], 0, 8), new Array<number>(8).fill(0))[0];
    expect([issue.code, issue.path]).toEqual(['shape', ['header', 't', 'data_offsets']]);
  });

  test('a value shown in a message is cut at 40 characters, bidi controls escaped', () => {
    // show() cuts the JSON text at 37 characters (the quote, 10 x, U+202E, 25 y), adds "..." and escapes U+202E.
    const d = `${'x'.repeat(10)}\u202e${'y'.repeat(100)}`;
    const [issue] = bad(entry(d, [1], 0, 4), [0, 0, 0, 0]);
    expect(issue.received).toBe(`"${'x'.repeat(10)}\\u202e${'y'.repeat(25)}...`);
  });
});

describe('offsets that lie about the data', () => {
  const lay = (entries: Record<string, string>, dataBytes: number): Issue[] =>
    issuesOf(stFile(headerOf(entries), new Array<number>(dataBytes).fill(0)));

  test('a gap before the first tensor', () => {
    expect(lay({ a: entry('F32', [1], 4, 8) }, 8)).toEqual([
      {
        code: 'out_of_range',
        path: ['header', 'a', 'data_offsets'],
        received: '[4,8]',
        expected: { key: 'offsetFrom', n: 0 },
      },
    ]);
  });

  test('a gap between two tensors', () => {
    expect(lay({ a: entry('F32', [1], 0, 4), b: entry('F32', [1], 8, 12) }, 12)).toEqual([
      {
        code: 'out_of_range',
        path: ['header', 'b', 'data_offsets'],
        received: '[8,12]',
        expected: { key: 'offsetFrom', n: 4 },
      },
    ]);
  });

  test('two tensors over the same bytes, and one overlapping another', () => {
    expect(lay({ a: entry('F32', [2], 0, 8), b: entry('F32', [2], 0, 8) }, 8)).toEqual([
      {
        code: 'out_of_range',
        path: ['header', 'b', 'data_offsets'],
        received: '[0,8]',
        expected: { key: 'offsetFrom', n: 8 },
      },
    ]);
    expect(lay({ a: entry('F32', [2], 0, 8), b: entry('F32', [2], 4, 12) }, 12)).toEqual([
      {
        code: 'out_of_range',
        path: ['header', 'b', 'data_offsets'],
        received: '[4,12]',
        expected: { key: 'offsetFrom', n: 8 },
      },
    ]);
  });

  test('bytes after the last tensor (a polyglot file): the data’s size is wrong', () => {
    expect(lay({ a: entry('F32', [1], 0, 4) }, 9)).toEqual([
      { code: 'shape', path: ['data'], expected: { key: 'bytes', n: 4 }, found: { key: 'bytes', n: 9 } },
    ]);
  });

  test('offsets past the end of the file', () => {
    expect(lay({ a: entry('F64', [1000], 0, 8000) }, 16)).toEqual([
      {
        code: 'truncated',
        path: ['header', 'a', 'data_offsets'],
        expected: { key: 'bytes', n: 8000, atLeast: false },
        found: { key: 'bytesThere', n: 16, where: 'afterHeader' },
      },
    ]);
  });

  test('more values than one file may hold: refused from the header, before the (missing) data', () => {
    const n = MAX_FILE_VALUES + 1;
    expect(lay({ a: entry('F16', [n], 0, 2 * n) }, 0)).toEqual([
      {
        code: 'too_large',
        path: ['header'],
        expected: { key: 'limit', what: 'fileValues', limit: MAX_FILE_VALUES, needed: n },
      },
    ]);
    // The limit is the sum over tensors, and a caller may lower it.
    const two = stFile(
      headerOf({ a: entry('F32', [3], 0, 12), b: entry('F32', [3], 12, 24) }),
      new Array<number>(24).fill(0),
    );
    expect(readSafetensors(two, 6).ok).toBe(true);
    expect(readSafetensors(two, 5)).toEqual({
      ok: false,
      issues: [
        {
          code: 'too_large',
          path: ['header'],
          expected: { key: 'limit', what: 'fileValues', limit: 5, needed: 6 },
        },
      ],
    });
  });

  test('every bad entry is reported, not only the first', () => {
    const issues = lay(
      { a: entry('I8', [1], 0, 1), b: entry('F32', [-1], 0, 4), c: entry('F32', [1], 0, 4) },
      4,
    );
    expect(issues.map((i) => i.path.join('.'))).toEqual(['header.a.dtype', 'header.b.shape']);
  });
});
