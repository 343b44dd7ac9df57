import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth, padStart } from '../src/terminal';
import { unhaHere } from './run-cli';

// Widths by hand, from Unicode's tables: a combining mark (U+0301) takes no column; CJK ideographs
// (East Asian Width W) and emoji presentation take two; Latin letters one.
describe('display width', () => {
  it('counts columns, not code points', () => {
    expect(displayWidth('cafe\u0301')).toBe(4); // 5 code points
    expect(displayWidth('温度')).toBe(4); // 2 code points
    expect(displayWidth('👍')).toBe(2); // 1 code point, 2 UTF-16 units
    expect(displayWidth('ŷ')).toBe(1);
    expect(displayWidth('−0,5')).toBe(4);
  });
  it('measures control characters as they are shown: escaped', () => {
    expect(displayWidth('a\u001b')).toBe(1 + '\\u001b'.length);
  });
  it('pads to columns', () => {
    expect(padStart('cafe\u0301', 6)).toBe('  cafe\u0301');
    expect(padStart('温度', 6)).toBe('  温度');
    expect(padStart('温度', 3)).toBe('温度');
  });
});

describe('terminal tables line up with accents and wide characters', () => {
  it('predict: columns named 温度 and café (decomposed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unha-width-'));
    const csv = join(dir, 'w.csv');
    writeFileSync(csv, '温度,cafe\u0301,y\n1,2,3\n2,1,3\n3,3,6\n');
    const model = join(dir, 'm.json');
    expect((await unhaHere(['run', '--data', csv, '--epochs', '1', '--save', model])).code).toBe(0);
    const r = await unhaHere(['predict', model, '--input', '1,2', '--input', '3,4']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('#  '));
    // '#', then 温度 (4 columns), then café (4 columns), each value right-aligned under its name.
    expect(lines[head]).toMatch(/^# {2}温度 {2}cafe\u0301 {2}/);
    expect(lines[head + 1]).toMatch(/^─ {2}─{4} {2}─{4} {2}/);
    expect(lines[head + 2]).toMatch(/^1 {2} {3}1 {2} {3}2 {2}/);
    expect(lines[head + 3]).toMatch(/^2 {2} {3}3 {2} {3}4 {2}/);
  });
});
