/**
 * Seeded mutations of valid safetensors files: bytes overwritten (mostly in the length and the header,
 * where a change matters most), bytes inserted or deleted in the header, the length field changed, the
 * file cut. readSafetensors must return, never throw; what it accepts must be a file that holds
 * together (the tensors tile the data, each has as many values as its shape says), and what it refuses
 * must come with issues located in the file. Accepted files then go through gptValuesFromSafetensors
 * and anatomyOf, which must not throw either.
 *
 * FORMATS_REPORT=1 prints how many mutations were accepted and refused, by issue code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  Rng,
  anatomyOf,
  gptValuesFromSafetensors,
  readSafetensors,
  writeSafetensors,
  type IssueCode,
  type SafetensorsFile,
} from '../src/index';

const DIR = fileURLToPath(new URL('./fixtures/formats/', import.meta.url));

const BASES: [string, Uint8Array][] = [
  ['nanoGPT F64 (PyTorch)', new Uint8Array(readFileSync(`${DIR}nanogpt-f64.safetensors`))],
  ['nanoGPT BF16 (PyTorch)', new Uint8Array(readFileSync(`${DIR}nanogpt-bf16.safetensors`))],
  [
    'ours, F32 with metadata',
    writeSafetensors(
      [
        { name: 'W1', shape: [3, 2], values: [1, -2, 0.5, 0.25, -0.125, 3] },
        { name: 'b1', shape: [3], values: [0, 1e-3, -1e3] },
        { name: 's', shape: [], values: [7] },
      ],
      'F32',
      { format: 'unha-weights', kind: 'dense', layers: '[{"units":3}]' },
    ),
  ],
];
const CODES: IssueCode[] = [
  'truncated',
  'too_large',
  'too_deep',
  'empty',
  'encoding',
  'not_json',
  'wrong_type',
  'unknown_field',
  'missing',
  'unknown_value',
  'shape',
  'out_of_range',
];
const MUTATIONS = 1500;

function mutate(base: Uint8Array, rng: Rng): Uint8Array {
  const int = (n: number): number => Math.floor(rng.next() * n);
  const headerEnd = 8 + new DataView(base.buffer, base.byteOffset).getUint32(0, true);
  const kind = int(5);
  if (kind === 0) return base.slice(0, int(base.length));
  const b = base.slice();
  if (kind === 1) {
    // 1 to 4 bytes overwritten, 3 times in 4 inside the length or the header.
    for (let k = 1 + int(4); k > 0; k--) b[rng.next() < 0.75 ? int(headerEnd) : int(b.length)] = int(256);
    return b;
  }
  if (kind === 2) {
    // One of the header's digits, quotes, brackets or letters replaced by another of them.
    const ink = '0123456789[]{}",:FBdtypeshaofs_ -.e';
    const at = 8 + int(headerEnd - 8);
    b[at] = ink.charCodeAt(int(ink.length));
    return b;
  }
  if (kind === 3) {
    // A byte inserted or deleted inside the header: everything after it moves.
    const at = 8 + int(headerEnd - 8);
    const insert = rng.next() < 0.5;
    const out = new Uint8Array(b.length + (insert ? 1 : -1));
    out.set(b.subarray(0, at));
    if (insert) {
      out[at] = int(256);
      out.set(b.subarray(at), at + 1);
    } else out.set(b.subarray(at + 1), at);
    return out;
  }
  // The length field: a little off, or any 64-bit number.
  const view = new DataView(b.buffer);
  if (rng.next() < 0.5) view.setUint32(0, headerEnd - 8 + int(33) - 16, true);
  else {
    view.setUint32(0, int(2 ** 32), true);
    view.setUint32(4, int(2 ** 32), true);
  }
  return b;
}

/** What an accepted file must be: tensors tiling the data in order, values as many as their shapes say. */
function holdsTogether(f: SafetensorsFile): void {
  let at = 0;
  for (const t of f.tensors) {
    expect(t.begin).toBe(at);
    expect(t.values.length).toBe(t.shape.reduce((a, d) => a * d, 1));
    at = t.end;
  }
  expect(8 + f.headerBytes + at).toBe(f.fileBytes);
}

describe('seeded mutations of valid files', () => {
  test.each(BASES)('%s: every mutation is read or refused, never thrown', (name, base) => {
    expect(readSafetensors(base).ok).toBe(true);
    const rng = new Rng(12);
    const counts: Record<string, number> = {};
    for (let i = 0; i < MUTATIONS; i++) {
      const bytes = mutate(base, rng);
      let r: ReturnType<typeof readSafetensors>;
      try {
        r = readSafetensors(bytes);
      } catch (e) {
        throw new Error(`mutation ${i} threw: ${(e as Error).message}`, { cause: e });
      }
      if (r.ok) {
        counts.ok = (counts.ok ?? 0) + 1;
        holdsTogether(r.value);
        expect(() => gptValuesFromSafetensors(r.value, { layers: 2, width: 8, block: 8 }, 31)).not.toThrow();
        expect(() => anatomyOf(r.value, bytes)).not.toThrow();
      } else {
        expect(r.issues.length).toBeGreaterThan(0);
        for (const issue of r.issues) {
          counts[issue.code] = (counts[issue.code] ?? 0) + 1;
          expect(CODES).toContain(issue.code);
          expect(['header_size', 'header', 'data']).toContain(issue.path[0]);
        }
      }
    }
    if (process.env.FORMATS_REPORT) console.log(name, JSON.stringify(counts));
    // Both outcomes happen: the mutations reach the checks and the data.
    expect(counts.ok).toBeGreaterThan(0);
    expect(MUTATIONS - counts.ok).toBeGreaterThan(0);
  });
});
